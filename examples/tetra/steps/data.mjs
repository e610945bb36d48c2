// Stage 1 — data: synthesises the market and economic data the rest of the
// pipeline reads. Prices are a one-factor geometric Brownian motion (market
// factor × beta + idiosyncratic noise); macro series are mean-reverting walks.
// Everything is seeded by the date, so a re-run for the same date is identical.
//
//   node steps/data.mjs --date 2024-06-28 [--days 504]
//
// Provides market_data (prices.parquet: trade_date, ticker, sector, beta,
// close — one row per date and ticker) and economic_data (macro.parquet),
// written into $TICKWORK_OUTPUT_MARKET_DATA / $TICKWORK_OUTPUT_ECONOMIC_DATA
// (by hand: <data>/<date>/<dataset>/).
// Set TETRA_FLAKY=N to make the first N attempts fail with a ConnectionError
// (shows off the on_error retry rule).
import { parseArgs, intOption, fail, log, hashSeed, makeRng, tradingDays } from './lib.mjs';
import { openDuck, outputDir, writeTable, finishOutputs } from './datasets.mjs';

const STAGE = 'data';

/** The synthetic universe: ticker, sector, market beta, annual drift, idiosyncratic vol, start price. */
const UNIVERSE = [
  { ticker: 'ALPH', sector: 'Technology', beta: 1.3, drift: 0.14, idioVol: 0.25, start: 180 },
  { ticker: 'BRVO', sector: 'Technology', beta: 1.2, drift: 0.11, idioVol: 0.22, start: 95 },
  { ticker: 'CHRL', sector: 'Financials', beta: 1.1, drift: 0.07, idioVol: 0.18, start: 48 },
  { ticker: 'DELT', sector: 'Financials', beta: 1.0, drift: 0.06, idioVol: 0.16, start: 72 },
  { ticker: 'ECHO', sector: 'Energy', beta: 0.9, drift: 0.05, idioVol: 0.28, start: 60 },
  { ticker: 'FOXT', sector: 'Healthcare', beta: 0.7, drift: 0.08, idioVol: 0.17, start: 130 },
  { ticker: 'GOLF', sector: 'Consumer', beta: 0.8, drift: 0.07, idioVol: 0.15, start: 55 },
  { ticker: 'HOTL', sector: 'Consumer', beta: 1.1, drift: 0.09, idioVol: 0.24, start: 38 },
  { ticker: 'INDG', sector: 'Utilities', beta: 0.4, drift: 0.04, idioVol: 0.11, start: 66 },
  { ticker: 'JULT', sector: 'Industrials', beta: 1.0, drift: 0.08, idioVol: 0.19, start: 110 },
];

const MARKET = { drift: 0.07, vol: 0.16 };

const opts = parseArgs(process.argv.slice(2), { days: '504' });
const nDays = intOption(opts, 'days', 30);

const flaky = Number(process.env.TETRA_FLAKY ?? 0);
const attempt = Number(process.env.TICKWORK_ATTEMPT ?? 1);
if (attempt <= flaky) {
  fail(`ConnectionError: market-data feed timed out (simulated by TETRA_FLAKY=${flaky}, attempt ${attempt})`);
}

const rng = makeRng(hashSeed(`${opts.date}/${STAGE}`));
const days = tradingDays(opts.date, nDays);
log(STAGE, `generating ${UNIVERSE.length} tickers x ${days.length} trading days ending ${days[days.length - 1]}`);

/** GBM prices: one row per day, one column per ticker. */
function simulatePrices() {
  const dt = 1 / 252;
  const last = UNIVERSE.map((u) => u.start);
  const rows = [[days[0], ...last]];
  for (let d = 1; d < days.length; d++) {
    const market = MARKET.vol * Math.sqrt(dt) * rng.normal();
    UNIVERSE.forEach((u, i) => {
      const sigma = Math.hypot(u.beta * MARKET.vol, u.idioVol);
      const shock = u.beta * market + u.idioVol * Math.sqrt(dt) * rng.normal();
      last[i] *= Math.exp((u.drift - 0.5 * sigma * sigma) * dt + shock);
    });
    rows.push([days[d], ...last.map((p) => Math.round(p * 100) / 100)]);
  }
  return rows;
}

/** Macro series: daily rates, monthly CPI and unemployment, a volatility index. */
function simulateMacro() {
  const state = { fed_funds: 4.5 + rng.uniform(), ten_year: 3.8 + rng.uniform(), cpi_yoy: 3 + rng.uniform(), unemployment: 3.8 + rng.uniform() * 0.6, vix: 16 };
  const rows = [];
  let month = '';
  for (const day of days) {
    // Ornstein–Uhlenbeck steps towards long-run levels.
    state.fed_funds += 0.002 * (4.0 - state.fed_funds) + 0.01 * rng.normal();
    state.ten_year += 0.003 * (4.0 - state.ten_year) + 0.04 * rng.normal();
    state.vix = Math.max(9, state.vix + 0.05 * (17 - state.vix) + 1.2 * rng.normal());
    if (day.slice(0, 7) !== month) {
      month = day.slice(0, 7);
      state.cpi_yoy += 0.08 * (2.5 - state.cpi_yoy) + 0.15 * rng.normal();
      state.unemployment += 0.05 * (4.2 - state.unemployment) + 0.08 * rng.normal();
    }
    rows.push([day, state.fed_funds, state.ten_year, state.cpi_yoy, state.unemployment, state.vix]);
  }
  return rows;
}

const prices = simulatePrices();
const macro = simulateMacro();
const duck = await openDuck();
const marketDir = outputDir('market_data', opts.date);
// One table per dataset: each row carries its ticker's sector and beta.
const longPrices = prices.flatMap(([day, ...closes]) => closes.map((close, i) => [day, UNIVERSE[i].ticker, UNIVERSE[i].sector, UNIVERSE[i].beta, close]));
await writeTable(duck.conn, marketDir, 'prices', [['trade_date', 'DATE'], ['ticker', 'VARCHAR'], ['sector', 'VARCHAR'], ['beta', 'DOUBLE'], ['close', 'DOUBLE']], longPrices);
log(STAGE, `wrote market_data: prices.parquet (${longPrices.length} rows, ${UNIVERSE.length} tickers)`);

const economicDir = outputDir('economic_data', opts.date);
await writeTable(duck.conn, economicDir, 'macro', [['trade_date', 'DATE'], ['fed_funds', 'DOUBLE'], ['ten_year', 'DOUBLE'], ['cpi_yoy', 'DOUBLE'], ['unemployment', 'DOUBLE'], ['vix', 'DOUBLE']], macro);
log(STAGE, `wrote economic_data: macro.parquet (${macro.length} rows, 5 series)`);
duck.close();
finishOutputs();
log(STAGE, `done: ${days[0]} .. ${days[days.length - 1]}`);
