/**
 * The launchd agent (~/Library/LaunchAgents/<label>.plist) that runs the
 * daemon at login: started at load, restarted when it exits with a failure
 * (not after a clean `tickwork down`), its output appended to a log file.
 */
import { checkPrintable, type ServiceSpec } from './service-spec.js';

/** The plist XML for `spec`. */
export function launchdPlist(spec: ServiceSpec): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Written by `tickwork service install`; `tickwork service uninstall` removes it. -->',
    '<plist version="1.0">',
    '<dict>',
    ...entry('Label', xmlString(spec.label)),
    ...entry('ProgramArguments', ['<array>', ...spec.programArguments.map((arg) => `\t${xmlString(arg)}`), '</array>']),
    ...(Object.keys(spec.environment).length > 0
      ? entry('EnvironmentVariables', ['<dict>', ...Object.entries(spec.environment).flatMap(([name, value]) => [`\t${key(name)}`, `\t${xmlString(value)}`]), '</dict>'])
      : []),
    ...entry('WorkingDirectory', xmlString(spec.workingDirectory)),
    ...entry('RunAtLoad', '<true/>'),
    // Restart after a crash or a failed start; a clean exit (SIGTERM from `tickwork down`) stays down.
    ...entry('KeepAlive', ['<dict>', `\t${key('SuccessfulExit')}`, '\t<false/>', '</dict>']),
    ...entry('ThrottleInterval', '<integer>10</integer>'),
    // Attempts are detached process groups that outlive the daemon; its next start adopts them.
    ...entry('AbandonProcessGroup', '<true/>'),
    ...entry('StandardOutPath', xmlString(spec.logFile)),
    ...entry('StandardErrorPath', xmlString(spec.logFile)),
    '</dict>',
    '</plist>',
  ];
  return lines.join('\n') + '\n';
}

/** A `<key>` and its value, indented one level inside the top dict. */
function entry(name: string, value: string | readonly string[]): string[] {
  return [key(name), ...(typeof value === 'string' ? [value] : value)].map((line) => `\t${line}`);
}

function key(name: string): string {
  return `<key>${escapeXml(checkPrintable(name, 'the name'))}</key>`;
}

function xmlString(value: string): string {
  return `<string>${escapeXml(checkPrintable(value, 'the value'))}</string>`;
}

/** Escapes the characters XML text cannot hold as themselves. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
