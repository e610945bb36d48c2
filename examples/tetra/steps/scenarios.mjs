// Stage 2 — scenarios: turns the market data into forward-looking price paths.
//   * historical windows: the most recent window and the worst window on record
//   * shocks: a 2008-like crash and a +200bp rate shock, applied by market beta
//     and sector sensitivity
//   * bootstrap paths: block-resampled historical returns (all tickers move
//     together, so correlations survive)
//
//   node steps/scenarios.mjs --date 2024-06-28 [--horizon 126] [--paths 5]
//
// Requires market_data; provides scenario_definitions (definitions.parquet:
// scenario, kind, description, horizon_days, parameters as JSON text) and
// scenario_timeseries (paths.parquet: scenario, day, ticker, price).
import { parseArgs, intOption, log, hashSeed, makeRng, returnsOf, stdev } from './lib.mjs';
import { openDuck, inputDir, outputDir, readMarketData, writeTable, finishOutputs } from './datasets.mjs';

const STAGE = 'scenarios';

/** Immediate repricing of each sector when rates jump 200bp (fraction). */
const RATE_SHOCK_GAP = { Technology: -0.12, Financials: 0.02, Energy: -0.03, Healthcare: -0.05, Consumer: -0.07, Utilities: -0.09, Industrials: -0.06 };

const opts = parseArgs(process.argv.slice(2), { horizon: '126', paths: '5' });
const horizon = intOption(opts, 'horizon', 20);
const nPaths = intOption(opts, 'paths', 0);

const dataDir = inputDir({ stage: STAGE, name: 'market_data', date: opts.date, producer: 'data' });
const duck = await openDuck();
const { tickers, dates, series, universe } = await readMarketData(duck.conn, dataDir);
if (dates.length < horizon + 1) {
  process.stderr.write(`ValueError: need at least ${horizon + 1} days of prices for a ${horizon}-day horizon, got ${dates.length}\n`);
  process.exit(1);
}
log(STAGE, `loaded ${tickers.length} tickers x ${dates.length} days from ${dataDir}`);

const rng = makeRng(hashSeed(`${opts.date}/${STAGE}`));
const lastClose = series.map((s) => s[s.length - 1]);
const histReturns = series.map(returnsOf); // [ticker][day]
const definitions = [];
const paths = []; // { id, prices: [ticker][day] }

/** Records a scenario and its price paths (day 0 = starting prices). */
function addScenario(def, prices) {
  definitions.push({ ...def, horizon_days: horizon });
  paths.push({ id: def.id, prices });
}

/** A historical window, re-based so day 0 is today's close. */
function historicalWindow(start) {
  return series.map((s, i) => s.slice(start, start + horizon + 1).map((p) => (p / s[start]) * lastClose[i]));
}

// Historical: the most recent window, and the window with the worst equal-weight return.
addScenario({ id: 'hist_recent', kind: 'historical', description: `Replay of the last ${horizon} trading days` }, historicalWindow(dates.length - horizon - 1));
let worstStart = 0;
let worstReturn = Infinity;
for (let start = 0; start + horizon < dates.length; start++) {
  const r = series.reduce((sum, s) => sum + s[start + horizon] / s[start] - 1, 0) / series.length;
  if (r < worstReturn) [worstStart, worstReturn] = [start, r];
}
addScenario(
  { id: 'hist_worst', kind: 'historical', description: `Replay of the worst ${horizon}-day window on record (from ${dates[worstStart]}, ${(worstReturn * 100).toFixed(1)}% equal-weight)`, parameters: { window_start: dates[worstStart] } },
  historicalWindow(worstStart),
);

/** Simulates a path from today's close with a per-day market drift schedule. */
function shockedPaths({ marketDrift, volMultiplier, gap = () => 0 }) {
  const market = [];
  for (let d = 0; d < horizon; d++) market.push(marketDrift(d) + (0.16 / Math.sqrt(252)) * volMultiplier * rng.normal());
  return tickers.map((t, i) => {
    const { beta, sector } = universe.get(t);
    const idio = stdev(histReturns[i]);
    const out = [lastClose[i]];
    let p = lastClose[i] * (1 + gap(sector));
    for (let d = 0; d < horizon; d++) {
      p *= Math.exp(beta * market[d] + 0.6 * idio * volMultiplier * rng.normal());
      out.push(p);
    }
    return out;
  });
}

// 2008-like: the market loses ~45% over the first 60% of the horizon, then recovers a little.
const crashDays = Math.round(horizon * 0.6);
addScenario(
  { id: 'crash_2008', kind: 'shock', description: 'Market falls ~45% over 60% of the horizon with 2.5x volatility, then partly recovers', parameters: { market_drawdown: -0.45, vol_multiplier: 2.5 } },
  shockedPaths({ marketDrift: (d) => (d < crashDays ? Math.log(0.55) / crashDays : Math.log(1.15) / (horizon - crashDays)), volMultiplier: 2.5 }),
);

// Rate shock: rates +200bp overnight, sectors gap by their rate sensitivity, then a slow grind.
addScenario(
  { id: 'rate_shock', kind: 'shock', description: 'Rates +200bp overnight: sector gaps, 1.5x volatility, flat-to-down drift', parameters: { rates_bp: 200, vol_multiplier: 1.5, sector_gap: RATE_SHOCK_GAP } },
  shockedPaths({ marketDrift: () => -0.02 / 252, volMultiplier: 1.5, gap: (sector) => RATE_SHOCK_GAP[sector] ?? -0.05 }),
);

// Bootstrap: resample 10-day blocks of joint historical returns.
const BLOCK = 10;
for (let k = 1; k <= nPaths; k++) {
  const out = lastClose.map((p) => [p]);
  while (out[0].length <= horizon) {
    const start = rng.int(histReturns[0].length - BLOCK);
    for (let d = start; d < start + BLOCK && out[0].length <= horizon; d++) {
      out.forEach((prices, i) => prices.push(prices[prices.length - 1] * (1 + histReturns[i][d])));
    }
  }
  addScenario({ id: `bootstrap_${k}`, kind: 'bootstrap', description: `Block bootstrap path ${k} (${BLOCK}-day blocks of joint historical returns)`, parameters: { block_days: BLOCK } }, out);
}
log(STAGE, `built ${definitions.length} scenarios: ${definitions.map((d) => d.id).join(', ')}`);

const tsRows = [];
for (const { id, prices } of paths) {
  for (let d = 0; d <= horizon; d++) prices.forEach((p, i) => tsRows.push([id, d, tickers[i], Math.round(p[d] * 100) / 100]));
}
await writeTable(duck.conn, outputDir('scenario_timeseries', opts.date), 'paths', [['scenario', 'VARCHAR'], ['day', 'INTEGER'], ['ticker', 'VARCHAR'], ['price', 'DOUBLE']], tsRows);
await writeTable(
  duck.conn,
  outputDir('scenario_definitions', opts.date),
  'definitions',
  [['scenario', 'VARCHAR'], ['kind', 'VARCHAR'], ['description', 'VARCHAR'], ['horizon_days', 'INTEGER'], ['parameters', 'VARCHAR']],
  definitions.map((d) => [d.id, d.kind, d.description, d.horizon_days, JSON.stringify(d.parameters ?? {})]),
);
duck.close();
finishOutputs();
log(STAGE, `wrote scenario_timeseries (paths.parquet, ${tsRows.length} rows) and scenario_definitions (definitions.parquet, ${definitions.length} rows)`);
