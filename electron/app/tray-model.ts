/**
 * `trayModel(state, now) → { icon, title, tooltip, menu }`: what the tray
 * shows, as plain data. setup-tray.ts turns it into Electron's Tray and
 * Menu; every click is a `TrayAction` it hands to tray-actions.ts or the
 * window, so this file decides everything a test can check.
 *
 * The icon, first match wins:
 *   1. unreachable — no daemon: nothing else the tray says would be true;
 *   2. failed      — a run failed since the user last opened the menu or the
 *                    dashboard: the thing they must not miss, so it outranks
 *                    work in progress;
 *   3. running     — a run is running (the title also counts them);
 *   4. paused      — every schedule is paused: nothing will fire by itself.
 *                    Below running because a pause lasts and shows again as
 *                    soon as the runs end; some schedules paused on purpose
 *                    from the dashboard is normal and keeps the idle icon;
 *   5. idle.
 */
import { plural } from '../../shared/plural.js';
import type { TrayRun, TraySchedule, TrayState } from './tray-state.js';
import { spokenAge, spokenClock, spokenCountdown, spokenMinutes, nextSixAm, sameLocalDay, type PauseChoice } from './tray-text.js';

/** The tray's icon states (resources/tray/<name>.png and <name>Template.png). */
export type TrayIcon = 'idle' | 'running' | 'failed' | 'paused' | 'unreachable';

/** Every icon state, in precedence order (see the file comment). */
export const TRAY_ICONS: readonly TrayIcon[] = ['unreachable', 'failed', 'running', 'paused', 'idle'];

/** What a menu item does when clicked. */
export type TrayAction =
  | { readonly kind: 'open-run'; readonly id: number }
  | { readonly kind: 'cancel-run'; readonly id: number }
  | { readonly kind: 'run-target'; readonly project: string; readonly target: string }
  | { readonly kind: 'choose-launch' }
  | { readonly kind: 'pause'; readonly until: PauseChoice }
  | { readonly kind: 'resume' }
  | { readonly kind: 'open-dashboard' }
  | { readonly kind: 'preferences' }
  | { readonly kind: 'quit' };

/** One menu item, as Electron's MenuItemConstructorOptions would hold it (minus the click). */
export interface TrayMenuItem {
  readonly type: 'normal' | 'separator' | 'submenu' | 'checkbox';
  readonly label?: string;
  readonly enabled: boolean;
  readonly checked?: boolean;
  readonly submenu?: readonly TrayMenuItem[];
  readonly action?: TrayAction;
}

/** Everything the tray shows. */
export interface TrayView {
  readonly icon: TrayIcon;
  /** The number of running runs; empty when none (macOS shows it beside the icon). */
  readonly title: string;
  readonly tooltip: string;
  readonly menu: readonly TrayMenuItem[];
}

/** Whether the served schedules are paused, and until when (the earliest resume; null: none resumes by itself). */
export type PauseSummary = { readonly kind: 'none' } | { readonly kind: 'some' | 'all'; readonly paused: number; readonly of: number; readonly until: number | null };

/** See the file comment. */
export function trayModel(state: TrayState, now: number): TrayView {
  if (!state.connected) {
    return { icon: 'unreachable', title: '', tooltip: 'Tickwork: the daemon is not reachable', menu: [info('Daemon not reachable'), info('Tickwork reconnects when it is back'), SEPARATOR, QUIT] };
  }
  const pause = pauseSummary(state.schedules);
  const running = state.active.filter((r) => r.state === 'running').length;
  const failed = state.failedSinceLook.length;
  const icon: TrayIcon = failed > 0 ? 'failed' : running > 0 ? 'running' : pause.kind === 'all' ? 'paused' : 'idle';
  const next = nextFire(state.schedules);
  const tooltip = ['Tickwork', running > 0 ? `${running} running` : 'nothing running', failed > 0 ? `${plural(failed, 'run')} failed since you looked` : null,
    pause.kind === 'all' ? pauseText(pause, now) : null, next ? `next: ${nextFireText(next, now)}` : null].filter(Boolean).join(' · ');
  if (!state.loaded) return { icon, title: '', tooltip, menu: [info('Loading…'), SEPARATOR, ...tail()] };
  return {
    icon,
    title: running > 0 ? String(running) : '',
    tooltip,
    menu: [...activeSection(state.active, now), ...recentSection(state.recent, now), ...scheduleSection(state.schedules, pause, now), ...runSection(state), ...pauseSection(state.schedules, pause, now), ...tail()],
  };
}

/** How many served schedules are paused, and the earliest moment one resumes by itself. */
export function pauseSummary(schedules: readonly TraySchedule[]): PauseSummary {
  const paused = schedules.filter((s) => s.paused);
  if (paused.length === 0) return { kind: 'none' };
  const untils = paused.map((s) => s.paused!.until).filter((u): u is number => u !== null);
  return { kind: paused.length === schedules.length ? 'all' : 'some', paused: paused.length, of: schedules.length, until: untils.length ? Math.min(...untils) : null };
}

