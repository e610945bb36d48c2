// Strategy trial — a moving-average trend filter on every ticker of the
// universe, equal weight: a ticker's sleeve is long while its close is above
// its SMA(window) by more than `threshold` (a fraction), in cash (earning the
// risk-free rate) otherwise; the signal of day d is traded at its close, 5bp
// per unit traded. The `ma_grid` sweep varies window × threshold.
//
//   node steps/strategy.mjs --date 2024-06-28 [--window 50] [--threshold 0.01] [--risk-free 0.04]
//
// Requires market_data. Writes {sharpe, total_return, …} as JSON to
// $TICKWORK_METRICS_FILE when set (a sweep trial), and prints it either way.
import { parseArgs, intOption, fail, log, writeAtomic, sma, performance } from './lib.mjs';
import { openDuck, inputDir, readMarketData } from './datasets.mjs';

const STAGE = 'strategy';
const COST = 0.0005;

const opts = parseArgs(process.argv.slice(2), { window: '50', threshold: '0', 'risk-free': '0.04' });
const window = intOption(opts, 'window', 2);
const threshold = Number(opts.threshold);
if (!Number.isFinite(threshold) || threshold < 0 || threshold >= 1) fail(`ValueError: --threshold must be a fraction in [0, 1), got "${opts.threshold}"`);
const riskFree = Number(opts['risk-free']);
if (!Number.isFinite(riskFree)) fail(`ValueError: --risk-free must be a number, got "${opts['risk-free']}"`);

const dataDir = inputDir({ stage: STAGE, name: 'market_data', date: opts.date, producer: 'data' });
const duck = await openDuck();
const { tickers, dates, series } = await readMarketData(duck.conn, dataDir);
duck.close();
if (dates.length <= window + 1) fail(`ValueError: need more than ${window + 1} trading days for a ${window}-day window, got ${dates.length}`);

/** One sleeve per ticker: its equity curve (from the first day the SMA exists), days invested and trades. */
function sleeve(close) {
  const average = sma(close, window);
  let equity = 1;
  let long = false;
  let trades = 0;
  let invested = 0;
  const curve = [1];
  for (let d = window - 1; d < close.length - 1; d++) {
    const want = close[d] > average[d] * (1 + threshold);
    if (want !== long) {
      equity *= 1 - COST;
      trades++;
      long = want;
    }
    if (long) invested++;
    equity *= long ? close[d + 1] / close[d] : 1 + riskFree / 252;
    curve.push(equity);
  }
  return { curve, trades, invested };
}

const sleeves = series.map(sleeve);
const portfolio = sleeves[0].curve.map((_, d) => sleeves.reduce((s, x) => s + x.curve[d], 0) / sleeves.length);
const perf = performance(portfolio, riskFree);
const days = portfolio.length - 1;
const metrics = {
  sharpe: perf.sharpe,
  total_return: perf.total_return,
  ann_vol: perf.ann_vol,
  max_drawdown: perf.max_drawdown,
  time_in_market: sleeves.reduce((s, x) => s + x.invested, 0) / (sleeves.length * days),
  trades: sleeves.reduce((s, x) => s + x.trades, 0),
};
log(STAGE, `window ${window}, threshold ${threshold}: ${tickers.length} tickers x ${days} days, Sharpe ${metrics.sharpe.toFixed(3)}, total return ${(metrics.total_return * 100).toFixed(2)}%, ${metrics.trades} trades`);
const file = process.env.TICKWORK_METRICS_FILE;
if (file) writeAtomic(file, `${JSON.stringify(metrics)}\n`);
process.stdout.write(`${JSON.stringify({ window, threshold, ...metrics })}\n`);
