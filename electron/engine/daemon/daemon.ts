/**
 * The always-on engine of a home: drives runs, fires schedules, reloads
 * projects when their tickwork.yaml changes (an invalid edit keeps the last
 * good config and reports the problems), and adopts runs other processes
 * left without an engine. It re-derives everything from the store, so it is
 * safe to kill and restart at any moment.
 */
import type { ConfigProblem, ProjectConfig } from '../../../shared/config-model.js';
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import { Engine, type EngineEvent } from '../run/engine.js';
import { Scheduler, type ScheduleFire } from '../schedule/scheduler.js';
import { formatProblem, loadProject } from '../config/index.js';
import { AlertService } from '../alerts/alert-service.js';
import { fileStamp } from '../util/file-stamp.js';
import { localTimeZone, zonedTimestamp } from '../../../shared/zoned-time.js';
import { DailyPrune } from '../housekeeping/daily-prune.js';
import { triggerEnv } from '../run/passthrough-key.js';
import { BackfillService } from '../backfill/backfill-service.js';
import { DesktopClaims } from '../alerts/desktop-claims.js';

/** How often the daemon checks project files, adopts orphaned runs and reads new events for alerts. */
const POLL_MS = 1000;

/** Construction options of a Daemon. */
export interface DaemonOptions {
  readonly db: Db;
  readonly home: HomePaths;
  /** tickwork.yaml files to watch. */
  readonly projectFiles: readonly string[];
  readonly log: (line: string) => void;
  readonly onEvent?: (event: EngineEvent) => void;
  /** Something other than an engine transition (an alert opened or resolved) appended to the events journal. */
  readonly onJournal?: () => void;
}

/** See the file comment. */
export class Daemon {
  readonly engine: Engine;
  readonly scheduler: Scheduler;
  readonly alerts: AlertService;
  /** The backfills it drives (backfills.* of the API); resumed at start. */
  readonly backfills: BackfillService;
  /** The desktop app's claims on the desktop channel: its event stream takes the desktop deliveries (the API server registers them). */
  readonly desktop = new DesktopClaims();
  /** Retention: prunes old runs and logs just after the start and once a day. */
  private readonly housekeeping: DailyPrune;
  private readonly projects = new Map<string, ProjectConfig>();
  private readonly watched = new Map<string, string>();
  /** The problems of each file whose last edit is invalid (its last good config, if any, stays in use). */
  private readonly problems = new Map<string, readonly ConfigProblem[]>();
  private poll: NodeJS.Timeout | null = null;

  constructor(private readonly options: DaemonOptions) {
    this.engine = new Engine({
      db: options.db,
      home: options.home,
      keepLauncher: true,
      onEvent: (event) => this.onEngineEvent(event),
      onNotAdopted: (_runId, reason) => options.log(`not adopted: ${reason}`),
    });
    this.alerts = new AlertService({
      db: options.db,
      projects: () => this.projectList(),
      log: options.log,
      desktop: this.desktop,
      ...(options.onJournal ? { onJournal: options.onJournal } : {}),
    });
    this.backfills = new BackfillService({
      db: options.db,
      home: options.home,
      engine: this.engine,
      projects: () => this.projectList(),
      log: options.log,
      ...(options.onJournal ? { onJournal: options.onJournal } : {}),
    });
    this.housekeeping = new DailyPrune({ db: options.db, logsDir: options.home.logs, projects: () => this.projectList(), log: options.log });
    this.scheduler = new Scheduler({
      db: options.db,
      // A scheduled run is triggered by the daemon: it passes the daemon's own environment through.
      triggerEnv: (project) => triggerEnv(options.home.root, project, process.env),
      onFire: (fire) => this.onFire(fire),
      onError: (target, slot, message) => {
        options.log(`schedule ${target.name} at ${this.logTime(slot)}: ${message}`);
        this.alerts.scheduleFailed(target, slot, message);
      },
      onOk: (target, slot) => this.alerts.scheduleOk(target, slot),
      onSkip: (target, slot, message) => options.log(`schedule ${target.name} at ${this.logTime(slot)}: ${message}`),
    });
  }

  /** Loads the projects (exits with the problems if none is valid), adopts orphans and starts the schedules. */
  start(): { ok: true } | { ok: false; problems: string[] } {
    const problems: string[] = [];
    for (const file of this.options.projectFiles) problems.push(...this.load(file).map(formatProblem));
    if (this.projects.size === 0) return { ok: false, problems };
    for (const line of problems) this.options.log(line);
    for (const id of this.engine.adoptOrphans()) this.options.log(`adopted run ${id}`);
    for (const id of this.backfills.resume()) this.options.log(`resumed backfill ${id}`);
    this.scheduler.setProjects([...this.projects.values()]);
    this.alerts.tick();
    this.housekeeping.start();
    this.poll = setInterval(() => this.check(), POLL_MS);
    return { ok: true };
  }

  /**
   * The zone the daemon's log shows times in: the served projects' `timezone`
   * when they agree on one (one project: its own), else this machine's zone.
   */
  logZone(): string {
    const zones = new Set([...this.projects.values()].map((p) => p.timezone));
    return zones.size === 1 ? [...zones][0]! : localTimeZone();
  }

  /** `ms` as the log shows times: `2025-02-03 19:00:02 -05:00` in logZone(). */
  logTime(ms: number): string {
    return zonedTimestamp(ms, this.logZone());
  }

  /** Problems of the project files whose last edit is invalid, by file; a served one keeps its last good config. */
  configProblems(): ReadonlyMap<string, readonly ConfigProblem[]> {
    return this.problems;
  }

  /** The projects currently served (last good config of each). */
  projectList(): ProjectConfig[] {
    return [...this.projects.values()];
  }

  /** Stops firing and driving; running attempts carry on for the next engine. */
  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    this.scheduler.stop();
    this.backfills.stop();
    await this.housekeeping.stop();
    await this.engine.stop();
    await this.alerts.stop();
  }

  private onEngineEvent(event: EngineEvent): void {
    this.options.onEvent?.(event);
    this.backfills.engineEvent(event);
    // A run's end is news for the alert rules; task changes wait for the next poll.
    if (event.type === 'run' && (event.to === 'failed' || event.to === 'succeeded')) this.alerts.tickSoon();
  }

  private onFire(fire: ScheduleFire): void {
    this.options.log(`schedule ${fire.name} ${this.logTime(fire.slot)} → run ${fire.runId}${fire.created ? '' : ' (already created)'}`);
    this.engine.claimCreated(fire);
  }

  private check(): void {
    let changed = false;
    for (const file of this.options.projectFiles) {
      if (fileStamp(file) === this.watched.get(file)) continue;
      const problems = this.load(file);
      if (problems.length > 0) {
        this.options.log(`${file} changed but is invalid; keeping the last good config:`);
        for (const problem of problems) this.options.log(`  ${formatProblem(problem)}`);
      } else {
        this.options.log(`reloaded ${file}`);
        changed = true;
      }
    }
    if (changed) this.scheduler.setProjects([...this.projects.values()]);
    this.engine.adoptOrphans();
    this.alerts.tick();
  }

  /** Loads one project file; returns its problems (the last good config stays in place, and an alert says so). */
  private load(file: string): ConfigProblem[] {
    this.watched.set(file, fileStamp(file));
    const result = loadProject(file);
    if (!result.ok) {
      this.problems.set(file, result.problems);
      this.alerts.configInvalid(file, result.problems, this.projects.get(file));
      return result.problems;
    }
    this.problems.delete(file);
    this.projects.set(file, result.project);
    this.alerts.configValid(file);
    return [];
  }
}
