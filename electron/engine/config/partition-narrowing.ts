/**
 * Reading `partitions:` on a pipeline, job or schedule: which values of the
 * project's static partition keys it runs for, e.g. `partitions: {region: [US]}`
 * (a single value may be written without the list). Every key must be one
 * the project declares, every value one of that key's values.
 */
import type { PartitionNarrowing } from '../../../shared/config-model.js';
import { suggestionOrList, suggestionSuffix } from '../plan/did-you-mean.js';
import { fail, readMap, readSeq, readText, type MapEntry, type ReadContext } from './yaml-nodes.js';
import { isSeq } from 'yaml';

/** Reads the narrowing at `entry`; undefined (with problems reported) when it is invalid. */
export function readNarrowing(entry: MapEntry, ctx: ReadContext): PartitionNarrowing | undefined {
  const declared = ctx.partitions ?? {};
  const body = readMap(entry.value, entry.field, ctx);
  if (body === undefined) return undefined;
  const narrowing: Record<string, string[]> = {};
  let ok = true;
  for (const key of body) {
    const allowed = declared[key.key];
    if (!allowed) {
      const known = Object.keys(declared);
      const hint = known.length ? suggestionOrList(key.key, known, 'partition keys') : '; tickwork.yaml declares no partitions (add a top-level partitions: map)';
      fail(ctx, key.keyNode, key.field, `unknown partition key "${key.key}"${hint}`);
      ok = false;
      continue;
    }
    const items = isSeq(key.value) ? (readSeq(key.value, key.field, ctx) ?? []) : [key.value];
    if (items.length === 0) {
      fail(ctx, key.value, key.field, 'expected at least one partition value');
      ok = false;
    }
    const values: string[] = [];
    for (const item of items) {
      const text = readText(item, key.field, ctx, { nonEmpty: true });
      if (text === undefined) {
        ok = false;
        continue;
      }
      if (!allowed.includes(text)) {
        fail(ctx, item, key.field, `"${text}" is not a value of partition key "${key.key}"${suggestionSuffix(text, allowed) || ` (declared: ${allowed.join(', ')})`}`);
        ok = false;
      } else if (!values.includes(text)) values.push(text);
    }
    narrowing[key.key] = values;
  }
  return ok ? narrowing : undefined;
}

/** The first key whose values the two narrowings share none of (a schedule that could never fire a run), if any. */
export function narrowingConflict(own: PartitionNarrowing | undefined, schedule: PartitionNarrowing | undefined): string | undefined {
  if (!own || !schedule) return undefined;
  for (const [key, values] of Object.entries(schedule)) {
    const allowed = own[key];
    if (allowed && !values.some((v) => allowed.includes(v))) return `the schedule's partitions.${key} (${values.join(', ')}) shares no value with partitions.${key} (${allowed.join(', ')}) above it: this schedule could never create a run`;
  }
  return undefined;
}
