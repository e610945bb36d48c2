/**
 * The top-level `sweeps:` section.
 *
 *   sweeps:
 *     ma_grid:
 *       pipeline: backtest
 *       grid: {window: [20, 50, 100], threshold: {range: [0.5, 2.0, 0.5]}}
 *       collect: [sharpe, total_return]
 *       sort: -sharpe          # a collected metric; `-` for descending
 *       parallel: 4            # default: the CPU count
 *       mode: live             # live (default) | local
 *
 * Grid keys must be declared `params:` (a trial is `--param key=value` for
 * each); a range is Python's `range(start, stop, step)` (sweep-grid.ts).
 */
import * as os from 'node:os';
import { isMap, isScalar } from 'yaml';
import type { SweepConfig, SweepMode } from '../../../shared/config-model.js';
import { suggestionSuffix } from '../plan/did-you-mean.js';
import { MAX_TRIALS, expandRange, trialCount } from '../sweep/sweep-grid.js';
import { checkName } from './project-sections.js';
import { checkKeys, describe, entryFor, fail, readInt, readMap, readSeq, readStringList, readText, scalarText, type MapEntry, type ReadContext } from './yaml-nodes.js';

const SWEEP_KEYS = ['pipeline', 'grid', 'collect', 'sort', 'parallel', 'mode'];
const SWEEP_MODES: readonly SweepMode[] = ['live', 'local'];

/** What sweeps are checked against: the project's pipelines and declared params. */
export interface SweepScope {
  readonly pipelines: ReadonlySet<string>;
  readonly params: ReadonlySet<string>;
}

/** Reads `sweeps:`; a sweep with a problem is left out (the problem is reported). */
export function readSweeps(entry: MapEntry | undefined, ctx: ReadContext, scope: SweepScope): Map<string, SweepConfig> {
  const sweeps = new Map<string, SweepConfig>();
  for (const item of entry === undefined ? [] : (readMap(entry.value, entry.field, ctx) ?? [])) {
    if (!checkName(item, ctx)) continue;
    const sweep = readSweep(item, ctx, scope);
    if (sweep) sweeps.set(item.key, sweep);
  }
  return sweeps;
}

function readSweep(item: MapEntry, ctx: ReadContext, scope: SweepScope): SweepConfig | undefined {
  const before = ctx.report.count;
  const body = readMap(item.value, item.field, ctx);
  if (body === undefined) return undefined;
  checkKeys(body, SWEEP_KEYS, ctx);
  const required = { mapNode: item.value, field: item.field };
  const pipelineEntry = entryFor(body, 'pipeline', { ctx, required });
  const pipeline = pipelineEntry && readPipelineName(pipelineEntry, ctx, scope.pipelines);
  const gridEntry = entryFor(body, 'grid', { ctx, required });
  const grid = gridEntry && readGrid(gridEntry, ctx, scope.params);
  const collectEntry = entryFor(body, 'collect', { ctx });
  const collect = collectEntry ? readCollect(collectEntry, ctx) : [];
  const sortEntry = entryFor(body, 'sort', { ctx });
  const sort = sortEntry ? readSort(sortEntry, ctx, collect) : null;
  const parallelEntry = entryFor(body, 'parallel', { ctx });
  const parallel = parallelEntry ? readInt(parallelEntry.value, parallelEntry.field, ctx, 1) : os.availableParallelism();
  const modeEntry = entryFor(body, 'mode', { ctx });
  const mode = modeEntry ? readMode(modeEntry, ctx) : 'live';
  if (ctx.report.count > before || pipeline === undefined || grid === undefined || sort === undefined || parallel === undefined || mode === undefined) return undefined;
  return { name: item.key, pipeline, grid, collect, sort, parallel, mode };
}

function readPipelineName(entry: MapEntry, ctx: ReadContext, pipelines: ReadonlySet<string>): string | undefined {
  const name = readText(entry.value, entry.field, ctx, { nonEmpty: true });
  if (name === undefined) return undefined;
  if (pipelines.has(name)) return name;
  fail(ctx, entry.value, entry.field, `unknown pipeline "${name}"${suggestionSuffix(name, [...pipelines])}`);
  return undefined;
}

