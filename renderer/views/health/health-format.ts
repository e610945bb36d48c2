/**
 * How the Health view reads the health report (pure; tested in vitest): a
 * tone and a sentence per machine part, as `tickwork health` words them,
 * and the per-pipeline figures.
 */
import type { DiskSpace, HealthReport, PipelineHealth } from '../../../shared/health-model.js';
import type { ConfigProblem } from '../../../shared/config-model.js';
import { formatMs, humanDuration } from '../../../shared/durations.js';

/** How a figure should feel: fine, worth a look, or wrong. */
export type Tone = 'ok' | 'warn' | 'bad';

/** One line of the machinery panel. */
export interface HealthFact {
  readonly tone: Tone;
  readonly value: string;
  readonly detail: string;
}

/** A heartbeat older than this means the scheduler is late. */
export const HEARTBEAT_LATE_MS = 60_000;
/** Free space under this share of the disk is worth a look; under the second, wrong. */
export const DISK_LOW = 0.1;
export const DISK_CRITICAL = 0.03;

/** `12.3 GiB` (binary units, one decimal), as `tickwork health` prints sizes. */
export function gib(bytes: number): string {
  if (bytes < 2 ** 30) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/** The scheduler's heartbeat, as of the report. */
export function schedulerFact(scheduler: HealthReport['scheduler']): HealthFact {
  if (!scheduler) return { tone: 'bad', value: 'never ran', detail: 'start it with tickwork up' };
  if (!scheduler.alive) return { tone: 'bad', value: 'not running', detail: `last heartbeat ${formatMs(scheduler.ageMs)} before this report (pid ${scheduler.pid})` };
  const late = scheduler.ageMs > HEARTBEAT_LATE_MS;
  return { tone: late ? 'warn' : 'ok', value: late ? 'late' : 'running', detail: `heartbeat ${formatMs(scheduler.ageMs)} before this report · pid ${scheduler.pid}` };
}

/** The store: its integrity check, size and path. */
export function storeFact(store: HealthReport['store']): HealthFact {
  return { tone: store.integrity === 'ok' ? 'ok' : 'bad', value: `integrity ${store.integrity}`, detail: `${gib(store.bytes)} · ${store.path}` };
}

/** A disk's free space. */
export function diskFact(disk: DiskSpace): HealthFact {
  const share = disk.totalBytes > 0 ? disk.freeBytes / disk.totalBytes : 1;
  return { tone: share < DISK_CRITICAL ? 'bad' : share < DISK_LOW ? 'warn' : 'ok', value: `${gib(disk.freeBytes)} free`, detail: `of ${gib(disk.totalBytes)} (${Math.round(share * 100)}% free) · ${disk.path}` };
}

/** The machine's memory and the daemon's own. */
export function memoryFact(memory: HealthReport['memory']): HealthFact {
  return { tone: 'ok', value: `${gib(memory.freeBytes)} free`, detail: `of ${gib(memory.totalBytes)} · daemon uses ${gib(memory.processRssBytes)}` };
}

/** A pipeline's freshness column: `—` without a rule, else fresh/STALE and the rule. */
export function freshnessText(p: PipelineHealth): { readonly tone: Tone | null; readonly text: string } {
  if (p.freshnessMs === null) return { tone: null, text: '—' };
  return { tone: p.stale ? 'bad' : 'ok', text: `${p.stale ? 'stale' : 'fresh'} (within ${humanDuration(p.freshnessMs)})` };
}

/** A pipeline's error rate over the window: `25% of 8`, `—` when nothing finished. */
export function errorRateText(p: PipelineHealth): { readonly tone: Tone | null; readonly text: string } {
  if (p.errorRate === null) return { tone: null, text: '—' };
  return { tone: p.failed === 0 ? 'ok' : p.errorRate >= 0.5 ? 'bad' : 'warn', text: `${Math.round(p.errorRate * 100)}% of ${p.finished}` };
}

/** A duration column (`—` for none). */
export function durationText(ms: number | null): string {
  return ms === null ? '—' : formatMs(ms);
}

/** Where a config problem is, as an editor and the CLI read it: `file:line:col`. */
export function problemLocation(problem: Pick<ConfigProblem, 'file' | 'line' | 'col'>): string {
  return `${problem.file}:${problem.line}:${problem.col}`;
}

/** The report's window in words (`30 days`). */
export function windowText(windowMs: number): string {
  const days = windowMs / 86_400_000;
  return Number.isInteger(days) ? `${days} ${days === 1 ? 'day' : 'days'}` : humanDuration(windowMs);
}
