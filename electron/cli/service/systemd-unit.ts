/**
 * The systemd user unit (~/.config/systemd/user/tickwork.service) that runs
 * the daemon at login: restarted when it fails, and stopped by SIGTERM to the
 * daemon alone, so attempts it started carry on and its next start adopts them.
 */
import { ServiceSpecError, checkPrintable, type ServiceSpec } from './service-spec.js';

/** The unit file's name. */
export const SYSTEMD_UNIT_NAME = 'tickwork.service';

/** The unit file text for `spec`. */
export function systemdUnit(spec: ServiceSpec): string {
  const environment = Object.entries(spec.environment).map(([name, value]) => `Environment=${quote(`${name}=${value}`, { expandsDollar: false })}`);
  const lines = [
    '# Written by `tickwork service install`; `tickwork service uninstall` removes it.',
    '[Unit]',
    `Description=${checkPrintable(spec.description, 'the description')}`,
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${execLine(spec.programArguments)}`,
    `WorkingDirectory=${escapeSpecifiers(checkPrintable(spec.workingDirectory, 'the working directory'))}`,
    ...environment,
    'Restart=on-failure',
    'RestartSec=10',
    // The default (control-group) would kill every attempt the daemon started along with it.
    'KillMode=process',
    'TimeoutStopSec=30',
    '',
    '[Install]',
    'WantedBy=default.target',
  ];
  return lines.join('\n') + '\n';
}

/** The words of ExecStart: systemd expands `$` in the arguments but not in the program's path, where it refuses quotes and backslashes. */
function execLine([program, ...args]: readonly string[]): string {
  if (program === undefined) throw new ServiceSpecError('the service has no program to run');
  if (/["\\]/.test(program)) throw new ServiceSpecError(`the program path ${program} holds " or \\, which systemd refuses in an executable's name`);
  return [quote(program, { expandsDollar: false }), ...args.map((arg) => quote(arg, { expandsDollar: true }))].join(' ');
}

/**
 * One word of a unit file setting, double-quoted: systemd reads C escapes
 * inside the quotes, `%` starts a specifier everywhere, and `$` starts a
 * variable in an Exec line's arguments (not in Environment=).
 */
export function quote(value: string, options: { readonly expandsDollar: boolean }): string {
  let text = escapeSpecifiers(checkPrintable(value, 'the value')).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (options.expandsDollar) text = text.replace(/\$/g, '$$$$');
  return `"${text}"`;
}

function escapeSpecifiers(text: string): string {
  return text.replace(/%/g, '%%');
}
