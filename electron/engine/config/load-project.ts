/**
 * Loads tickwork.yaml into a validated ProjectConfig.
 *
 * Never throws for anything a user can cause: unreadable files, YAML syntax
 * errors and schema violations all come back as ConfigProblems, every one of
 * them found in a single pass and sorted by position.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument, visit, isPair, isScalar, isSeq, type Document } from 'yaml';
import { parseFast } from './fast-yaml.js';
import type { ConfigProblem, JobConfig, PipelineConfig, ProjectConfig } from '../../../shared/config-model.js';
import { PROJECT_FILE_NAME } from './find-project-file.js';
import { readPipeline, type RawPipeline } from './pipeline-section.js';
import { ProblemCollector } from './problems.js';
import {
  checkName,
  machineTimezone,
  readJobs,
  readParams,
  readPartitions,
  readPools,
  readTimezone,
} from './project-sections.js';
import { checkReferences, type RawJob } from './references.js';
import { resolveSchedule } from './schedule-section.js';
import { BUILTIN_ALERT_RULES, mergeAlertRules, readProjectAlerts, type PartialAlertRules } from './alerts-section.js';
import { EXECUTION_KEYS, builtinSettings, mergeSettings, readSettings, type SettingsScope } from './settings.js';
import { checkKeys, entryFor, lowerFirst, readMap, readText, type ReadContext } from './yaml-nodes.js';
import { readLogMax, readRetention } from './housekeeping-section.js';
import { readDatasets, readLake } from './datasets-section.js';
import { readSweeps } from './sweeps-section.js';

/** Either a validated project or every problem found in the file. */
export type LoadResult =
  | { readonly ok: true; readonly project: ProjectConfig }
  | { readonly ok: false; readonly problems: ConfigProblem[] };

const TOP_LEVEL_KEYS = ['name', 'timezone', 'defaults', 'pools', 'params', 'partitions', 'pipelines', 'jobs', 'alerts', 'log_max', 'retention', 'datasets', 'lake', 'sweeps'];

/** Loads and validates a project from its tickwork.yaml, or from a directory holding one. */
export function loadProject(fileOrDir: string): LoadResult {
  const file = projectFilePath(path.resolve(fileOrDir));
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const report = new ProblemCollector(file);
    report.at(undefined, '', readFailure(error));
    return { ok: false, problems: report.sorted() };
  }
  return loadProjectSource(source, file);
}

/** Validates YAML text as if read from `file` (absolute); useful for editors and tests. */
export function loadProjectSource(source: string, file: string): LoadResult {
  return loadValidFast(source, file) ?? loadWithPositions(source, file);
}

/**
 * The common case — a valid file — without the positional parse: js-yaml
 * reads a 1000-pipeline file several times faster than the CST/AST parser,
 * and the same validator runs on a node tree built from its result. Any
 * problem at all (or anything js-yaml refuses, such as a duplicate key) falls
 * back to the positional parse, which then reports it with line and column.
 * Both read YAML 1.2's core schema and keep scalars' source text (fast-yaml.ts).
 */
function loadValidFast(source: string, file: string): LoadResult | null {
  let doc: Document;
  try {
    doc = parseFast(source, file);
  } catch {
    return null;
  }
  const report = new ProblemCollector(file, new LineCounter());
  const project = readProject(doc.contents, { doc, report }, file);
  return report.count === 0 && project !== undefined ? { ok: true, project } : null;
}

/** The positional parse alone (exported so tests can check both paths agree). */
export function loadWithPositions(source: string, file: string): LoadResult {
  const lineCounter = new LineCounter();
  // uniqueKeys is checked below in one pass: the library's own check compares
  // every pair of keys, which dominates start-up on a 1000-pipeline file.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const report = new ProblemCollector(file, lineCounter);
  for (const error of doc.errors) {
    // The library's own wording for this one points at its API, not at the user's file.
    const message = error.code === 'MULTIPLE_DOCS' ? 'expected a single YAML document; remove the extra "---"' : lowerFirst(error.message);
    report.atOffset(error.pos[0], '', message);
  }
  // After real syntax errors the tree is a guess, and validating it would
  // bury the real problem under noise. Duplicate keys leave a usable tree.
  if (doc.errors.length > 0) return { ok: false, problems: report.sorted() };
  // An unknown `!tag` would be dropped without a word; YAML's own `!!` tags are read by the validator.
  for (const warning of doc.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED' && !warning.message.includes('tag:yaml.org,2002:')) report.atOffset(warning.pos[0], '', lowerFirst(warning.message));
  }
  reportDuplicateKeys(doc.contents, report);

  const project = readProject(doc.contents, { doc, report }, file);
  return report.count > 0 || project === undefined
    ? { ok: false, problems: report.sorted() }
    : { ok: true, project };
}

