// Stage 3 — metrics: technical indicators on the historical prices, and risk /
// return statistics per ticker for history and for every scenario.
//
//   node steps/metrics.mjs --date 2024-06-28 [--lookback 60] [--risk-free 0.04]
//
// Requires market_data, scenario_definitions and scenario_timeseries; provides
// technical_indicators (indicators.parquet: one row per trading date and
// ticker) and statistical_metrics (stats.parquet: one row per scenario and
// ticker, `historical` for the price history, EQUAL_WEIGHT for the basket).
import { parseArgs, intOption, fail, log, returnsOf, stdev, mean, sma, rsi, performance } from './lib.mjs';
import { openDuck, inputDir, outputDir, readMarketData, readScenarioDefinitions, readScenarioPaths, writeTable, finishOutputs } from './datasets.mjs';

const STAGE = 'metrics';

const opts = parseArgs(process.argv.slice(2), { lookback: '60', 'risk-free': '0.04' });
const lookback = intOption(opts, 'lookback', 5);
const riskFree = Number(opts['risk-free']);
if (!Number.isFinite(riskFree)) fail(`ValueError: --risk-free must be a number, got "${opts['risk-free']}"`);

const dataDir = inputDir({ stage: STAGE, name: 'market_data', date: opts.date, producer: 'data' });
const defsDir = inputDir({ stage: STAGE, name: 'scenario_definitions', date: opts.date, producer: 'scenarios' });
const pathsDir = inputDir({ stage: STAGE, name: 'scenario_timeseries', date: opts.date, producer: 'scenarios' });

const duck = await openDuck();
const { tickers, dates, series: history } = await readMarketData(duck.conn, dataDir);
const definitions = await readScenarioDefinitions(duck.conn, defsDir);
log(STAGE, `loaded ${tickers.length} tickers x ${dates.length} days and ${definitions.length} scenarios`);

/** Rolling annualised volatility of daily returns over `window` days. */
function rollingVol(values, window) {
  const rets = returnsOf(values);
  return values.map((_, i) => (i >= window ? stdev(rets.slice(i - window, i)) * Math.sqrt(252) : null));
}

// Technical indicators, one row per (date, ticker).
const indicatorRows = [];
const historical = {};
tickers.forEach((ticker, i) => {
  const close = history[i];
  const sma20 = sma(close, 20);
  const sma50 = sma(close, 50);
  const sma200 = sma(close, 200);
  const rsi14 = rsi(close, 14);
  const vol = rollingVol(close, lookback);
  close.forEach((c, d) => {
    indicatorRows.push([dates[d], ticker, c, d === 0 ? null : c / close[d - 1] - 1, sma20[d], sma50[d], sma200[d], rsi14[d], vol[d]]);
  });
  const last = close.length - 1;
  historical[ticker] = {
    ...performance(close, riskFree),
    [`momentum_${lookback}d`]: close[last] / close[last - lookback] - 1,
    [`vol_${lookback}d`]: vol[last],
    rsi_14: rsi14[last],
    sma_50: sma50[last],
    sma_200: sma200[last],
    trend: sma50[last] > sma200[last] ? 'up' : 'down',
  };
});
log(STAGE, `computed SMA20/50/200, RSI14, ${lookback}d vol for ${tickers.length} tickers (${indicatorRows.length} rows)`);

/** Mean pairwise correlation of daily returns: a one-number diversification gauge. */
function averageCorrelation(seriesList) {
  const rets = seriesList.map(returnsOf);
  const z = rets.map((r) => {
    const m = mean(r);
    const s = stdev(r) || 1;
    return r.map((x) => (x - m) / s);
  });
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < z.length; a++) {
    for (let b = a + 1; b < z.length; b++) {
      sum += z[a].reduce((acc, x, k) => acc + x * z[b][k], 0) / (z[a].length - 1);
      pairs++;
    }
  }
  return pairs ? sum / pairs : 0;
}

// Per-scenario statistics, per ticker and for an equal-weight basket.
const scenarioPaths = await readScenarioPaths(duck.conn, pathsDir);
if (scenarioPaths.tickers.join() !== tickers.join()) fail(`ValueError: scenario_timeseries holds tickers ${scenarioPaths.tickers.join(', ')}, market_data ${tickers.join(', ')}`);
const scenarios = {};
for (const def of definitions) {
  const paths = scenarioPaths.paths.get(def.id);
  if (!paths) fail(`ValueError: scenario "${def.id}" is defined but has no rows in scenario_timeseries`);
  const perTicker = Object.fromEntries(tickers.map((t, i) => [t, performance(paths[i], riskFree)]));
  const basket = paths[0].map((_, d) => mean(paths.map((p) => p[d] / p[0])));
  scenarios[def.id] = { kind: def.kind, equal_weight: performance(basket, riskFree), avg_correlation: averageCorrelation(paths), tickers: perTicker };
}
const worst = Object.entries(scenarios).sort((a, b) => a[1].equal_weight.total_return - b[1].equal_weight.total_return)[0];
log(STAGE, `scenario stats done; worst equal-weight outcome: ${worst[0]} ${(worst[1].equal_weight.total_return * 100).toFixed(1)}%`);

const PERF = ['total_return', 'ann_return', 'ann_vol', 'sharpe', 'max_drawdown'];
const statRows = [];
const statRow = (scenario, kind, ticker, perf, extra = {}) =>
  statRows.push([scenario, kind, ticker, ...PERF.map((k) => perf[k]), extra.momentum, extra.rolling_vol, extra.rsi_14, extra.sma_50, extra.sma_200, extra.trend, extra.avg_correlation, lookback, riskFree]);
for (const [ticker, h] of Object.entries(historical)) {
  statRow('historical', 'historical', ticker, h, { momentum: h[`momentum_${lookback}d`], rolling_vol: h[`vol_${lookback}d`], rsi_14: h.rsi_14, sma_50: h.sma_50, sma_200: h.sma_200, trend: h.trend });
}
for (const [id, s] of Object.entries(scenarios)) {
  statRow(id, s.kind, 'EQUAL_WEIGHT', s.equal_weight, { avg_correlation: s.avg_correlation });
  for (const [ticker, perf] of Object.entries(s.tickers)) statRow(id, s.kind, ticker, perf);
}

await writeTable(
  duck.conn,
  outputDir('technical_indicators', opts.date),
  'indicators',
  [['trade_date', 'DATE'], ['ticker', 'VARCHAR'], ['close', 'DOUBLE'], ['return', 'DOUBLE'], ['sma_20', 'DOUBLE'], ['sma_50', 'DOUBLE'], ['sma_200', 'DOUBLE'], ['rsi_14', 'DOUBLE'], ['rolling_vol', 'DOUBLE']],
  indicatorRows,
);
await writeTable(
  duck.conn,
  outputDir('statistical_metrics', opts.date),
  'stats',
  [
    ['scenario', 'VARCHAR'], ['kind', 'VARCHAR'], ['ticker', 'VARCHAR'], ...PERF.map((k) => [k, 'DOUBLE']),
    ['momentum', 'DOUBLE'], ['rolling_vol', 'DOUBLE'], ['rsi_14', 'DOUBLE'], ['sma_50', 'DOUBLE'], ['sma_200', 'DOUBLE'], ['trend', 'VARCHAR'], ['avg_correlation', 'DOUBLE'],
    ['lookback', 'INTEGER'], ['risk_free', 'DOUBLE'],
  ],
  statRows,
);
duck.close();
finishOutputs();
log(STAGE, `wrote technical_indicators (${indicatorRows.length} rows) and statistical_metrics (${statRows.length} rows)`);
