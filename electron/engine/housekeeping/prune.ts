/**
 * Retention: removes a project's finished runs older than `retention.runs`
 * (with their tasks, attempts, events and log files) and the log files of
 * finished runs older than `retention.logs` (prune-selection.ts says which,
 * and which it always keeps). `tickwork prune` shows it (a dry run unless
 * --apply); the daemon applies it at start and once a day (daily-prune.ts).
 *
 * The selection is read once; then each batch of at most PRUNE_BATCH runs
 * is deleted in one write transaction (BEGIN IMMEDIATE), newest first, so
 * every remaining foreign key stays valid and no other engine waits long on
 * the lock (a batch keeps any run that a run created meanwhile reuses). Log
 * files go only after their rows' commit (a crash in between leaves files
 * without rows: harmless, never the reverse). `pruneStepwise` gives the
 * event loop a turn between batches (the daemon).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/open-store.js';
import type { RetentionConfig } from '../../../shared/config-model.js';
import { DEFAULT_RETENTION } from '../config/housekeeping-section.js';
import { inWriteTransaction, transaction } from '../store/statements.js';
import { deleteBatch, selectPrunable, type PruneRun, type PruneSelection } from './prune-selection.js';
import { formatSize } from '../../../shared/sizes.js';
import { humanDuration } from '../../../shared/durations.js';
import { plural } from '../../../shared/plural.js';

/** Runs deleted per write transaction. */
export const PRUNE_BATCH = 100;

/** A run of a prune report, with what its log directory holds. */
export interface PrunedRun extends PruneRun {
  readonly logFiles: number;
  readonly logBytes: number;
}

/** What a prune removed, or (a dry run) would remove. */
export interface PruneReport {
  readonly project: string;
  readonly applied: boolean;
  readonly retention: RetentionConfig;
  /** Runs deleted whole. */
  readonly runs: readonly PrunedRun[];
  /** Runs kept whose log files go. */
  readonly logs: readonly PrunedRun[];
  readonly kept: PruneSelection['kept'];
  readonly totals: { readonly runs: number; readonly tasks: number; readonly attempts: number; readonly events: number; readonly logFiles: number; readonly logBytes: number };
}

/** What to prune. */
export interface PruneOptions {
  /** The project's name, for the report. */
  readonly project: string;
  /** Its tickwork.yaml: the runs pruned are those stored under this file (two checkouts may share a name). */
  readonly projectFile: string;
  readonly retention?: RetentionConfig;
  /** The home's logs directory (logs/<run id>/). */
  readonly logsDir: string;
  readonly now: number;
  /** false: a dry run, nothing is deleted. */
  readonly apply: boolean;
}