function readProject(root: unknown, ctx: ReadContext, file: string): ProjectConfig | undefined {
  if (root === null || root === undefined) {
    ctx.report.at(undefined, '', 'the file is empty; it needs at least name and pipelines');
    return undefined;
  }
  const top = readMap(root, '', ctx);
  if (top === undefined) return undefined;
  checkKeys(top, TOP_LEVEL_KEYS, ctx);
  const required = { mapNode: root, field: '' };
  const nameEntry = entryFor(top, 'name', { ctx, required });
  const name = nameEntry && readText(nameEntry.value, nameEntry.field, ctx, { nonEmpty: true });
  const zoneEntry = entryFor(top, 'timezone', { ctx });
  const timezone = zoneEntry === undefined ? machineTimezone() : readTimezone(zoneEntry.value, zoneEntry.field, ctx);
  const pools = readPools(entryFor(top, 'pools', { ctx }), ctx);
  const params = readParams(entryFor(top, 'params', { ctx }), ctx);
  const declared = readPartitions(entryFor(top, 'partitions', { ctx }), ctx);
  // Later sections check their `partitions:` narrowing against the declared keys and values.
  ctx = { ...ctx, partitions: declared };
  const partitions = declared;
  const alerts = readProjectAlerts(entryFor(top, 'alerts', { ctx }), ctx);
  const dir = path.dirname(file);
  const scope: SettingsScope = {
    ...ctx,
    dir,
    pools: new Set(Object.keys(pools)),
    partitionKeys: new Set(Object.keys(partitions)),
    paramNames: new Set(Object.keys(params)),
  };

  const defaultsEntry = entryFor(top, 'defaults', { ctx });
  const defaultsBody = defaultsEntry && readMap(defaultsEntry.value, defaultsEntry.field, ctx);
  if (defaultsBody !== undefined) checkKeys(defaultsBody, EXECUTION_KEYS, ctx);
  const logMaxEntry = entryFor(top, 'log_max', { ctx });
  const projectLogMax = logMaxEntry === undefined ? {} : { logMaxBytes: readLogMax(logMaxEntry.value, logMaxEntry.field, ctx) };
  const retention = readRetention(entryFor(top, 'retention', { ctx }), ctx);
  const base = mergeSettings(builtinSettings(dir), projectLogMax, defaultsBody === undefined ? {} : readSettings(defaultsBody, scope));

  const rawPipelines = readPipelines(entryFor(top, 'pipelines', { ctx, required }), scope);
  const rawJobs = readJobs(entryFor(top, 'jobs', { ctx }), ctx);
  const rawDatasets = readDatasets(entryFor(top, 'datasets', { ctx }), ctx, scope.partitionKeys);
  const lake = readLake(entryFor(top, 'lake', { ctx }), ctx, { dir, projectName: name });
  const sweeps = readSweeps(entryFor(top, 'sweeps', { ctx }), ctx, { pipelines: new Set(rawPipelines.keys()), params: scope.paramNames });
  checkReferences(rawPipelines, rawJobs, ctx, new Set(rawDatasets.keys()));
  if (ctx.report.count > 0 || name === undefined || timezone === undefined) return undefined;
  const datasets = new Map([...rawDatasets.values()].map(({ keyNode: _keyNode, ...dataset }) => [dataset.name, dataset] as const));

  const pipelines = new Map<string, PipelineConfig>();
  for (const raw of rawPipelines.values()) pipelines.set(raw.name, buildPipeline(raw, { base, timezone, alerts: alerts.rules }));
  const jobs = new Map<string, JobConfig>();
  for (const raw of rawJobs.values()) jobs.set(raw.name, buildJob(raw, timezone));
  return { name, timezone, dir, file, pools, params, partitions, pipelines, jobs, alertChannels: alerts.channels, retention, datasets, lake, sweeps };
}

