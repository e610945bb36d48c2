/** runs.list's params checked and turned into the store's filter (400 naming the field otherwise). */
import type { ApiMethods } from '../../../../shared/api-contract.js';
import { RUN_STATES, type RunState } from '../../../../shared/state-machines.js';
import type { RunTrigger } from '../../../../shared/run-model.js';
import type { RunFilter } from '../../store/run-store.js';
import { HttpError } from '../http-error.js';
import { wholeNumber } from './param-checks.js';

const TRIGGERS: readonly RunTrigger[] = ['cli', 'schedule', 'api', 'backfill', 'tray', 'ensure', 'debug', 'sweep'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PARTITION_KEY = /^[A-Za-z0-9_-]+$/;
/** The most runs one call returns. */
const MAX_LIMIT = 1000;

/** The store filter of a runs.list call. */
export function runListFilter(p: ApiMethods['runs.list']['params']): RunFilter {
  const text = (name: string, value: unknown): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new HttpError(400, `${name} must be a string`);
    return value;
  };
  const oneOf = <T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined => {
    const given = text(name, value);
    if (given !== undefined && !allowed.includes(given as T)) throw new HttpError(400, `${name} must be one of ${allowed.join(', ')}, not ${given}`);
    return given as T | undefined;
  };
  const date = (name: string, value: unknown): string | undefined => {
    const given = text(name, value);
    if (given !== undefined && !DATE.test(given)) throw new HttpError(400, `${name} must be a date YYYY-MM-DD, not ${given}`);
    return given;
  };
  const partition = p.partition ?? {};
  if (typeof partition !== 'object' || Array.isArray(partition)) throw new HttpError(400, 'partition must be an object of key → value');
  for (const [key, value] of Object.entries(partition)) {
    if (!PARTITION_KEY.test(key)) throw new HttpError(400, `partition key ${JSON.stringify(key)} must be letters, digits, _ or -`);
    if (typeof value !== 'string') throw new HttpError(400, `partition.${key} must be a string`);
  }
  if (p.ids !== undefined && (!Array.isArray(p.ids) || p.ids.length > MAX_LIMIT)) throw new HttpError(400, `ids must be a list of at most ${MAX_LIMIT} run ids`);
  const limit = p.limit === undefined ? 50 : wholeNumber(p.limit, 'limit');
  if (limit < 1 || limit > MAX_LIMIT) throw new HttpError(400, `limit must be from 1 to ${MAX_LIMIT}`);
  const filter: { -readonly [K in keyof RunFilter]: RunFilter[K] } = { limit };
  const project = text('project', p.project);
  const pipeline = text('pipeline', p.pipeline);
  const state = oneOf<RunState>('state', p.state, RUN_STATES);
  const trigger = oneOf('trigger', p.trigger, TRIGGERS);
  const from = date('from', p.from);
  const to = date('to', p.to);
  const search = text('text', p.text)?.trim();
  if (project) filter.projectFiles = [project];
  if (pipeline) filter.pipeline = pipeline;
  if (state) filter.state = state;
  if (trigger) filter.trigger = trigger;
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (Object.keys(partition).length) filter.partition = partition;
  if (search) filter.text = search;
  if (p.before !== undefined) filter.before = wholeNumber(p.before, 'before');
  if (p.ids !== undefined) filter.ids = p.ids.map((id, i) => wholeNumber(id, `ids[${i}]`));
  return filter;
}
