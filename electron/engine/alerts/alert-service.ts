/**
 * The daemon's alerting: evaluates the rules and sends the deliveries.
 * Journal rules (a run failed) are read on every `tick()` the daemon makes
 * and right after the engine finishes a run; condition rules (stale, error
 * rate, long-running, stuck) every 30 s. An invalid project
 * edit raises `config_invalid`, resolved when the file loads again; a
 * schedule slot that could not create its runs raises `schedule_failed`,
 * resolved when a later slot of that schedule creates them.
 */
import type { ConfigProblem, ProjectConfig } from '../../../shared/config-model.js';
import type { Db } from '../store/open-store.js';
import { formatProblem } from '../config/index.js';
import { lastEventSeq } from '../store/event-journal.js';
import { alertCursor } from '../store/alert-store.js';
import { AlertMonitor } from './alert-monitor.js';
import { AlertDispatcher } from './alert-dispatcher.js';
import type { DesktopClaims } from './desktop-claims.js';
import { slotDate, type ScheduledTarget } from '../schedule/scheduled-targets.js';

/** One open schedule_failed alert per schedule. */
function scheduleAlertKey(target: ScheduledTarget): string {
  return `schedule_failed|${target.key}`;
}

/** A slot as the schedule's zone reads it, e.g. `2025-02-03 19:00 America/New_York`. */
function formatSlot(slot: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(slot);
  return `${parts.replace(',', '')} ${timeZone}`;
}

/** Construction options of an AlertService. */
export interface AlertServiceOptions {
  readonly db: Db;
  readonly projects: () => readonly ProjectConfig[];
  readonly log: (line: string) => void;
  /** Alerts were opened or resolved: events were appended to the journal (live views read them now). */
  readonly onJournal?: () => void;
  /** The desktop app's claims on the desktop channel (absent: node-notifier shows every desktop delivery). */
  readonly desktop?: DesktopClaims;
}

/** How often the condition rules are re-checked. */
const CONDITIONS_EVERY_MS = 30_000;

/** See the file comment. */
export class AlertService {
  readonly monitor: AlertMonitor;
  readonly dispatcher: AlertDispatcher;
  private lastConditions = -Infinity;
  private soon: NodeJS.Immediate | null = null;

  constructor(private readonly options: AlertServiceOptions) {
    this.monitor = new AlertMonitor({ db: options.db, projects: options.projects });
    this.dispatcher = new AlertDispatcher({ db: options.db, now: Date.now, log: options.log, ...(options.desktop ? { desktop: options.desktop } : {}) });
  }

  /** Evaluates what is due and sends what is queued; the daemon calls it on its poll. */
  tick(): void {
    const now = Date.now();
    const conditionsDue = now - this.lastConditions >= CONDITIONS_EVERY_MS;
    if (conditionsDue || lastEventSeq(this.options.db) > alertCursor(this.options.db)) {
      if (conditionsDue) this.lastConditions = now;
      try {
        const { opened, resolved } = this.monitor.evaluate(now, { conditions: conditionsDue });
        for (const alert of opened) this.options.log(`alert opened: ${alert.title} — ${alert.body}`);
        for (const alert of resolved) this.options.log(`alert resolved: ${alert.title} (${alert.resolution ?? 'cleared'})`);
        if (opened.length > 0 || resolved.length > 0) this.options.onJournal?.();
      } catch (error) {
        this.options.log(`alert evaluation failed: ${(error as Error).message}`);
      }
    }
    this.dispatcher.pump().catch((error: Error) => this.options.log(`alert delivery failed: ${error.message}`));
  }

  /** Ticks on the next turn of the event loop (after the engine's transition has committed). */
  tickSoon(): void {
    this.soon ??= setImmediate(() => {
      this.soon = null;
      this.tick();
    });
  }

  /** Raises (or keeps open) the alert for an invalid edit of `file`. */
  configInvalid(file: string, problems: readonly ConfigProblem[], lastGood: ProjectConfig | undefined): void {
    this.guarded('raise the invalid-config alert', () => this.raiseInvalid(file, problems, lastGood));
  }

  /** Resolves the invalid-config alert of `file`, if one is open. */
  configValid(file: string): void {
    this.guarded('resolve the invalid-config alert', () => {
      if (!this.monitor.clear(`config_invalid|${file}`, 'the file loads again', Date.now())) return;
      this.options.onJournal?.();
      this.tickSoon();
    });
  }

  /** Raises (or keeps open) the alert of a schedule whose slot could not create its runs. */
  scheduleFailed(target: ScheduledTarget, slot: number, reason: string): void {
    this.guarded('raise the schedule-failed alert', () => {
      const date = slotDate(target.schedule, slot);
      this.monitor.raise(
        {
          rule: 'schedule_failed',
          key: scheduleAlertKey(target),
          severity: 'error',
          project: target.project.name,
          pipeline: target.name,
          runId: null,
          partitionKey: null,
          title: `schedule of ${target.kind} ${target.name} failed at ${formatSlot(slot, target.schedule.timezone)}`,
          body: `${reason} — no run was created for ${date}; fix it, then \`tickwork run ${target.name} --date ${date}\` runs the missed slot`,
          channels: target.project.alertChannels,
        },
        Date.now(),
      );
      this.options.onJournal?.();
      this.tickSoon();
    });
  }

  /** Resolves the schedule-failed alert of `target`, if one is open: its slot at `slot` created its runs. */
  scheduleOk(target: ScheduledTarget, slot: number): void {
    this.guarded('resolve the schedule-failed alert', () => {
      const resolution = `the slot at ${formatSlot(slot, target.schedule.timezone)} created its runs`;
      if (!this.monitor.clear(scheduleAlertKey(target), resolution, Date.now())) return;
      this.options.onJournal?.();
      this.tickSoon();
    });
  }

  /** Stops the timers and waits for the delivery in flight (queued ones wait for the next start). */
  async stop(): Promise<void> {
    if (this.soon) clearImmediate(this.soon);
    this.soon = null;
    await this.dispatcher.stop();
  }

  /** Alerting must never take the daemon down: a failure (say the store is busy) is logged and retried later. */
  private guarded(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.options.log(`could not ${what}: ${(error as Error).message}`);
    }
  }

  private raiseInvalid(file: string, problems: readonly ConfigProblem[], lastGood: ProjectConfig | undefined): void {
    const shown = problems.slice(0, 3).map(formatProblem);
    const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
    this.monitor.raise(
      {
        rule: 'config_invalid',
        key: `config_invalid|${file}`,
        severity: 'error',
        project: lastGood?.name ?? null,
        pipeline: null,
        runId: null,
        partitionKey: null,
        title: 'tickwork.yaml is invalid; keeping the last good config',
        body: `${shown.join('; ')}${more}`,
        ...(lastGood ? { channels: lastGood.alertChannels } : {}),
      },
      Date.now(),
    );
    this.options.onJournal?.();
    this.tickSoon();
  }
}
