// Stage 3 — metrics: technical indicators on the historical prices, and risk /
// return statistics per ticker for history and for every scenario.
//
//   node steps/metrics.mjs --date 2024-06-28 [--lookback 60] [--risk-free 0.04]
//
// Requires market_data (data/) and scenario_definitions (scenarios/); writes
// <data>/<date>/metrics/{technical_indicators.csv, statistical_metrics.json, manifest.json}.
import path from 'node:path';
import { parseArgs, intOption, fail, log, requireUpstream, readCsv, readJson, stageDir, writeCsv, writeJson, writeManifest, returnsOf, stdev, mean, sma, rsi, performance } from './lib.mjs';

const STAGE = 'metrics';

const opts = parseArgs(process.argv.slice(2), { lookback: '60', 'risk-free': '0.04' });
const lookback = intOption(opts, 'lookback', 5);
const riskFree = Number(opts['risk-free']);
if (!Number.isFinite(riskFree)) fail(`ValueError: --risk-free must be a number, got "${opts['risk-free']}"`);

const dataDir = requireUpstream({ stage: STAGE, date: opts.date, upstream: 'data', asset: 'market_data', files: ['prices.csv'] });
const scenDir = requireUpstream({ stage: STAGE, date: opts.date, upstream: 'scenarios', asset: 'scenario_definitions', files: ['scenario_definitions.json', 'scenario_timeseries.csv'] });

const prices = readCsv(path.join(dataDir, 'prices.csv'));
const tickers = prices.header.slice(1);
const dates = prices.rows.map((r) => r[0]);
const history = tickers.map((_, i) => prices.rows.map((r) => r[i + 1]));
const definitions = readJson(path.join(scenDir, 'scenario_definitions.json'));
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
    indicatorRows.push([dates[d], ticker, c, d === 0 ? '' : c / close[d - 1] - 1, sma20[d] ?? '', sma50[d] ?? '', sma200[d] ?? '', rsi14[d] ?? '', vol[d] ?? '']);
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
const ts = readCsv(path.join(scenDir, 'scenario_timeseries.csv'));
const byScenario = new Map();
for (const row of ts.rows) {
  if (!byScenario.has(row[0])) byScenario.set(row[0], tickers.map(() => []));
  row.slice(2).forEach((p, i) => byScenario.get(row[0])[i].push(p));
}
const scenarios = {};
for (const def of definitions) {
  const paths = byScenario.get(def.id);
  if (!paths) fail(`ValueError: scenario "${def.id}" is defined but has no rows in scenario_timeseries.csv`);
  const perTicker = Object.fromEntries(tickers.map((t, i) => [t, performance(paths[i], riskFree)]));
  const basket = paths[0].map((_, d) => mean(paths.map((p) => p[d] / p[0])));
  scenarios[def.id] = { kind: def.kind, equal_weight: performance(basket, riskFree), avg_correlation: averageCorrelation(paths), tickers: perTicker };
}
const worst = Object.entries(scenarios).sort((a, b) => a[1].equal_weight.total_return - b[1].equal_weight.total_return)[0];
log(STAGE, `scenario stats done; worst equal-weight outcome: ${worst[0]} ${(worst[1].equal_weight.total_return * 100).toFixed(1)}%`);

const outDir = stageDir(opts.date, STAGE);
writeCsv(path.join(outDir, 'technical_indicators.csv'), ['date', 'ticker', 'close', 'return', 'sma_20', 'sma_50', 'sma_200', 'rsi_14', `vol_${lookback}d`], indicatorRows);
writeJson(path.join(outDir, 'statistical_metrics.json'), { date: opts.date, risk_free: riskFree, lookback, historical, scenarios });
writeManifest({ stage: STAGE, date: opts.date, dir: outDir, provides: ['technical_indicators', 'statistical_metrics'], files: ['technical_indicators.csv', 'statistical_metrics.json'], extra: { lookback, risk_free: riskFree } });
log(STAGE, `done -> ${outDir}`);
