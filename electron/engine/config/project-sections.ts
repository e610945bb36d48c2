/**
 * Readers for the small top-level sections of tickwork.yaml: timezone,
 * pools, params, partitions and jobs, plus the shared name rule.
 */
import * as os from 'node:os';
import { CONCURRENCY_KEYS, readConcurrency, readSchedule } from './schedule-section.js';
import { isSeq } from 'yaml';
import { suggestionSuffix } from '../plan/did-you-mean.js';
import type { RawJob } from './references.js';
import { narrowingConflict, readNarrowing } from './partition-narrowing.js';
import { readEnvPassthrough } from './env-passthrough-section.js';
import {
  checkKeys,
  describe,
  entryFor,
  fail,
  readInt,
  readMap,
  readSeq,
  readStringList,
  readText,
  scalarText,
  type MapEntry,
  type ReadContext,
} from './yaml-nodes.js';

/** Names of pipelines, jobs, pools, params and partition keys. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** True when the entry's key is a valid name; otherwise reports it at the key. */
export function checkName(entry: MapEntry, ctx: ReadContext): boolean {
  if (NAME_PATTERN.test(entry.key)) return true;
  ctx.report.at(
    entry.keyNode,
    entry.field,
    `invalid name "${entry.key}": start with a letter or _, then use only letters, digits, _, . and -`,
  );
  return false;
}

/** The zone this machine runs in, used when the project names none. */
export function machineTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A canonical IANA zone name, or undefined (and a problem) when Intl does not know it. */
export function readTimezone(node: unknown, field: string, ctx: ReadContext): string | undefined {
  const zone = readText(node, field, ctx, { nonEmpty: true });
  if (zone === undefined) return undefined;
  // UTC needs no time-zone database; loading ICU's costs ~20 ms of start-up.
  if (zone === 'UTC') return zone;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    const hint = suggestionSuffix(zone, Intl.supportedValuesOf('timeZone')) || '; use an IANA name like Europe/London';
    fail(ctx, node, field, `unknown time zone "${zone}"${hint}`);
    return undefined;
  }
}

/** Pool sizes, always including `default` (sized to the CPU count unless set). */
export function readPools(entry: MapEntry | undefined, ctx: ReadContext): Record<string, number> {
  const pools: Record<string, number> = { default: os.availableParallelism() };
  const entries = entry === undefined ? [] : (readMap(entry.value, entry.field, ctx) ?? []);
  for (const pool of entries) {
    if (!checkName(pool, ctx)) continue;
    const size = readInt(pool.value, pool.field, ctx, 1);
    // Keep the name even when the size is bad, so pipelines naming it are not also flagged.
    pools[pool.key] = size ?? pools[pool.key] ?? 1;
  }
  return pools;
}

/** Default param values, stored as the text the user wrote. */
export function readParams(entry: MapEntry | undefined, ctx: ReadContext): Record<string, string> {
  const params: Record<string, string> = {};
  for (const param of entry === undefined ? [] : (readMap(entry.value, entry.field, ctx) ?? [])) {
    if (!checkName(param, ctx)) continue;
    const text = scalarText(param.value);
    if (text === undefined) {
      fail(ctx, param.at, param.field, `expected a string, number or boolean, got ${describe(param.value)}`);
    } else {
      params[param.key] = text;
    }
  }
  return params;
}

/** Static partition keys and their allowed values. */
export function readPartitions(entry: MapEntry | undefined, ctx: ReadContext): Record<string, string[]> {
  const partitions: Record<string, string[]> = {};
  for (const key of entry === undefined ? [] : (readMap(entry.value, entry.field, ctx) ?? [])) {
    if (!checkName(key, ctx)) continue;
    if (key.key === 'date') {
      // `partition.date` always means the run date; a static list would shadow it.
      ctx.report.at(key.keyNode, key.field, '"date" is reserved for the run date partition; pick another key');
      continue;
    }
    const items = readSeq(key.value, key.field, ctx, 'a list of partition values');
    if (items === undefined) continue;
    if (items.length === 0) fail(ctx, key.at, key.field, 'expected at least one partition value');
    const values: string[] = [];
    for (const item of items) {
      const text = readText(item, key.field, ctx, { nonEmpty: true });
      if (text === undefined) continue;
      if (values.includes(text)) fail(ctx, item, key.field, `"${text}" is listed more than once`);
      else values.push(text);
    }
    partitions[key.key] = values;
  }
  return partitions;
}

/** Jobs as read; cross-checks against pipelines happen in references.ts. */
export function readJobs(entry: MapEntry | undefined, ctx: ReadContext): Map<string, RawJob> {
  const jobs = new Map<string, RawJob>();
  for (const job of entry === undefined ? [] : (readMap(entry.value, entry.field, ctx) ?? [])) {
    if (!checkName(job, ctx)) continue;
    const body = readMap(job.value, job.field, ctx);
    if (body === undefined) continue;
    checkKeys(body, ['pipelines', 'description', 'schedule', 'partitions', 'env_passthrough', ...CONCURRENCY_KEYS], ctx);
    const list = entryFor(body, 'pipelines', { ctx, required: { mapNode: job.value, field: job.field } });
    const description = entryFor(body, 'description', { ctx });
    const scheduleEntry = entryFor(body, 'schedule', { ctx });
    const schedule = scheduleEntry && readSchedule(scheduleEntry, ctx);
    const concurrency = readConcurrency(body, ctx);
    const partitionsEntry = entryFor(body, 'partitions', { ctx });
    const partitions = partitionsEntry && readNarrowing(partitionsEntry, ctx);
    const conflict = narrowingConflict(partitions, schedule?.partitions);
    if (conflict && scheduleEntry) fail(ctx, scheduleEntry.value, `${scheduleEntry.field}.partitions`, conflict);
    const passthroughEntry = entryFor(body, 'env_passthrough', { ctx });
    const envPassthrough = passthroughEntry && readEnvPassthrough(passthroughEntry.value, passthroughEntry.field, ctx);
    const pipelines = list === undefined ? [] : (readStringList(list.value, list.field, ctx, 'pipeline names') ?? []);
    if (list !== undefined && isSeq(list.value) && list.value.items.length === 0) {
      fail(ctx, list.at, list.field, 'expected at least one pipeline');
    }
    jobs.set(job.key, {
      name: job.key,
      keyNode: job.keyNode,
      pipelines,
      ...(description !== undefined && { description: readText(description.value, description.field, ctx) }),
      ...(schedule !== undefined && { schedule }),
      ...(concurrency !== undefined && { concurrency }),
      ...(partitions !== undefined && { partitions }),
      ...(envPassthrough?.length && { envPassthrough }),
    });
  }
  return jobs;
}
