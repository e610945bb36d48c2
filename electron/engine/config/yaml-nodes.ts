/**
 * Typed readers over the yaml AST.
 *
 * Each reader either returns a value or records a problem at the offending
 * node and returns undefined, so the loader keeps going and reports every
 * problem in one pass instead of stopping at the first.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import { suggestionSuffix } from '../plan/did-you-mean.js';
import type { Located, ProblemCollector } from './problems.js';
import { parseDuration } from './duration.js';

/** What every reader needs: the document (to resolve aliases) and where to report. */
export interface ReadContext {
  readonly doc: Document;
  readonly report: ProblemCollector;
  /** The project's static partition keys and values, once read (for `partitions:` narrowing). */
  readonly partitions?: Readonly<Record<string, readonly string[]>>;
}

/** A yaml node (or null when a key has no value node at all). */
export type YamlNode = Located & object;

/** One `key: value` of a mapping, with the nodes to point at. */
export interface MapEntry {
  readonly key: string;
  readonly keyNode: YamlNode;
  /** The value node, aliases resolved; a null scalar when the value is empty. */
  readonly value: unknown;
  /** Where to point for a bad value: the value node, or the key when there is none. */
  readonly at: YamlNode;
  /** Dotted field path of this entry. */
  readonly field: string;
}

/** Joins a parent field path and a key (`pipelines` + `data` → `pipelines.data`). */
export function joinField(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** Follows an alias to its anchored node; reports aliases to unknown anchors. */
export function deref(node: unknown, field: string, ctx: ReadContext): unknown {
  if (!isAlias(node)) return node;
  const target = node.resolve(ctx.doc);
  if (target === undefined) {
    ctx.report.at(node, field, `unknown alias *${node.source}`);
    return undefined;
  }
  return target;
}

/** Human description of what a node holds, for "expected X, got Y" messages. */
export function describe(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    return node.source ?? String(value);
  }
  return 'null';
}

/** The text of a scalar as the user wrote it (numbers keep leading zeros), or undefined. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return node.source ?? String(value);
  }
  return undefined;
}

/** True for an explicit `null`/`~` or an empty value. */
export function isNullNode(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** The entries of a mapping, or undefined (and a problem) when `node` is not one. */
export function readMap(node: unknown, field: string, ctx: ReadContext): MapEntry[] | undefined {
  const map = deref(node, field, ctx);
  if (!isMap(map)) {
    fail(ctx, map, field, `expected a mapping, got ${describe(map)}`);
    return undefined;
  }
  const entries: MapEntry[] = [];
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    const key = scalarText(pair.key);
    if (key === undefined) {
      ctx.report.at(asLocated(pair.key), field, `expected a plain key, got ${describe(pair.key)}`);
      continue;
    }
    const entryField = joinField(field, key);
    const keyNode = pair.key as YamlNode;
    const value = deref(pair.value, entryField, ctx);
    const at = typeof value === 'object' && value !== null ? (value as YamlNode) : keyNode;
    entries.push({ key, keyNode, value, at, field: entryField });
  }
  return entries;
}

/** The items of a list, or undefined (and a problem) when `node` is not one. */
export function readSeq(node: unknown, field: string, ctx: ReadContext, expected = 'a list'): unknown[] | undefined {
  const seq = deref(node, field, ctx);
  if (!isSeq(seq)) {
    fail(ctx, seq, field, `expected ${expected}, got ${describe(seq)}`);
    return undefined;
  }
  return seq.items.map((item) => deref(item, field, ctx));
}

/** Reports keys not in `known`, suggesting the closest known key. */
export function checkKeys(entries: readonly MapEntry[], known: readonly string[], ctx: ReadContext): void {
  for (const entry of entries) {
    if (known.includes(entry.key)) continue;
    const hint = suggestionSuffix(entry.key, known) || `; expected one of: ${known.join(', ')}`;
    ctx.report.at(entry.keyNode, entry.field, `unknown key${hint}`);
  }
}

/** Looks up `key`; reports it as missing (at `mapNode`) when `required` and absent. */
export function entryFor(
  entries: readonly MapEntry[],
  key: string,
  opts: { readonly required?: { readonly mapNode: unknown; readonly field: string }; readonly ctx: ReadContext },
): MapEntry | undefined {
  const entry = entries.find((e) => e.key === key);
  if (entry === undefined && opts.required !== undefined) {
    opts.ctx.report.at(asLocated(opts.required.mapNode), joinField(opts.required.field, key), 'missing required key');
  }
  return entry;
}

