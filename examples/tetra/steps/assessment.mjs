// Stage 4 — assessment: backtests three simple strategies on every scenario
// path, ranks them, and writes a human report.
//   * buy_and_hold   — equal weight on day 0, never trades
//   * momentum       — every 21 days, hold the top 3 tickers by trailing return
//   * mean_reversion — every 5 days, hold the tickers whose RSI(14) is below 40
// Costs: 5bp per unit of turnover; idle cash earns the risk-free rate.
//
//   node steps/assessment.mjs --date 2024-06-28 [--lookback 60]
//
// Requires scenario_definitions, scenario_timeseries and statistical_metrics;
// provides backtest_results (results.parquet), strategy_rankings
// (rankings.parquet) and reports (report.md).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, intOption, fail, log, mean, rsi, performance } from './lib.mjs';
import { openDuck, inputDir, outputDir, readScenarioDefinitions, readScenarioPaths, readTable, writeTable, finishOutputs } from './datasets.mjs';

const STAGE = 'assessment';
const COST = 0.0005;

const opts = parseArgs(process.argv.slice(2), { lookback: '60' });
const lookback = intOption(opts, 'lookback', 5);

const defsDir = inputDir({ stage: STAGE, name: 'scenario_definitions', date: opts.date, producer: 'scenarios' });
const pathsDir = inputDir({ stage: STAGE, name: 'scenario_timeseries', date: opts.date, producer: 'scenarios' });
const statsDir = inputDir({ stage: STAGE, name: 'statistical_metrics', date: opts.date, producer: 'metrics' });

const duck = await openDuck();
const definitions = await readScenarioDefinitions(duck.conn, defsDir);
const { tickers, paths } = await readScenarioPaths(duck.conn, pathsDir);
const historicalStats = new Map((await readTable(duck.conn, statsDir, 'stats')).filter((r) => r.scenario === 'historical').map((r) => [r.ticker, r]));
if (historicalStats.size === 0) fail('ValueError: statistical_metrics holds no historical rows');
const riskFree = historicalStats.values().next().value.risk_free;
log(STAGE, `backtesting 3 strategies x ${definitions.length} scenarios x ${tickers.length} tickers`);

/** Historical signals at day 0, so strategies have a view before a path has enough history. */
const histMomentum = tickers.map((t) => historicalStats.get(t)?.momentum ?? 0);
const histRsi = tickers.map((t) => historicalStats.get(t)?.rsi_14 ?? 50);

/** Equal weights over the chosen ticker indexes (all cash when none). */
const equalWeights = (chosen) => tickers.map((_, i) => (chosen.includes(i) ? 1 / chosen.length : 0));

/** Each strategy: how often it rebalances and which weights it wants on day d. */
const STRATEGIES = {
  buy_and_hold: { every: Infinity, target: () => equalWeights(tickers.map((_, i) => i)) },
  momentum: {
    every: 21,
    target: (prices, d) => {
      const score = prices.map((p, i) => (d >= lookback ? p[d] / p[d - lookback] - 1 : histMomentum[i] + (p[d] / p[0] - 1)));
      const top = score.map((s, i) => [s, i]).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, i]) => i);
      return equalWeights(top);
    },
  },
  mean_reversion: {
    every: 5,
    target: (prices, d, rsiPaths) => {
      const oversold = prices.map((_, i) => i).filter((i) => (d >= 14 ? rsiPaths[i][d] : histRsi[i]) < 40);
      return equalWeights(oversold);
    },
  },
};

/** Runs one strategy over one scenario; returns its equity curve and turnover. */
function backtest(strategy, prices) {
  const days = prices[0].length;
  const rsiPaths = prices.map((p) => rsi(p, 14));
  let weights = tickers.map(() => 0);
  let equity = 1;
  let turnover = 0;
  const curve = [1];
  for (let d = 0; d < days - 1; d++) {
    if (d === 0 || d % strategy.every === 0) {
      const target = strategy.target(prices, d, rsiPaths);
      const traded = target.reduce((s, w, i) => s + Math.abs(w - weights[i]), 0);
      turnover += traded;
      equity *= 1 - traded * COST;
      weights = target;
    }
    const cash = 1 - weights.reduce((s, w) => s + w, 0);
    const dayReturn = weights.reduce((s, w, i) => s + w * (prices[i][d + 1] / prices[i][d] - 1), 0) + cash * (riskFree / 252);
    equity *= 1 + dayReturn;
    // Weights drift with prices until the next rebalance.
    const grown = weights.map((w, i) => w * (prices[i][d + 1] / prices[i][d]));
    const total = grown.reduce((s, w) => s + w, 0) + cash * (1 + riskFree / 252);
    weights = grown.map((w) => w / total);
    curve.push(equity);
  }
  return { curve, turnover };
}

