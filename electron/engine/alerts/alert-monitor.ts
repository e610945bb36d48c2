/**
 * Decides which alerts are open. Each evaluation, in one write transaction:
 * reads the events journal after its stored cursor (run failed, retries
 * exhausted, later successes that resolve them), re-derives the condition
 * alerts (stale, error rate, long-running, stuck) and reconciles them with
 * the open ones, and moves the cursor. Opening or resolving queues the
 * deliveries in the same transaction (alert-store.ts); sending them is the
 * dispatcher's job. Everything lives in the store, so any process — the
 * daemon, or `tickwork alerts` — can evaluate, and a restart loses nothing.
 */
import type { AlertRecord } from '../../../shared/alert-model.js';
import type { AlertChannels, AlertRules, ProjectConfig } from '../../../shared/config-model.js';
import type { Db } from '../store/open-store.js';
import { lastSeqBefore, listEvents } from '../store/event-journal.js';
import { advanceAlertCursor, alertCursor, openAlert, openAlertsOf, resolveAlert, touchAlert, type AlertDraft } from '../store/alert-store.js';
import { ProjectCache } from './project-cache.js';
import { BUILTIN_ALERT_CHANNELS, BUILTIN_ALERT_RULES } from '../config/alerts-section.js';
import { applyJournal, JOURNAL_HORIZON_MS } from './journal-alerts.js';
import { CONDITION_RULES, currentConditions } from './condition-alerts.js';
import type { RuleContext } from './rule-context.js';

/** Construction options of an AlertMonitor. */
export interface AlertMonitorOptions {
  readonly db: Db;
  /**
   * Projects whose pipelines are checked for staleness and error rate. Runs
   * of other projects are judged by their tickwork.yaml as it is on disk now
   * (built-in rules when it cannot be loaded).
   */
  readonly projects: () => readonly ProjectConfig[];
}

/** Alerts that changed in one evaluation. */
export interface AlertChanges {
  readonly opened: AlertRecord[];
  readonly resolved: AlertRecord[];
}

/** See the file comment. */
export class AlertMonitor {
  private readonly onDisk = new ProjectCache();

  constructor(private readonly options: AlertMonitorOptions) {}

  /**
   * Evaluates the rules at `now`: the journal rules always, the condition
   * rules unless `conditions` is false (they cost a few queries per pipeline,
   * so the daemon runs them on a slower beat). Each batch of events commits
   * with the cursor, so a long catch-up never holds the write lock for long.
   */
  evaluate(now: number, options: { conditions?: boolean } = {}): AlertChanges {
    const { db } = this.options;
    const changes: { opened: AlertRecord[]; resolved: AlertRecord[] } = { opened: [], resolved: [] };
    const projects = this.options.projects();
    const ctx = this.context(now, changes, projects);
    const batch = db.transaction((): boolean => {
      // First evaluation on a store with history: start at the horizon instead of reading years of events.
      if (alertCursor(db) === 0) advanceAlertCursor(db, lastSeqBefore(db, now - JOURNAL_HORIZON_MS));
      const events = listEvents(db, { afterSeq: alertCursor(db), limit: 5_000 });
      if (events.length === 0) return false;
      applyJournal(ctx, events);
      advanceAlertCursor(db, events[events.length - 1]!.seq);
      return true;
    });
    while (batch.immediate()) {
      // next batch
    }
    if (options.conditions !== false) db.transaction(() => this.reconcile(ctx, currentConditions(ctx, projects), projects)).immediate();
    return changes;
  }

  /** Opens (or counts) an alert raised outside the rules, e.g. an invalid config edit. */
  raise(draft: Omit<AlertDraft, 'channels'> & { channels?: AlertChannels }, now: number): { alert: AlertRecord; opened: boolean } {
    return openAlert(this.options.db, { ...draft, channels: draft.channels ?? BUILTIN_ALERT_CHANNELS }, now);
  }

  /** Resolves the open alert of `key`, if any. */
  clear(key: string, resolution: string, now: number): AlertRecord | null {
    return resolveAlert(this.options.db, key, resolution, now);
  }

  private reconcile(ctx: RuleContext, holding: readonly AlertDraft[], projects: readonly ProjectConfig[]): void {
    const keys = new Set(holding.map((d) => d.key));
    const scope = new Set(projects.map((p) => p.file));
    const open = openAlertsOf(ctx.db, CONDITION_RULES);
    const openKeys = new Set(open.map((a) => a.key));
    for (const alert of open) {
      if (keys.has(alert.key)) continue;
      // Stale and error-rate alerts of a project this monitor does not watch are another monitor's business.
      if ((alert.rule === 'stale' || alert.rule === 'error_rate') && !scope.has(alert.key.split('|')[1]!)) continue;
      ctx.resolve(alert.key, 'condition cleared');
    }
    for (const draft of holding) {
      // A condition still holding is the same alert, not a repeat: refresh its text, keep its count.
      if (openKeys.has(draft.key)) touchAlert(ctx.db, draft.key, draft.body, ctx.now);
      else ctx.open(draft);
    }
  }

  private context(now: number, changes: { opened: AlertRecord[]; resolved: AlertRecord[] }, projects: readonly ProjectConfig[]): RuleContext {
    const { db } = this.options;
    // Looked up once per project file per evaluation: rules ask per task.
    const byFile = new Map<string, ProjectConfig | null>(projects.map((p) => [p.file, p]));
    const projectFor = (file: string): ProjectConfig | null => {
      if (!byFile.has(file)) byFile.set(file, this.onDisk.get(file));
      return byFile.get(file)!;
    };
    return {
      db,
      now,
      open: (draft) => {
        const { alert, opened } = openAlert(db, draft, now);
        if (opened) changes.opened.push(alert);
        return alert;
      },
      resolve: (key, resolution) => {
        const alert = resolveAlert(db, key, resolution, now);
        if (alert) changes.resolved.push(alert);
      },
      rulesFor: (file: string, pipeline: string): AlertRules => projectFor(file)?.pipelines.get(pipeline)?.alerts ?? BUILTIN_ALERT_RULES,
      channelsFor: (file: string): AlertChannels => projectFor(file)?.alertChannels ?? BUILTIN_ALERT_CHANNELS,
    };
  }
}
