/**
 * `tickwork sweep NAME [--parallel N] [--date D] [--partition k=v]… [--param k=v]… [--json] [--project DIR]`
 * `tickwork sweep PIPELINE --grid key=v1,v2 --grid key=start:stop:step [--collect m]… [--sort -m] [--name N] …`
 *
 * Runs a declared sweep (`sweeps:` in tickwork.yaml) or an ad-hoc one: one
 * trial per combination of the grid, each a run of the pipeline with its
 * upstream (trigger `sweep`); the shared upstream runs once (sweep-runner.ts);
 * an unchanged trial of an earlier sweep of the same name is reused. Writes
 * the results table (results.csv, results.parquet) under
 * `<lake root>/<lake name>/sweeps/<name>/` and prints it sorted, with a live
 * progress bar on a terminal (a line per trial otherwise). Ctrl-C cancels
 * the trials in flight through the cancel path and writes what finished.
 * Exit codes: 0 every trial succeeded; 1 a trial failed or was cancelled;
 * 2 usage or config error.
 */
import type { ProjectConfig, SweepConfig } from '../../../shared/config-model.js';
import type { SweepTrialRecord } from '../../../shared/sweep-model.js';
import { parse, flag, list, str, int, keyValues, UsageError } from '../args.js';
import { CliExit, loadProjectOrExit, openHomeStore } from '../context.js';
import { planRun, type RunRequest } from '../../engine/run/plan-run.js';
import { triggerEnv } from '../../engine/run/passthrough-key.js';
import { suggestionOrList, unknownParamHint } from '../../engine/plan/did-you-mean.js';
import { gridTrials, paramsKey, parseGridFlag, trialCount, MAX_TRIALS } from '../../engine/sweep/sweep-grid.js';
import { runSweep, type PlannedTrial, type SweepProgress, type TrialOutcome } from '../../engine/sweep/sweep-runner.js';
import { engineTrialDriver } from '../../engine/sweep/engine-trial-driver.js';
import { localTrialDriver } from '../../engine/sweep/local-trial-driver.js';
import { resultsDirOf, resultsText, sortedRows, writeResults } from '../../engine/sweep/results-table.js';
import { finishSweep, insertSweep, previousTrial, trialsOfSweep, updateTrial } from '../../engine/store/sweep-store.js';
import { displayPath } from '../../engine/config/problems.js';

