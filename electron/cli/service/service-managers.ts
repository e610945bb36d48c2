/**
 * Where each login service manager keeps a user's service definition, how
 * it is rendered, and the commands that load, unload and query it: launchd
 * on macOS, systemd's user instance on Linux. Pure: the command runs them.
 */
import path from 'node:path';
import { launchdPlist } from './launchd-plist.js';
import { SERVICE_LABEL, type ServiceSpec } from './service-spec.js';
import { SYSTEMD_UNIT_NAME, systemdUnit } from './systemd-unit.js';

/** The managers Tickwork can install into. */
export type ServiceManagerName = 'launchd' | 'systemd';

/**
 * One command of a manager, and what its failure means: nothing (`ignore`:
 * unloading what was not loaded), that the manager cannot be reached here
 * (`unavailable`: no user session bus in a container; the file stays and the
 * user starts it later), or a real failure (`error`). A command that is not
 * installed at all always counts as `unavailable`.
 */
export interface ManagerStep {
  readonly argv: readonly string[];
  readonly onFailure: 'ignore' | 'unavailable' | 'error';
}

/** One manager's file, its format and its commands. */
export interface ServiceManager {
  readonly name: ServiceManagerName;
  /** What the file is, for messages ("launchd agent", "systemd user unit"). */
  readonly kind: string;
  /** Absolute path of the service definition. */
  readonly file: string;
  render(spec: ServiceSpec): string;
  /** After writing the file: load and start it (restarting one already running, so a reinstall takes effect). */
  readonly start: readonly ManagerStep[];
  /** What a user runs to do the same by hand. */
  readonly startHint: string;
  /** Before removing the file: stop and unload it. */
  readonly stop: readonly ManagerStep[];
  /** After removing the file. */
  readonly afterRemove: readonly ManagerStep[];
  /** Exits 0 while the service is loaded and running. */
  readonly query: readonly string[];
  /** Where the daemon's output goes under this manager. */
  logsHint(spec: ServiceSpec): string;
}

/** Where the user's files are: HOME, XDG_CONFIG_HOME and the uid. */
export interface UserPlace {
  readonly home: string;
  readonly xdgConfigHome?: string;
  readonly uid: number;
}

/** The manager of `platform` (process.platform), or null where Tickwork has none. */
export function managerForPlatform(platform: string): ServiceManagerName | null {
  if (platform === 'darwin') return 'launchd';
  if (platform === 'linux') return 'systemd';
  return null;
}

/** The manager `name` for the user at `place`. */
export function serviceManager(name: ServiceManagerName, place: UserPlace): ServiceManager {
  return name === 'launchd' ? launchd(place) : systemd(place);
}

function launchd(place: UserPlace): ServiceManager {
  const domain = `gui/${place.uid}`;
  const target = `${domain}/${SERVICE_LABEL}`;
  const file = path.join(place.home, 'Library', 'LaunchAgents', `${SERVICE_LABEL}.plist`);
  return {
    name: 'launchd',
    kind: 'launchd agent',
    file,
    render: launchdPlist,
    // bootout fails when nothing is loaded, which is fine; bootstrap refuses an already loaded label.
    start: [step(['launchctl', 'bootout', target], 'ignore'), step(['launchctl', 'enable', target], 'ignore'), step(['launchctl', 'bootstrap', domain, file], 'error')],
    startHint: `launchctl bootstrap ${domain} ${file}`,
    stop: [step(['launchctl', 'bootout', target], 'ignore')],
    afterRemove: [],
    query: ['launchctl', 'print', target],
    logsHint: (spec) => spec.logFile,
  };
}

function systemd(place: UserPlace): ServiceManager {
  const configHome = place.xdgConfigHome && path.isAbsolute(place.xdgConfigHome) ? place.xdgConfigHome : path.join(place.home, '.config');
  return {
    name: 'systemd',
    kind: 'systemd user unit',
    file: path.join(configHome, 'systemd', 'user', SYSTEMD_UNIT_NAME),
    render: systemdUnit,
    start: [
      step(['systemctl', '--user', 'daemon-reload'], 'unavailable'),
      step(['systemctl', '--user', 'enable', SYSTEMD_UNIT_NAME], 'error'),
      step(['systemctl', '--user', 'restart', SYSTEMD_UNIT_NAME], 'error'),
    ],
    startHint: `systemctl --user daemon-reload && systemctl --user enable --now ${SYSTEMD_UNIT_NAME}`,
    stop: [step(['systemctl', '--user', 'disable', '--now', SYSTEMD_UNIT_NAME], 'unavailable')],
    afterRemove: [step(['systemctl', '--user', 'daemon-reload'], 'ignore')],
    query: ['systemctl', '--user', 'is-active', SYSTEMD_UNIT_NAME],
    logsHint: () => `journalctl --user -u ${SYSTEMD_UNIT_NAME}`,
  };
}

function step(argv: readonly string[], onFailure: ManagerStep['onFailure']): ManagerStep {
  return { argv, onFailure };
}
