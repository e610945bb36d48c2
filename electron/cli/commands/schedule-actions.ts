/**
 * `tickwork schedule pause NAME [--for DURATION | --until TIME]` and
 * `tickwork schedule resume NAME [--catch-up]`: the dashboard's pause toggle
 * (schedule-pause.ts), through the daemon when one runs (its scheduler
 * records the skipped slots and live views hear of it at once), else on the
 * store directly. NAME is a scheduled pipeline or job of the project. Exit 0
 * when paused or resumed, or nothing needed doing; 2 for an unknown name or
 * a bad time.
 */
import { flag, parse, str, UsageError } from '../args.js';
import { CliExit, loadProjectOrExit, openHomeStore } from '../context.js';
import { parseDuration } from '../../engine/config/duration.js';
import { ApiCallError, callDaemon, daemonApi } from '../daemon-client.js';
import { scheduledTargets, type ScheduledTarget } from '../../engine/schedule/scheduled-targets.js';
import { pauseSchedule, resumeSchedule } from '../../engine/schedule/schedule-pause.js';
import type { ScheduleActionAnswer } from '../../../shared/api-contract.js';
import { time } from '../format.js';

/** Options the subcommands accept. */
export const scheduleActionOptions = {
  project: { type: 'string' },
  for: { type: 'string' },
  until: { type: 'string' },
  'catch-up': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Runs `tickwork schedule pause|resume NAME …`; resolves to the exit code. */
export async function scheduleActionCommand(action: 'pause' | 'resume', argv: readonly string[]): Promise<number> {
  const command = `schedule ${action}`;
  const args = parse(command, argv, scheduleActionOptions);
  const name = args.positionals[0];
  if (!name || args.positionals.length > 1) throw new UsageError(`tickwork ${command}: expected one scheduled pipeline or job, e.g. tickwork schedule ${action} prices`);
  if (action === 'resume' && (str(args, 'for') !== undefined || str(args, 'until') !== undefined)) throw new UsageError('tickwork schedule resume: --for and --until belong to pause');
  if (action === 'pause' && flag(args, 'catch-up')) throw new UsageError('tickwork schedule pause: --catch-up belongs to resume');
  const project = loadProjectOrExit(str(args, 'project'));
  const target = scheduledTargets(project).find((t) => t.name === name);
  if (!target) {
    const names = scheduledTargets(project).map((t) => t.name);
    throw new CliExit(2, [`tickwork ${command}: ${project.name} has no schedule named ${name}${names.length ? ` (scheduled: ${names.join(', ')})` : ''}`]);
  }
  const now = Date.now();
  const until = action === 'pause' ? pauseEnd(str(args, 'for'), str(args, 'until'), now) : null;
  const answer = await actHere(target, action, until, flag(args, 'catch-up'), now);
  if (flag(args, 'json')) process.stdout.write(JSON.stringify({ key: target.key, ...answer }) + '\n');
  else process.stdout.write(`${describe(target, action, answer)}\n`);
  return 0;
}

/** When a pause ends: --for from now, --until a time, or null (until resumed). */
function pauseEnd(forText: string | undefined, untilText: string | undefined, now: number): number | null {
  if (forText !== undefined && untilText !== undefined) throw new UsageError('tickwork schedule pause: --for and --until exclude each other');
  if (forText !== undefined) {
    const ms = parseDuration(forText);
    if (ms === null || ms <= 0) throw new UsageError(`tickwork schedule pause: --for ${forText}: expected a duration such as 30m, 1h or 2d`);
    return now + ms;
  }
  if (untilText === undefined) return null;
  const at = Date.parse(untilText);
  if (Number.isNaN(at)) throw new UsageError(`tickwork schedule pause: --until ${untilText}: expected a time such as 2025-12-01T09:00 (local) or 2025-12-01T14:00Z`);
  if (at <= now) throw new UsageError(`tickwork schedule pause: --until ${untilText} is not in the future`);
  return at;
}

/** The pause or resume, by the daemon when one runs, else here. */
async function actHere(target: ScheduledTarget, action: 'pause' | 'resume', until: number | null, catchUp: boolean, now: number): Promise<ScheduleActionAnswer> {
  const store = openHomeStore();
  const api = daemonApi(store.home.root);
  if (api) {
    try {
      return action === 'pause' ? await callDaemon(api, 'schedules.pause', { key: target.key, until }) : await callDaemon(api, 'schedules.resume', { key: target.key, catchUp });
    } catch (error) {
      // A daemon that does not serve this project leaves its schedule alone: say so rather than write behind its back.
      const hint = error instanceof ApiCallError && error.status === 404 ? ` (the running daemon does not serve ${target.project.file})` : '';
      throw new CliExit(2, [`tickwork schedule ${action}: ${(error as Error).message}${hint}`]);
    }
  }
  return action === 'pause' ? pauseSchedule(store.db, target.key, until, now) : resumeSchedule(store.db, target.key, target.schedule, catchUp, now);
}

function describe(target: ScheduledTarget, action: 'pause' | 'resume', answer: ScheduleActionAnswer): string {
  const what = `${target.kind} ${target.name}'s schedule`;
  if (action === 'pause') {
    const till = answer.paused?.until ? `until ${time(answer.paused.until)}` : 'until resumed (tickwork schedule resume ' + target.name + ')';
    return answer.changed ? `${what} paused ${till}: its slots are skipped` : `${what} is already paused ${till}`;
  }
  if (!answer.changed) return `${what} is not paused`;
  const caught = answer.catchUp.length ? `; catching up ${answer.catchUp.map((slot) => time(slot)).join(', ')}` : '; skipped slots are not caught up';
  return `${what} resumed${caught}`;
}
