/**
 * The Runs view's filters live in its URL (`/runs?state=failed&pipeline=prices`),
 * so a filtered list can be linked and survives a reload. Pure conversions
 * between the query string and the contract's RunListFilters.
 */
import type { RunListFilters } from '../../../shared/api-contract.js';
import { RUN_STATES, type RunState } from '../../../shared/state-machines.js';
import type { RunTrigger } from '../../../shared/run-model.js';

/** Every trigger, as the Trigger filter offers them. */
export const RUN_TRIGGERS: readonly RunTrigger[] = ['cli', 'schedule', 'api', 'backfill', 'tray', 'ensure', 'debug', 'sweep'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `region=eu, date=2024-01-02` as a record; null when a part is not key=value. */
export function parsePartitionText(text: string): Record<string, string> | null {
  const result: Record<string, string> = {};
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const match = /^([A-Za-z0-9_-]+)=(.+)$/.exec(part);
    if (!match) return null;
    result[match[1]!] = match[2]!;
  }
  return result;
}

/** A partition record as the text the filter field shows. */
export function partitionFilterText(partition: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(partition ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** The filters a query string asks for; values that cannot be valid are left out. */
export function filtersFromSearch(search: string): RunListFilters {
  const q = new URLSearchParams(search);
  const get = (name: string): string | undefined => q.get(name)?.trim() || undefined;
  const state = get('state');
  const trigger = get('trigger');
  const from = get('from');
  const to = get('to');
  const partition = parsePartitionText(get('partition') ?? '');
  const filters: { -readonly [K in keyof RunListFilters]: RunListFilters[K] } = {};
  const project = get('project');
  const pipeline = get('pipeline');
  const text = get('q');
  if (project) filters.project = project;
  if (pipeline) filters.pipeline = pipeline;
  if (state && (RUN_STATES as readonly string[]).includes(state)) filters.state = state as RunState;
  if (trigger && (RUN_TRIGGERS as readonly string[]).includes(trigger)) filters.trigger = trigger as RunTrigger;
  if (from && DATE.test(from)) filters.from = from;
  if (to && DATE.test(to)) filters.to = to;
  if (partition && Object.keys(partition).length) filters.partition = partition;
  if (text) filters.text = text;
  return filters;
}

/** The query string (without `?`) of `filters`, keys in a fixed order. */
export function searchFromFilters(filters: RunListFilters): string {
  const q = new URLSearchParams();
  if (filters.project) q.set('project', filters.project);
  if (filters.pipeline) q.set('pipeline', filters.pipeline);
  if (filters.state) q.set('state', filters.state);
  if (filters.trigger) q.set('trigger', filters.trigger);
  if (filters.from) q.set('from', filters.from);
  if (filters.to) q.set('to', filters.to);
  if (filters.partition && Object.keys(filters.partition).length) q.set('partition', partitionFilterText(filters.partition));
  if (filters.text) q.set('q', filters.text);
  return q.toString();
}
