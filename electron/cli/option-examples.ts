/**
 * A value to show for each option that takes one, for `--date needs a value,
 * e.g. --date 2025-02-03`. Kept apart from help.ts, which imports every
 * command (and so, through them, args.ts); an option missing here still gets
 * a message, pointing at `--help`.
 */

/** An example value of each string option of the CLI, by option name. */
export const OPTION_EXAMPLES: Readonly<Record<string, string>> = {
  attempt: '2',
  calendar: 'NYSE',
  concurrency: '4',
  date: '2025-02-03',
  for: '1h',
  format: 'dot',
  from: '2025-02-03',
  limit: '5',
  mode: 'local',
  next: '3',
  param: 'threshold=5',
  partition: 'region=US',
  pipeline: 'metrics',
  port: '8080',
  project: '~/research/tetra',
  state: 'failed',
  tail: '20',
  task: 'data',
  to: '2025-02-07',
  until: '2025-12-01T09:00',
};
