/**
 * The Backfill form as data, and its URL:
 * `/backfill?target=metrics&from=2024-01-02&to=2024-03-29&calendar=none&region=EU&concurrency=4&newest=1`
 * (a bare key fixes a static partition key to one value; unfixed keys fan
 * out to all their values, as `tickwork backfill` without --partition).
 */
import type { BackfillStartRequest } from '../../../shared/backfill-model.js';

/** What the form holds. */
export interface BackfillForm {
  readonly project: string | null;
  readonly target: string;
  readonly from: string;
  readonly to: string;
  /** '' the target schedule's calendar, `none` every calendar day, or a calendar's name. */
  readonly calendar: string;
  readonly partition: Readonly<Record<string, string>>;
  readonly concurrency: number;
  readonly newestFirst: boolean;
}

/** The calendar choices besides the default (the engine checks the name). */
export const CALENDAR_CHOICES: ReadonlyArray<{ readonly value: string; readonly label: string }> = [
  { value: '', label: "The target schedule's calendar" },
  { value: 'NYSE', label: 'NYSE trading days' },
  { value: 'WEEKDAYS', label: 'Weekdays' },
  { value: 'none', label: 'Every calendar day (none)' },
];

/** The most runs at once the daemon accepts. */
export const MAX_CONCURRENCY = 64;

const RESERVED = new Set(['project', 'target', 'from', 'to', 'calendar', 'concurrency', 'newest']);

/** The form a URL query describes. */
export function backfillFormFromSearch(search: string): BackfillForm {
  const query = new URLSearchParams(search);
  const partition: Record<string, string> = {};
  for (const [key, value] of query) if (!RESERVED.has(key) && value !== '') partition[key] = value;
  const concurrency = Number(query.get('concurrency') ?? 1);
  return {
    project: query.get('project') || null,
    target: query.get('target') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
    calendar: query.get('calendar') ?? '',
    partition,
    concurrency: Number.isFinite(concurrency) ? concurrency : 1,
    newestFirst: query.get('newest') === '1',
  };
}

/** The URL query of a form (defaults left out). */
export function searchFromBackfillForm(form: BackfillForm): string {
  const query = new URLSearchParams();
  if (form.project) query.set('project', form.project);
  if (form.target) query.set('target', form.target);
  if (form.from) query.set('from', form.from);
  if (form.to) query.set('to', form.to);
  if (form.calendar) query.set('calendar', form.calendar);
  for (const [key, value] of Object.entries(form.partition)) query.set(key, value);
  if (form.concurrency !== 1) query.set('concurrency', String(form.concurrency));
  if (form.newestFirst) query.set('newest', '1');
  return query.toString();
}

/** Problems the form can tell before asking the daemon, by field. */
export function backfillFormProblems(form: BackfillForm): Partial<Record<'target' | 'from' | 'to' | 'concurrency', string>> {
  const problems: Partial<Record<'target' | 'from' | 'to' | 'concurrency', string>> = {};
  if (!form.target) problems.target = 'Pick a pipeline or job';
  if (!form.from) problems.from = 'Give the first date';
  if (!form.to) problems.to = 'Give the last date';
  if (form.from && form.to && form.from > form.to) problems.to = `The last date is before the first (${form.from})`;
  if (!Number.isInteger(form.concurrency) || form.concurrency < 1 || form.concurrency > MAX_CONCURRENCY) problems.concurrency = `A whole number from 1 to ${MAX_CONCURRENCY}`;
  return problems;
}

/** The backfills.start request of a complete form, else null. */
export function backfillRequest(form: BackfillForm, project: string): BackfillStartRequest | null {
  if (Object.keys(backfillFormProblems(form)).length > 0) return null;
  return {
    project,
    target: form.target,
    from: form.from,
    to: form.to,
    ...(form.calendar ? { calendar: form.calendar } : {}),
    partition: { ...form.partition },
    concurrency: form.concurrency,
    newestFirst: form.newestFirst,
  };
}
