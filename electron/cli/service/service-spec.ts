/**
 * What a login service runs: the daemon (`tickwork up`, which stays in the
 * foreground until SIGTERM, so the service manager supervises it directly),
 * with absolute paths throughout, because a service starts with neither the
 * user's shell, PATH nor working directory.
 */
import { daemonLogPath } from '../../engine/home.js';

/** The service manager-neutral description of the daemon service. */
export interface ServiceSpec {
  /** Reverse-DNS name (launchd's Label). */
  readonly label: string;
  /** One line for humans (systemd's Description). */
  readonly description: string;
  /** The absolute program and its arguments. */
  readonly programArguments: readonly string[];
  /** Variables set for the daemon (and so for the attempts it starts). */
  readonly environment: Readonly<Record<string, string>>;
  readonly workingDirectory: string;
  /** Where the daemon's stdout and stderr go, for managers without a journal (launchd). */
  readonly logFile: string;
}

/** The launchd label and the systemd unit's base name. */
export const SERVICE_LABEL = 'dev.tickwork.daemon';

/** What the daemon service needs to know about this machine and this install. */
export interface DaemonServiceInput {
  /** The Node binary (process.execPath). */
  readonly node: string;
  /** The `tickwork` entry script, resolved through symlinks. */
  readonly entry: string;
  /** Absolute project paths (directories or tickwork.yaml files). */
  readonly projects: readonly string[];
  readonly port?: number;
  /** The Tickwork home the daemon would resolve under the service. */
  readonly homeRoot: string;
  /** TICKWORK_HOME when the installing shell set it (else the service resolves the default home too). */
  readonly tickworkHome?: string;
  /** The installing shell's PATH, so scheduled commands find the programs they find from the shell. */
  readonly path?: string;
}

/** The spec of the service that runs `tickwork up` for `input.projects`. */
export function daemonServiceSpec(input: DaemonServiceInput): ServiceSpec {
  const projectArgs = input.projects.flatMap((project) => ['--project', project]);
  const environment: Record<string, string> = {};
  if (input.tickworkHome !== undefined) environment.TICKWORK_HOME = input.tickworkHome;
  if (input.path !== undefined && input.path !== '') environment.PATH = input.path;
  return {
    label: SERVICE_LABEL,
    description: 'Tickwork daemon: schedules, runs and watches pipelines',
    programArguments: [input.node, input.entry, 'up', ...projectArgs, ...(input.port !== undefined ? ['--port', String(input.port)] : [])],
    environment,
    workingDirectory: input.homeRoot,
    logFile: daemonLogPath(input.homeRoot),
  };
}

/** A value a service file cannot hold (a control character in a path, say). */
export class ServiceSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceSpecError';
  }
}

/** Throws ServiceSpecError when `value` holds a control character (no service file format carries one safely). */
export function checkPrintable(value: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ServiceSpecError(`${what} ${JSON.stringify(value)} holds a control character; a service file cannot carry it`);
  return value;
}