/** A scalar as text (strings, numbers, booleans); null and collections are problems. */
export function readText(
  node: unknown,
  field: string,
  ctx: ReadContext,
  opts: { readonly nonEmpty?: boolean } = {},
): string | undefined {
  const text = scalarText(node);
  if (text === undefined) {
    fail(ctx, node, field, `expected a string, got ${describe(node)}`);
    return undefined;
  }
  if (opts.nonEmpty === true && text.trim() === '') {
    fail(ctx, node, field, 'expected a non-empty string');
    return undefined;
  }
  return text;
}

/** An integer ≥ `min` (no bound when min is undefined). */
export function readInt(node: unknown, field: string, ctx: ReadContext, min?: number): number | undefined {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && (min === undefined || value >= min)) return value;
  const expected =
    min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : min === undefined ? 'an integer' : `an integer ≥ ${min}`;
  fail(ctx, node, field, `expected ${expected}, got ${describe(node)}`);
  return undefined;
}

/** true or false. */
export function readBool(node: unknown, field: string, ctx: ReadContext): boolean | undefined {
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  fail(ctx, node, field, `expected true or false, got ${describe(node)}`);
  return undefined;
}

/** A number within [min, max] (either bound optional). */
export function readNumber(
  node: unknown,
  field: string,
  ctx: ReadContext,
  bounds: { readonly min?: number; readonly max?: number },
): number | undefined {
  const value = isScalar(node) ? node.value : undefined;
  const { min, max } = bounds;
  if (typeof value === 'number' && Number.isFinite(value) && (min === undefined || value >= min) && (max === undefined || value <= max)) {
    return value;
  }
  const expected =
    min !== undefined && max !== undefined ? `a number from ${min} to ${max}` : min !== undefined ? `a number ≥ ${min}` : 'a number';
  fail(ctx, node, field, `expected ${expected}, got ${describe(node)}`);
  return undefined;
}

/** The longest duration accepted anywhere (timeouts, delays, windows): a year. */
export const MAX_DURATION_MS = 365 * 86_400_000;

/** A duration in ms (at most MAX_DURATION_MS); with `nullable`, an explicit null is returned as null ("none"). */
export function readDuration(
  node: unknown,
  field: string,
  ctx: ReadContext,
  opts: { readonly nullable?: boolean } = {},
): number | null | undefined {
  if (opts.nullable === true && isNullNode(node)) return null;
  const value = isScalar(node) ? node.value : undefined;
  const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : null;
  if (ms !== null && ms > MAX_DURATION_MS) {
    fail(ctx, node, field, `${String(value)} is longer than the longest duration Tickwork takes (365d)`);
    return undefined;
  }
  if (ms !== null) return ms;
  const none = opts.nullable === true ? ', or null for none' : '';
  fail(ctx, node, field, `expected a duration like 500ms, 30s, 5m, 1h30m or 2d${none}, got ${describe(node)}`);
  return undefined;
}

/** A list of non-empty strings, each with its node so later checks can point at it. */
export function readStringList(
  node: unknown,
  field: string,
  ctx: ReadContext,
  what: string,
): Array<{ readonly value: string; readonly node: YamlNode }> | undefined {
  const items = readSeq(node, field, ctx, `a list of ${what}`);
  if (items === undefined) return undefined;
  const out: Array<{ value: string; node: YamlNode }> = [];
  for (const item of items) {
    const value = readText(item, field, ctx, { nonEmpty: true });
    if (value !== undefined) out.push({ value, node: item as YamlNode });
  }
  return out;
}

/** Records a problem at `node`, unless it is an unresolved alias (already reported). */
export function fail(ctx: ReadContext, node: unknown, field: string, message: string): void {
  if (node !== undefined) ctx.report.at(asLocated(node), field, message);
}

/** Narrows an unknown node to something a problem can point at. */
export function asLocated(node: unknown): Located {
  return typeof node === 'object' && node !== null ? (node as Located) : undefined;
}

/** A library's message as a problem's message: "Invalid ..." → "invalid ...". */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
