/**
 * Housekeeping settings: `log_max` (the cap of one attempt's log, at the top
 * level and per pipeline) and `retention: {runs, logs}` (how long finished
 * runs and their log files are kept before `tickwork prune` and the daemon
 * remove them).
 */
import { isScalar } from 'yaml';
import type { RetentionConfig } from '../../../shared/config-model.js';
import { parseSize } from '../../../shared/sizes.js';
import { parseDuration } from './duration.js';
import { checkKeys, describe, fail, isNullNode, readMap, type MapEntry, type ReadContext } from './yaml-nodes.js';

/** The smallest cap: the log keeps half of it as its head and half as its tail, each at least a few lines. */
export const MIN_LOG_MAX = 1024;

/** Retention when the project names none. */
export const DEFAULT_RETENTION: RetentionConfig = { runsMs: 90 * 86_400_000, logsMs: 30 * 86_400_000 };

const RETENTION_KEYS = ['runs', 'logs'];

/** Shortest retention of runs: a run row holds its schedule slot's idempotency key, which a clock set back a few hours must still find. */
const MIN_RUNS_MS = 86_400_000;
const MIN_LOGS_MS = 3_600_000;

/** `log_max: 100MB` (null or `none`: no cap); undefined, with a problem, when it is not a size. */
export function readLogMax(node: unknown, field: string, ctx: ReadContext): number | null | undefined {
  if (isNullNode(node) || (isScalar(node) && node.value === 'none')) return null;
  const value = isScalar(node) ? node.value : undefined;
  const bytes = typeof value === 'string' || typeof value === 'number' ? parseSize(value) : null;
  if (bytes === null) {
    fail(ctx, node, field, `expected a size like 100MB, 512KB or 2GB (or none for no cap), got ${describe(node)}`);
    return undefined;
  }
  if (bytes < MIN_LOG_MAX) {
    fail(ctx, node, field, `${String(value)} is below the smallest log cap, 1KB (the log keeps half of it from its start and half from its end)`);
    return undefined;
  }
  return bytes;
}

/** The top-level `retention:` section; DEFAULT_RETENTION for what it leaves out. */
export function readRetention(entry: MapEntry | undefined, ctx: ReadContext): RetentionConfig {
  if (entry === undefined) return DEFAULT_RETENTION;
  const body = readMap(entry.value, entry.field, ctx);
  if (body === undefined) return DEFAULT_RETENTION;
  checkKeys(body, RETENTION_KEYS, ctx);
  let { runsMs, logsMs } = DEFAULT_RETENTION;
  for (const item of body) {
    const kept = item.key === 'runs' || item.key === 'logs' ? readKeep(item, item.key === 'runs' ? MIN_RUNS_MS : MIN_LOGS_MS, ctx) : undefined;
    if (kept === undefined) continue; // a problem was reported (or an unknown key)
    if (item.key === 'runs') runsMs = kept;
    else logsMs = kept;
  }
  return { runsMs, logsMs };
}

/** A retention duration (null or `forever`: keep for ever); undefined with a problem. */
function readKeep(item: MapEntry, minMs: number, ctx: ReadContext): number | null | undefined {
  const node = item.value;
  if (isNullNode(node) || (isScalar(node) && node.value === 'forever')) return null;
  const value = isScalar(node) ? node.value : undefined;
  const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : null;
  if (ms === null) {
    fail(ctx, item.at, item.field, `expected a duration like 90d, 12h or 2d12h (or forever), got ${describe(node)}`);
    return undefined;
  }
  if (ms < minMs) {
    const least = minMs === MIN_RUNS_MS ? '1d (a run keeps its schedule slot from firing twice)' : '1h';
    fail(ctx, item.at, item.field, `${String(value)} is shorter than the shortest retention, ${least}`);
    return undefined;
  }
  return ms;
}
