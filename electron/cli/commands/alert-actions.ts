/**
 * `tickwork alerts ack ID [--json]` and `tickwork alerts snooze ID --for
 * DURATION [--json]`: the dashboard's ack and snooze (alert-attention.ts),
 * through the daemon when one runs (so live views hear of it at once), else
 * on the store directly. Exit 0 when the alert is acknowledged or snoozed, or
 * nothing needed doing (already acknowledged, already resolved); 2 for no
 * such alert or a bad duration.
 */
import { flag, parse, str, UsageError } from '../args.js';
import { CliExit, openHomeStore, type Store } from '../context.js';
import { acknowledgeAlert, snoozeAlert, type AlertActionResult } from '../../engine/alerts/alert-attention.js';
import { parseDuration } from '../../engine/config/duration.js';
import { ApiCallError, callDaemon, daemonApi } from '../daemon-client.js';
import type { AlertActionAnswer } from '../../../shared/api-contract.js';
import type { AlertRecord } from '../../../shared/alert-model.js';
import { humanDuration } from '../../../shared/durations.js';
import { iso, time } from '../format.js';

/** Options the subcommands accept. */
export const alertActionOptions = { for: { type: 'string' }, json: { type: 'boolean' } } as const;

/** The subcommands of `tickwork alerts`. */
export type AlertSubcommand = 'ack' | 'snooze';

/** Runs `tickwork alerts ack|snooze …`; resolves to the exit code. */
export async function alertActionCommand(action: AlertSubcommand, argv: readonly string[]): Promise<number> {
  const command = `alerts ${action}`;
  const args = parse(command, argv, alertActionOptions);
  const id = args.positionals[0];
  const example = action === 'ack' ? 'tickwork alerts ack 12' : 'tickwork alerts snooze 12 --for 1h';
  if (!id || !/^\d+$/.test(id) || args.positionals.length > 1) throw new UsageError(`tickwork ${command}: expected one alert id, e.g. ${example}`);
  const forMs = action === 'snooze' ? snoozeLength(str(args, 'for')) : 0;
  if (action === 'ack' && str(args, 'for') !== undefined) throw new UsageError('tickwork alerts ack: --for is for snooze (tickwork alerts snooze ID --for 1h)');
  const store = openHomeStore();
  const answer = await actHere(store, action, Number(id), forMs);
  if (answer === null) throw new CliExit(2, [`tickwork ${command}: no alert ${id} (tickwork alerts --all lists them)`]);
  if (flag(args, 'json')) process.stdout.write(JSON.stringify({ ...answer, alert: alertJson(answer.alert) }) + '\n');
  else process.stdout.write(`${describe(action, answer, forMs)}\n`);
  return 0;
}

/** The alert as `tickwork alerts --json` shows it (times as ISO text). */
export function alertJson(a: AlertRecord): Record<string, unknown> {
  return { ...a, openedAt: iso(a.openedAt), lastSeenAt: iso(a.lastSeenAt), resolvedAt: iso(a.resolvedAt), acknowledgedAt: iso(a.acknowledgedAt), snoozedUntil: iso(a.snoozedUntil) };
}

function snoozeLength(text: string | undefined): number {
  if (text === undefined) throw new UsageError('tickwork alerts snooze: say for how long, e.g. --for 1h (30m, 2h30m, 1d)');
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) throw new UsageError(`tickwork alerts snooze: --for ${text}: expected a duration such as 30m, 1h or 2d`);
  return ms;
}

/** The action, by the daemon when one runs, else here; null for no such alert. */
async function actHere(store: Store, action: AlertSubcommand, id: number, forMs: number): Promise<AlertActionAnswer | null> {
  const api = daemonApi(store.home.root);
  if (api) {
    try {
      return await (action === 'ack' ? callDaemon(api, 'alerts.ack', { id }) : callDaemon(api, 'alerts.snooze', { id, forMs }));
    } catch (error) {
      if (error instanceof ApiCallError && error.status === 404) return null;
      throw new CliExit(2, [`tickwork alerts ${action}: ${(error as Error).message}`]);
    }
  }
  const now = Date.now();
  const result: AlertActionResult = action === 'ack' ? acknowledgeAlert(store.db, id, now) : snoozeAlert(store.db, id, now + forMs, now);
  if (result.kind === 'not_found') return null;
  return result.kind === 'done' ? { changed: true, alert: result.alert } : { changed: false, why: result.why, alert: result.alert };
}

function describe(action: AlertSubcommand, answer: AlertActionAnswer, forMs: number): string {
  const { alert } = answer;
  const head = `alert ${alert.id}`;
  if (answer.why === 'resolved') return `${head} is already resolved (${alert.resolution ?? 'cleared'} at ${time(alert.resolvedAt)}); nothing to ${action === 'ack' ? 'acknowledge' : 'snooze'}: ${alert.title}`;
  if (answer.why === 'already_acknowledged') return `${head} is already acknowledged (at ${time(alert.acknowledgedAt)}): ${alert.title}`;
  if (action === 'ack') return `${head} acknowledged: ${alert.title} (it notifies no more)`;
  return `${head} snoozed for ${humanDuration(forMs)}, until ${time(alert.snoozedUntil)}: ${alert.title} (a reminder then if still open)`;
}