/** The soonest effective fire across schedules, with the names firing then. */
export function nextFire(schedules: readonly TraySchedule[]): { readonly at: number; readonly names: readonly string[] } | null {
  const fires = schedules.filter((s): s is TraySchedule & { nextFire: number } => s.nextFire !== null);
  if (fires.length === 0) return null;
  const at = Math.min(...fires.map((s) => s.nextFire));
  return { at, names: fires.filter((s) => s.nextFire === at).map((s) => s.name) };
}

const SEPARATOR: TrayMenuItem = { type: 'separator', enabled: true };
const QUIT: TrayMenuItem = item('Quit Tickwork', { kind: 'quit' });

function info(label: string): TrayMenuItem {
  return { type: 'normal', label, enabled: false };
}

function item(label: string, action: TrayAction, enabled = true): TrayMenuItem {
  return { type: 'normal', label, enabled, action };
}

function submenu(label: string, items: readonly TrayMenuItem[], enabled = true): TrayMenuItem {
  return { type: 'submenu', label, enabled, submenu: items };
}

function runName(run: TrayRun): string {
  return `#${run.id} ${run.targets.join(', ')} · ${run.partition}`;
}

function activeSection(active: readonly TrayRun[], now: number): TrayMenuItem[] {
  if (active.length === 0) return [];
  const rows = active.map((run) => {
    const minutes = run.startedAt === null ? 0 : Math.floor(Math.max(0, now - run.startedAt) / 60_000);
    const status = run.state === 'running' && minutes > 0 ? `running ${spokenMinutes(minutes)}` : run.state;
    return submenu(`${runName(run)} · ${status}`, [item(`Open run #${run.id}`, { kind: 'open-run', id: run.id }), item(`Cancel run #${run.id}`, { kind: 'cancel-run', id: run.id })]);
  });
  return [info(`Running (${active.length})`), ...rows, SEPARATOR];
}

function recentSection(recent: readonly TrayRun[], now: number): TrayMenuItem[] {
  if (recent.length === 0) return [info('No runs yet'), SEPARATOR];
  const rows = recent.map((run) => item(`${runName(run)} · ${run.state} · ${spokenAge(run.finishedAt ?? run.createdAt, now)}`, { kind: 'open-run', id: run.id }));
  return [info('Last runs'), ...rows, SEPARATOR];
}

function scheduleSection(schedules: readonly TraySchedule[], pause: PauseSummary, now: number): TrayMenuItem[] {
  if (schedules.length === 0) return [info('No schedules'), SEPARATOR];
  const next = nextFire(schedules);
  const lines = [next ? `Next: ${nextFireText(next, now)}` : 'Next: nothing scheduled'];
  if (pause.kind !== 'none') lines.push(pauseText(pause, now));
  return [...lines.map(info), SEPARATOR];
}

/** `metrics in 2 h 14 min` (`metrics +2 in …` when several fire together). */
export function nextFireText(next: { readonly at: number; readonly names: readonly string[] }, now: number): string {
  const names = next.names.length > 1 ? `${next.names[0]} +${next.names.length - 1}` : next.names[0];
  return `${names} ${spokenCountdown(next.at, now)}`;
}

function pauseText(pause: Exclude<PauseSummary, { kind: 'none' }>, now: number): string {
  const until = pause.until === null ? 'until resumed' : `until ${spokenClock(pause.until, now)}`;
  return pause.kind === 'all' ? `Schedules paused ${until}` : `${pause.paused} of ${plural(pause.of, 'schedule')} paused ${until}`;
}

function runSection(state: TrayState): TrayMenuItem[] {
  const targets = (project: TrayState['projects'][number]): TrayMenuItem[] => [
    ...(project.jobs.length ? [info('Jobs'), ...project.jobs.map((job) => item(job, { kind: 'run-target', project: project.file, target: job }))] : []),
    ...(project.pipelines.length ? [info('Pipelines'), ...project.pipelines.map((p) => item(p, { kind: 'run-target', project: project.file, target: p }))] : []),
  ];
  const [only] = state.projects;
  const body: TrayMenuItem[] =
    state.projects.length === 0 ? [info('No projects served')]
    : state.projects.length === 1 && only ? targets(only)
    : state.projects.map((project) => submenu(project.name, targets(project)));
  return [submenu('Run', [info("Today's partition"), ...body, SEPARATOR, item('Choose date and partition…', { kind: 'choose-launch' })])];
}

function pauseSection(schedules: readonly TraySchedule[], pause: PauseSummary, now: number): TrayMenuItem[] {
  const sixAm = nextSixAm(now);
  const choices = [
    item('For 1 hour', { kind: 'pause', until: '1h' }),
    item(sameLocalDay(sixAm, now) ? 'Until 06:00' : 'Until tomorrow 06:00', { kind: 'pause', until: '06:00' }),
    item('Until resumed', { kind: 'pause', until: 'resume-manually' }),
  ];
  const rows = [submenu('Pause schedules', choices, schedules.length > 0)];
  if (pause.kind !== 'none') rows.push(item('Resume schedules', { kind: 'resume' }));
  return [...rows, SEPARATOR];
}

function tail(): TrayMenuItem[] {
  return [item('Open dashboard', { kind: 'open-dashboard' }), item('Preferences…', { kind: 'preferences' }), SEPARATOR, QUIT];
}