/** Prunes one project's history (see the file comment). */
export function prune(db: Db, options: PruneOptions): PruneReport {
  const steps = pruneSteps(db, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same, awaiting `pause()` between batches so others get the event loop (and the write lock). */
export async function pruneStepwise(db: Db, options: PruneOptions, pause: () => Promise<void>): Promise<PruneReport> {
  const steps = pruneSteps(db, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Selects, then deletes a batch per step (yielding between them). */
function* pruneSteps(db: Db, options: PruneOptions): Generator<void, PruneReport> {
  const retention = options.retention ?? DEFAULT_RETENTION;
  const scope = {
    projectFile: options.projectFile,
    runsBefore: retention.runsMs === null ? null : options.now - retention.runsMs,
    logsBefore: retention.logsMs === null ? null : options.now - retention.logsMs,
  };
  const logDir = (id: number): string => path.join(options.logsDir, String(id));
  const selection = transaction(db, () => selectPrunable(db, scope));
  if (!options.apply) {
    return report(options, retention, selection.runs.map((run) => withLogs(run, logDir(run.id))), withExistingLogs(selection.logsOnly, logDir), selection.kept);
  }
  const removed: PrunedRun[] = [];
  let rescued = 0;
  for (let at = 0; at < selection.runs.length; at += PRUNE_BATCH) {
    if (at > 0) yield;
    const batch = selection.runs.slice(at, at + PRUNE_BATCH);
    const kept = new Set(inWriteTransaction(db, () => deleteBatch(db, batch)));
    rescued += kept.size;
    for (const run of batch) if (!kept.has(run.id)) removed.push(removeLogs(run, logDir(run.id)));
  }
  const logs = withExistingLogs(selection.logsOnly, logDir).map((run) => removeLogs(run, logDir(run.id)));
  return report(options, retention, removed, logs, { ...selection.kept, cachedFrom: selection.kept.cachedFrom + rescued });
}

/** The report as a few lines: the totals, then (unless `brief`) one line per run. */
export function formatPruneReport(report: PruneReport, now: number, brief = false): string[] {
  const { totals } = report;
  const verb = report.applied ? 'deleted' : 'would delete';
  const lines: string[] = [];
  const runWord = (n: number): string => plural(n, 'run');
  const files = (n: number, bytes: number): string => `${plural(n, 'log file')} (${formatSize(bytes)})`;
  const deletedLogs = report.runs.reduce((sum, run) => sum + run.logFiles, 0);
  const deletedBytes = report.runs.reduce((sum, run) => sum + run.logBytes, 0);
  if (report.runs.length > 0) {
    lines.push(`${verb} ${runWord(report.runs.length)} finished ${keepText(report.retention.runsMs)} with ${plural(totals.tasks, 'task')}, ${plural(totals.attempts, 'attempt')}, ${plural(totals.events, 'event')} and ${files(deletedLogs, deletedBytes)}`);
    if (!brief) for (const run of report.runs) lines.push(`  ${runLine(run, now)}`);
  }
  if (report.logs.length > 0) {
    const logFiles = totals.logFiles - deletedLogs;
    lines.push(`${verb} the logs of ${runWord(report.logs.length)} finished ${keepText(report.retention.logsMs)}: ${files(logFiles, totals.logBytes - deletedBytes)}`);
    if (!brief) for (const run of report.logs) lines.push(`  ${runLine(run, now)}`);
  }
  if (lines.length === 0) lines.push(`nothing to prune (runs kept ${keepText(report.retention.runsMs, 'for')}, logs ${keepText(report.retention.logsMs, 'for')})`);
  const kept = [
    report.kept.active > 0 ? `${runWord(report.kept.active)} still active` : '',
    report.kept.latest > 0 ? `${runWord(report.kept.latest)} holding the latest success of a partition` : '',
    report.kept.cachedFrom > 0 ? `${runWord(report.kept.cachedFrom)} whose results later runs reuse` : '',
  ].filter(Boolean);
  if (kept.length > 0) lines.push(`kept though old: ${kept.join(', ')}`);
  return lines;
}

function keepText(ms: number | null, lead = ''): string {
  if (ms === null) return lead ? 'for ever' : 'never';
  return lead ? `${lead} ${humanDuration(ms)}` : `more than ${humanDuration(ms)} ago`;
}

function runLine(run: PrunedRun, now: number): string {
  const finished = new Date(run.finishedAt).toISOString().slice(0, 10);
  const logs = run.logFiles > 0 ? `, ${formatSize(run.logBytes)} of logs` : '';
  return `run ${run.id}  ${run.targets.join(',')}  ${run.partitionKey}  ${run.state}  finished ${finished} (${humanDuration(now - run.finishedAt)} ago)  ${plural(run.tasks, 'task')}, ${plural(run.attempts, 'attempt')}, ${plural(run.events, 'event')}${logs}`;
}

function report(options: PruneOptions, retention: RetentionConfig, runs: PrunedRun[], logs: PrunedRun[], kept: PruneSelection['kept']): PruneReport {
  const sum = (list: readonly PrunedRun[], key: 'tasks' | 'attempts' | 'events' | 'logFiles' | 'logBytes'): number => list.reduce((total, run) => total + run[key], 0);
  return {
    project: options.project,
    applied: options.apply,
    retention,
    runs,
    logs,
    kept,
    totals: {
      runs: runs.length,
      tasks: sum(runs, 'tasks'),
      attempts: sum(runs, 'attempts'),
      events: sum(runs, 'events'),
      logFiles: sum(runs, 'logFiles') + sum(logs, 'logFiles'),
      logBytes: sum(runs, 'logBytes') + sum(logs, 'logBytes'),
    },
  };
}

/** Runs whose log directory still exists, with what it holds. */
function withExistingLogs(runs: readonly PruneRun[], logDir: (id: number) => string): PrunedRun[] {
  return runs.filter((run) => fs.existsSync(logDir(run.id))).map((run) => withLogs(run, logDir(run.id)));
}

function withLogs(run: PruneRun, dir: string): PrunedRun {
  return { ...run, ...usage(dir) };
}

/** Removes a run's log directory; the run with what it held. */
function removeLogs(run: PruneRun, dir: string): PrunedRun {
  const found = withLogs(run, dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return found;
}

/** Files and bytes under `dir` (0 when it is gone). */
function usage(dir: string): { logFiles: number; logBytes: number } {
  let logFiles = 0;
  let logBytes = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return { logFiles, logBytes };
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = usage(file);
      logFiles += inner.logFiles;
      logBytes += inner.logBytes;
    } else {
      logFiles++;
      try {
        logBytes += fs.lstatSync(file).size;
      } catch {
        // gone meanwhile
      }
    }
  }
  return { logFiles, logBytes };
}