/** Options the parser accepts (help.ts describes each). */
export const sweepOptions = {
  project: { type: 'string' },
  grid: { type: 'string', multiple: true },
  collect: { type: 'string', multiple: true },
  sort: { type: 'string' },
  parallel: { type: 'string' },
  name: { type: 'string' },
  mode: { type: 'string' },
  date: { type: 'string' },
  partition: { type: 'string', multiple: true },
  param: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

/** Runs the command; resolves to the exit code. */
export async function sweepCommand(argv: readonly string[]): Promise<number> {
  const args = parse('sweep', argv, sweepOptions);
  const [target, ...extra] = args.positionals;
  if (!target || extra.length) throw new UsageError('tickwork sweep: name one sweep, or a pipeline with --grid, e.g. tickwork sweep backtest --grid window=20,50 --collect sharpe');
  const project = loadProjectOrExit(str(args, 'project'));
  const declared = sweepFromArgs(project, target, args);
  const modeText = str(args, 'mode');
  if (modeText !== undefined && modeText !== 'live' && modeText !== 'local') throw new UsageError(`tickwork sweep: --mode ${modeText}: expected live or local`);
  const sweep: SweepConfig = { ...declared, parallel: int(args, 'parallel', declared.parallel, 'sweep'), ...(modeText !== undefined ? { mode: modeText } : {}) };
  const fixed = keyValues(list(args, 'param'), 'param', 'sweep');
  for (const key of Object.keys(fixed)) {
    if (Object.hasOwn(sweep.grid, key)) throw new UsageError(`tickwork sweep: --param ${key}: ${key} is swept by the grid; drop the --param`);
  }
  const store = openHomeStore();
  const date = str(args, 'date');
  const env = triggerEnv(store.home.root, project, process.env);
  const partition = keyValues(list(args, 'partition'), 'partition', 'sweep');
  const trials: PlannedTrial[] = [];
  for (const [position, params] of gridTrials(sweep.grid).entries()) {
    const request: RunRequest = { targets: [sweep.pipeline], selection: 'upstream', force: false, ...(date !== undefined ? { date } : {}), partition, params: { ...fixed, ...params }, trigger: 'sweep', env };
    const planned = planRun(project, request, Date.now());
    if (!planned.ok) throw new CliExit(2, [`tickwork sweep: ${sweep.name}: ${planned.message}`]);
    const target = planned.plan.tasks.find((task) => task.isTarget)!;
    const upstream = new Map(planned.plan.tasks.filter((task) => !task.isTarget).map((task) => [task.specHash, task.pipeline] as const));
    trials.push({ position, params, paramsKey: paramsKey(params), request, plan: planned.plan, targetHash: target.specHash, upstream });
  }

  const sortText = sweep.sort ? `${sweep.sort.descending ? '-' : ''}${sweep.sort.metric}` : null;
  const sweepId = insertSweep(store.db, { project: project.name, projectFile: project.file, name: sweep.name, pipeline: sweep.pipeline, grid: sweep.grid, collect: sweep.collect, sort: sortText, mode: sweep.mode, trials }, Date.now());
  const json = flag(args, 'json');
  const tty = process.stdout.isTTY === true && !json;
  if (!json) process.stdout.write(`sweep ${sweep.name} (#${sweepId}): ${trials.length} trial${trials.length === 1 ? '' : 's'} of ${sweep.pipeline}, ${sweep.parallel} at a time\n`);
  const render = (p: SweepProgress): void => {
    if (tty) process.stdout.write(`\r\u001b[2K${bar(p)}`);
  };
  const running = runSweep({
    trials,
    parallel: sweep.parallel,
    driver: sweep.mode === 'local' ? localTrialDriver({ project, homeRoot: store.home.root }) : engineTrialDriver({ db: store.db, home: store.home, collect: sweep.collect, engine: { keepLauncher: true } }),
    previous: (trial) => {
      const earlier = previousTrial(store.db, { projectFile: project.file, name: sweep.name, paramsKey: trial.paramsKey, before: sweepId });
      if (!earlier || earlier.specHash !== trial.targetHash) return undefined;
      return { state: 'succeeded', reused: true, runId: earlier.runId, taskRunId: earlier.taskRunId, durationMs: earlier.durationMs, metrics: earlier.metrics, reason: null };
    },
    onStart: (trial, runId) => updateTrial(store.db, sweepId, trial.position, { state: 'running', runId, specHash: trial.targetHash }),
    onOutcome: (trial, outcome, progress) => {
      updateTrial(store.db, sweepId, trial.position, { ...outcome, specHash: trial.targetHash });
      if (json) return;
      if (tty) process.stdout.write('\r\u001b[2K');
      if (!tty || outcome.state !== 'succeeded' || !outcome.reused) process.stdout.write(`${trialLine(trial, outcome)} — ${progress.done}/${progress.total}\n`);
      render(progress);
    },
    onProgress: render,
  });
  let interrupted = false;
  const stop = (): void => {
    interrupted = true;
    if (!json) process.stdout.write(`${tty ? '\r\u001b[2K' : ''}cancelling the sweep: stopping the trials in flight…\n`);
    void running.cancel();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let outcomes: TrialOutcome[];
  try {
    outcomes = await running.done;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  if (tty) process.stdout.write('\r\u001b[2K');

  const rows = sortedRows(trialsOfSweep(store.db, sweepId), sweep.sort);
  const table = { paramKeys: Object.keys(sweep.grid), metrics: metricColumns(sweep.collect, rows), rows };
  const dir = resultsDirOf(project.lake ?? { root: `${project.dir}/.tickwork/lake`, name: project.name }, sweep.name);
  const files = await writeResults(dir, table);
  const failed = outcomes.filter((o) => o.state !== 'succeeded').length;
  const state = interrupted || outcomes.some((o) => o.state === 'cancelled') ? 'cancelled' : failed > 0 ? 'failed' : 'succeeded';
  finishSweep(store.db, sweepId, state, dir, Date.now());
  if (json) {
    process.stdout.write(JSON.stringify({ sweep: sweepId, name: sweep.name, state, results: { csv: files.csv, parquet: files.parquet }, trials: rows }) + '\n');
  } else {
    process.stdout.write(resultsText(table));
    const reused = outcomes.filter((o) => o.reused).length;
    process.stdout.write(`sweep ${sweep.name}: ${summary(outcomes, reused)}; results in ${displayPath(files.csv)} and ${displayPath(files.parquet)}\n`);
  }
  return failed > 0 ? 1 : 0;
}

/** The declared sweep NAME, or an ad-hoc sweep of pipeline NAME from --grid, --collect and --sort. */
function sweepFromArgs(project: ProjectConfig, target: string, args: ReturnType<typeof parse>): SweepConfig {
  const grids = list(args, 'grid');
  const declared = project.sweeps?.get(target);
  if (grids.length === 0) {
    if (declared) {
      for (const option of ['collect', 'sort', 'name'] as const) {
        if (args.values[option] !== undefined) throw new UsageError(`tickwork sweep: --${option} is for ad-hoc sweeps (with --grid); sweep ${target} takes its ${option} from tickwork.yaml`);
      }
      return declared;
    }
    const known = [...(project.sweeps?.keys() ?? [])];
    const hint = project.pipelines.has(target) ? `; to sweep pipeline ${target}, give --grid key=v1,v2` : known.length ? `; the declared sweeps are: ${known.join(', ')}` : '; declare one under sweeps: or give a pipeline with --grid';
    throw new CliExit(2, [`tickwork sweep: no sweep named ${target}${hint}`]);
  }
  if (!project.pipelines.has(target)) throw new CliExit(2, [`tickwork sweep: --grid sweeps a pipeline, and ${target} is not one${suggestionOrList(target, [...project.pipelines.keys()], 'pipelines')}`]);
  const grid: Record<string, string[]> = {};
  for (const text of grids) {
    const parsed = parseGridFlag(text);
    if (typeof parsed === 'string') throw new UsageError(`tickwork sweep: ${parsed}`);
    if (!Object.hasOwn(project.params, parsed.key)) throw new UsageError(`tickwork sweep: --grid ${parsed.key}: unknown param${unknownParamHint(parsed.key, Object.keys(project.params))} (a swept param must be declared under params:)`);
    if (Object.hasOwn(grid, parsed.key)) throw new UsageError(`tickwork sweep: --grid ${parsed.key} given twice; give each param once`);
    grid[parsed.key] = parsed.values;
  }
  if (trialCount(grid) > MAX_TRIALS) throw new UsageError(`tickwork sweep: the grid has ${trialCount(grid)} trials; at most ${MAX_TRIALS}`);
  const collect = list(args, 'collect').flatMap((text) => text.split(',')).map((m) => m.trim()).filter((m) => m !== '');
  const sortText = str(args, 'sort');
  let sort: SweepConfig['sort'] = null;
  if (sortText !== undefined) {
    const descending = sortText.startsWith('-');
    const metric = descending ? sortText.slice(1) : sortText;
    if (!collect.includes(metric)) throw new UsageError(`tickwork sweep: --sort ${sortText}: ${metric} is not collected; add --collect ${metric}`);
    sort = { metric, descending };
  }
  const name = str(args, 'name') ?? target;
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new UsageError(`tickwork sweep: --name ${name}: use letters, digits, _, . and - (it names the results folder)`);
  if (declared && str(args, 'name') === undefined) throw new UsageError(`tickwork sweep: ${target} is also a declared sweep; give the ad-hoc sweep its own --name`);
  return { name, pipeline: target, grid, collect, sort, parallel: declared?.parallel ?? 2, mode: 'live' };
}

/** The collected metrics, or (when none were named) every metric any trial wrote. */
function metricColumns(collect: readonly string[], rows: readonly SweepTrialRecord[]): string[] {
  if (collect.length > 0) return [...collect];
  return [...new Set(rows.flatMap((row) => Object.keys(row.metrics)))];
}

function trialLine(trial: PlannedTrial, outcome: TrialOutcome): string {
  const params = Object.entries(trial.params).map(([k, v]) => `${k}=${v}`).join(' ');
  const mark = outcome.reused ? '=' : outcome.state === 'succeeded' ? '✓' : outcome.state === 'failed' ? '✗' : '⊘';
  const run = outcome.runId === null ? '' : ` (run ${outcome.runId})`;
  const why = outcome.reason && outcome.state !== 'succeeded' ? `: ${outcome.reason}` : outcome.reused ? ': unchanged, reused' : '';
  return `  ${mark} ${params} ${outcome.state}${run}${why}`;
}

function bar(p: SweepProgress): string {
  const width = 30;
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total}  ${p.running} running  ${p.failed} failed`;
}

function summary(outcomes: readonly TrialOutcome[], reused: number): string {
  const count = (state: TrialOutcome['state']): number => outcomes.filter((o) => o.state === state && !o.reused).length;
  const parts = [`${count('succeeded')} succeeded`, `${reused} reused`];
  if (count('failed')) parts.push(`${count('failed')} failed`);
  if (count('cancelled')) parts.push(`${count('cancelled')} cancelled`);
  return `${outcomes.length} trial${outcomes.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