function readGrid(entry: MapEntry, ctx: ReadContext, params: ReadonlySet<string>): Record<string, string[]> | undefined {
  const items = readMap(entry.value, entry.field, ctx);
  if (items === undefined) return undefined;
  if (items.length === 0) {
    fail(ctx, entry.at, entry.field, 'expected at least one param to sweep, e.g. grid: {window: [20, 50]}');
    return undefined;
  }
  const grid: Record<string, string[]> = {};
  let ok = true;
  for (const param of items) {
    if (!params.has(param.key)) {
      const hint = suggestionSuffix(param.key, [...params]) || (params.size ? `; the declared params are: ${[...params].join(', ')}` : '; declare it under params: first');
      ctx.report.at(param.keyNode, param.field, `"${param.key}" is not a declared param${hint}`);
      ok = false;
      continue;
    }
    const values = isMap(param.value) ? readRangeValues(param, ctx) : readListValues(param, ctx);
    if (values === undefined) ok = false;
    else grid[param.key] = values;
  }
  if (!ok) return undefined;
  if (trialCount(grid) > MAX_TRIALS) {
    fail(ctx, entry.value, entry.field, `the grid has ${trialCount(grid)} trials; at most ${MAX_TRIALS}`);
    return undefined;
  }
  return grid;
}

function readListValues(param: MapEntry, ctx: ReadContext): string[] | undefined {
  const items = readSeq(param.value, param.field, ctx, 'a list of values or {range: [start, stop, step]}');
  if (items === undefined) return undefined;
  if (items.length === 0) {
    fail(ctx, param.at, param.field, 'expected at least one value');
    return undefined;
  }
  const values: string[] = [];
  for (const item of items) {
    const text = scalarText(item);
    if (text === undefined) {
      fail(ctx, item, param.field, `expected a string, number or boolean, got ${describe(item)}`);
      return undefined;
    }
    if (values.includes(text)) {
      fail(ctx, item, param.field, `"${text}" is listed more than once`);
      return undefined;
    }
    values.push(text);
  }
  return values;
}

function readRangeValues(param: MapEntry, ctx: ReadContext): string[] | undefined {
  const body = readMap(param.value, param.field, ctx) ?? [];
  checkKeys(body, ['range'], ctx);
  const rangeEntry = entryFor(body, 'range', { ctx, required: { mapNode: param.value, field: param.field } });
  if (rangeEntry === undefined) return undefined;
  const items = readSeq(rangeEntry.value, rangeEntry.field, ctx, 'a list [start, stop, step]');
  if (items === undefined) return undefined;
  if (items.length !== 3 && items.length !== 2) {
    fail(ctx, rangeEntry.value, rangeEntry.field, `expected [start, stop, step] (step optional, default 1), got ${items.length} item${items.length === 1 ? '' : 's'}`);
    return undefined;
  }
  const numbers: number[] = [];
  for (const item of items) {
    const value = isScalar(item) ? item.value : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail(ctx, item, rangeEntry.field, `expected a number, got ${describe(item)}`);
      return undefined;
    }
    numbers.push(value);
  }
  const values = expandRange(numbers[0]!, numbers[1]!, numbers[2] ?? 1);
  if (typeof values === 'string') {
    fail(ctx, rangeEntry.value, rangeEntry.field, values);
    return undefined;
  }
  return values;
}

function readCollect(entry: MapEntry, ctx: ReadContext): string[] {
  const names: string[] = [];
  for (const ref of readStringList(entry.value, entry.field, ctx, 'metric names') ?? []) {
    if (names.includes(ref.value)) ctx.report.at(ref.node, entry.field, `"${ref.value}" is listed more than once`);
    else names.push(ref.value);
  }
  return names;
}

function readSort(entry: MapEntry, ctx: ReadContext, collect: readonly string[]): SweepConfig['sort'] | undefined {
  const text = readText(entry.value, entry.field, ctx, { nonEmpty: true });
  if (text === undefined) return undefined;
  const descending = text.startsWith('-');
  const metric = descending ? text.slice(1) : text;
  if (collect.includes(metric)) return { metric, descending };
  const hint = suggestionSuffix(metric, collect) || (collect.length ? `; collect lists: ${collect.join(', ')}` : '; list it under collect: first');
  fail(ctx, entry.value, entry.field, `"${metric}" is not a collected metric${hint}`);
  return undefined;
}

function readMode(entry: MapEntry, ctx: ReadContext): SweepMode | undefined {
  const text = readText(entry.value, entry.field, ctx);
  if (text === undefined) return undefined;
  const mode = SWEEP_MODES.find((m) => m === text);
  if (mode === undefined) fail(ctx, entry.value, entry.field, `unknown mode "${text}"; expected one of: ${SWEEP_MODES.join(', ')}${suggestionSuffix(text, SWEEP_MODES)}`);
  return mode;
}