const results = [];
for (const def of definitions) {
  const prices = paths.get(def.id);
  if (!prices) fail(`ValueError: scenario "${def.id}" has no rows in scenario_timeseries`);
  for (const [name, strategy] of Object.entries(STRATEGIES)) {
    const { curve, turnover } = backtest(strategy, prices);
    results.push({ strategy: name, scenario: def.id, kind: def.kind, ...performance(curve, riskFree), turnover });
  }
}
log(STAGE, `ran ${results.length} backtests`);

// Rank by mean Sharpe across scenarios; ties broken by the milder worst drawdown.
const rankings = Object.keys(STRATEGIES)
  .map((name) => {
    const mine = results.filter((r) => r.strategy === name);
    const vsHold = mine.filter((r) => r.total_return > results.find((b) => b.strategy === 'buy_and_hold' && b.scenario === r.scenario).total_return);
    return {
      strategy: name,
      mean_sharpe: mean(mine.map((r) => r.sharpe)),
      mean_return: mean(mine.map((r) => r.total_return)),
      worst_return: Math.min(...mine.map((r) => r.total_return)),
      worst_drawdown: Math.min(...mine.map((r) => r.max_drawdown)),
      beats_buy_and_hold: name === 'buy_and_hold' ? null : `${vsHold.length}/${mine.length}`,
      mean_turnover: mean(mine.map((r) => r.turnover)),
    };
  })
  .sort((a, b) => b.mean_sharpe - a.mean_sharpe || b.worst_drawdown - a.worst_drawdown)
  .map((r, i) => ({ rank: i + 1, ...r }));
log(STAGE, `ranking: ${rankings.map((r) => `${r.rank}. ${r.strategy} (Sharpe ${r.mean_sharpe.toFixed(2)})`).join(', ')}`);

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const num = (x) => x.toFixed(2);
const report = [
  `# Tetra assessment — ${opts.date}`,
  '',
  `${definitions.length} scenarios × ${Object.keys(STRATEGIES).length} strategies × ${tickers.length} tickers, ${definitions[0].horizon_days}-day horizon, risk-free ${pct(riskFree)}, momentum lookback ${lookback}d.`,
  '',
  '## Rankings',
  '',
  '| Rank | Strategy | Mean Sharpe | Mean return | Worst return | Worst drawdown | Beats buy & hold |',
  '|---:|---|---:|---:|---:|---:|---:|',
  ...rankings.map((r) => `| ${r.rank} | ${r.strategy} | ${num(r.mean_sharpe)} | ${pct(r.mean_return)} | ${pct(r.worst_return)} | ${pct(r.worst_drawdown)} | ${r.beats_buy_and_hold ?? '—'} |`),
  '',
  '## Results by scenario (total return / max drawdown)',
  '',
  `| Scenario | Kind | ${Object.keys(STRATEGIES).join(' | ')} |`,
  `|---|---|${Object.keys(STRATEGIES).map(() => '---:').join('|')}|`,
  ...definitions.map((def) => `| ${def.id} | ${def.kind} | ${Object.keys(STRATEGIES).map((s) => {
    const r = results.find((x) => x.strategy === s && x.scenario === def.id);
    return `${pct(r.total_return)} / ${pct(r.max_drawdown)}`;
  }).join(' | ')} |`),
  '',
  '## Scenarios',
  '',
  ...definitions.map((def) => `- **${def.id}** — ${def.description}`),
  '',
].join('\n');

await writeTable(
  duck.conn,
  outputDir('backtest_results', opts.date),
  'results',
  [['strategy', 'VARCHAR'], ['scenario', 'VARCHAR'], ['kind', 'VARCHAR'], ['total_return', 'DOUBLE'], ['ann_return', 'DOUBLE'], ['ann_vol', 'DOUBLE'], ['sharpe', 'DOUBLE'], ['max_drawdown', 'DOUBLE'], ['turnover', 'DOUBLE']],
  results.map((r) => [r.strategy, r.scenario, r.kind, r.total_return, r.ann_return, r.ann_vol, r.sharpe, r.max_drawdown, r.turnover]),
);
await writeTable(
  duck.conn,
  outputDir('strategy_rankings', opts.date),
  'rankings',
  [['rank', 'INTEGER'], ['strategy', 'VARCHAR'], ['mean_sharpe', 'DOUBLE'], ['mean_return', 'DOUBLE'], ['worst_return', 'DOUBLE'], ['worst_drawdown', 'DOUBLE'], ['beats_buy_and_hold', 'VARCHAR'], ['mean_turnover', 'DOUBLE']],
  rankings.map((r) => [r.rank, r.strategy, r.mean_sharpe, r.mean_return, r.worst_return, r.worst_drawdown, r.beats_buy_and_hold, r.mean_turnover]),
);
duck.close();
const reportDir = outputDir('reports', opts.date);
fs.writeFileSync(path.join(reportDir, 'report.md'), report);
finishOutputs();
log(STAGE, `wrote backtest_results (${results.length} rows), strategy_rankings and reports/report.md`);