function readPipelines(entry: ReturnType<typeof entryFor>, scope: SettingsScope): Map<string, RawPipeline> {
  const pipelines = new Map<string, RawPipeline>();
  if (entry === undefined) return pipelines;
  const entries = readMap(entry.value, entry.field, scope);
  if (entries === undefined) return pipelines;
  if (entries.length === 0) scope.report.at(entry.at, entry.field, 'expected at least one pipeline');
  for (const item of entries) {
    if (!checkName(item, scope)) continue;
    const raw = readPipeline(item.key, item.keyNode, item.value, item.field, scope);
    // A placeholder keeps the name known, so references to it are not flagged as well.
    pipelines.set(item.key, raw ?? { name: item.key, keyNode: item.keyNode, dependsOn: [], provides: [], requires: [], onError: [], settings: {} });
  }
  return pipelines;
}

/** What every pipeline inherits from the project. */
interface ProjectLayer {
  readonly base: ReturnType<typeof builtinSettings>;
  readonly timezone: string;
  readonly alerts: PartialAlertRules;
}

function buildPipeline(raw: RawPipeline, { base, timezone, alerts }: ProjectLayer): PipelineConfig {
  if (raw.command === undefined) throw new Error(`pipeline ${raw.name} has no command after validation`);
  return {
    ...mergeSettings(base, raw.settings),
    name: raw.name,
    ...(raw.description !== undefined && { description: raw.description }),
    command: raw.command,
    dependsOn: raw.dependsOn.map((r) => r.value),
    provides: raw.provides.map((r) => r.value),
    requires: raw.requires.map((r) => r.value),
    onError: raw.onError,
    ...(raw.waitFor !== undefined && { waitFor: raw.waitFor }),
    ...(raw.schedule !== undefined && { schedule: resolveSchedule(raw.schedule, timezone) }),
    ...(raw.concurrency !== undefined && { concurrency: raw.concurrency }),
    ...(raw.partitions !== undefined && { partitions: raw.partitions }),
    ...(raw.outputs !== undefined && { outputs: raw.outputs }),
    ...(raw.keepAwake === true && { keepAwake: true as const }),
    alerts: mergeAlertRules(BUILTIN_ALERT_RULES, alerts, raw.alerts ?? {}),
  };
}

function buildJob(raw: RawJob, timezone: string): JobConfig {
  return {
    name: raw.name,
    ...(raw.description !== undefined && { description: raw.description }),
    pipelines: raw.pipelines.map((r) => r.value),
    ...(raw.schedule !== undefined && { schedule: resolveSchedule(raw.schedule, timezone) }),
    ...(raw.concurrency !== undefined && { concurrency: raw.concurrency }),
    ...(raw.partitions !== undefined && { partitions: raw.partitions }),
    ...(raw.envPassthrough !== undefined && { envPassthrough: raw.envPassthrough }),
  };
}

function projectFilePath(resolved: string): string {
  try {
    if (fs.statSync(resolved).isDirectory()) return path.join(resolved, PROJECT_FILE_NAME);
  } catch {
    // Missing paths are reported when the read fails, with the path the user gave.
  }
  return resolved;
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read file: permission denied';
  if (code === 'EISDIR') return 'expected a file, found a directory';
  return `cannot read file: ${(error as Error).message}`;
}

/** Reports every repeated key of every mapping, at the repeat (linear time). */
function reportDuplicateKeys(root: unknown, report: ProblemCollector): void {
  visit(root as Parameters<typeof visit>[0], {
    Map(_, map, ancestors) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          const field = [...fieldPath(ancestors, map), String(key)].join('.');
          report.atOffset(isScalar(pair.key) ? pair.key.range?.[0] ?? 0 : 0, field, `duplicate key "${String(key)}"; each key may appear once (the earlier one would be lost)`);
        }
        seen.add(key);
      }
    },
  });
}

/** The dotted field path of `node` from its ancestors (keys of enclosing pairs, indexes in sequences). */
function fieldPath(ancestors: readonly unknown[], node: unknown): string[] {
  const parts: string[] = [];
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length; i++) {
    const here = chain[i];
    if (isPair(here) && isScalar(here.key)) parts.push(String(here.key.value));
    else if (isSeq(here) && i + 1 < chain.length && parts.length > 0) parts[parts.length - 1] += `[${here.items.indexOf(chain[i + 1] as never)}]`;
  }
  return parts;
}
