/**
 * Renders COMMAND_HELP: `tickwork --help` (the overview), `tickwork help
 * <command>` / `tickwork <command> --help`, and the `dates` topic.
 */
import { COMMAND_HELP } from './help.js';
import { UNDESCRIBED, type CommandHelp } from './help-entry.js';

/** The entry of `name`, if it has one (own keys only: `tickwork help constructor` is no command). */
function helpOf(name: string): CommandHelp | undefined {
  return Object.hasOwn(COMMAND_HELP, name) ? (COMMAND_HELP as Record<string, CommandHelp>)[name] : undefined;
}

/** What `tickwork help dates` prints: the words --date, --from and --to take. */
const DATES_TOPIC = `dates: --date, --from and --to take YYYY-MM-DD or one of these words,
read in the project's time zone (timezone: in tickwork.yaml) at the moment the command runs:

  today              the date now
  yesterday          the calendar day before today
  last-trading-day   today when today is a trading day (whatever the hour), else the
                     last trading day before it; the calendar is the first calendar named by
                     the target's schedules, else by any schedule of the project, else NYSE

example: on Monday 2025-01-20 (Martin Luther King Jr. Day, NYSE closed) last-trading-day
is 2025-01-17; on Tuesday 2025-01-21 it is 2025-01-21.
`;

/** Lines of one command's help (usage, each option, examples), or null for a command without an entry. */
export function commandHelpText(name: string): string | null {
  const help = helpOf(name);
  if (!help) return name === 'dates' ? DATES_TOPIC : null;
  const rows = optionRows(help);
  rows.push(['-h, --help', 'show this help']);
  const subcommands = Object.entries(help.subcommands ?? {}).map(([sub, entry]) => ({ title: `${name} ${sub} — ${entry.summary}`, rows: optionRows(entry) }));
  const width = Math.max(...[rows, ...subcommands.map((s) => s.rows)].flat().map(([shown]) => shown.length)) + 2;
  const table = (list: ReadonlyArray<[string, string]>): string[] => list.map(([shown, description]) => `  ${shown.padEnd(width)}${description}`);
  const lines = [
    `tickwork ${name} — ${help.summary}`,
    '',
    ...help.usage.map((line, i) => `${i === 0 ? 'usage: ' : '       '}${line}`),
    '',
    'options:',
    ...table(rows),
    ...subcommands.flatMap((s) => ['', `options of ${s.title}:`, ...table(s.rows)]),
    ...(help.notes?.length ? ['', ...help.notes] : []),
    '',
    `example${help.examples.length === 1 ? '' : 's'}:`,
    ...help.examples.map((example) => `  ${example}`),
  ];
  return lines.join('\n') + '\n';
}

/** One [flag, description] row per option of `spec`. */
function optionRows(help: Pick<CommandHelp, 'spec' | 'options'>): Array<[string, string]> {
  return Object.entries(help.spec).map(([option, declared]) => {
    // tsc insists on a description for every option; this keeps --help working while one is on its way.
    const text = (help.options[option] as string | readonly [string, string] | undefined) ?? (declared.type === 'string' ? ['…', UNDESCRIBED] : UNDESCRIBED);
    const flagName = `${declared.short ? `-${declared.short}, ` : ''}--${option}`;
    const [shown, description] = typeof text === 'string' ? [flagName, text] : [`${flagName} ${text[0]}`, text[1]];
    return [shown, declared.multiple ? `${description} (repeatable)` : description];
  });
}

/** `tickwork --help`: every command of `names` (the COMMANDS map's public names, in order) with its summary. */
export function overviewText(names: readonly string[]): string {
  const width = Math.max(...names.map((name) => name.length)) + 3;
  const lines = [
    'tickwork — schedule, run and watch data pipelines',
    '',
    'usage: tickwork <command> [options]',
    '       tickwork <command> --help   (or tickwork help <command>) for its options and examples',
    '',
    'commands:',
    ...names.map((name) => `  ${name.padEnd(width)}${helpOf(name)?.summary ?? '(no help entry: add one to electron/cli/help.ts)'}`),
    '',
    '--project DIR  where tickwork.yaml is (default: this directory or a parent); every command',
    '               that reads the store takes it, and those that list things keep to that project',
    '--date D       YYYY-MM-DD, today, yesterday or last-trading-day (tickwork help dates)',
    'state lives in $TICKWORK_HOME (default: the per-user data directory)',
    'exit codes: 0 ok, 1 a run failed, 2 usage or config error, 3 run --wait lost the daemon (the runs carry on),',
    '            70 internal error, 130/143 interrupted (attempts keep running)',
  ];
  return lines.join('\n') + '\n';
}

/** True when `argv` asks for help: `--help` or `-h` before any `--`. */
export function asksForHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}
