import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { COMMAND_HELP, type CommandHelp } from '../../electron/cli/help.js';

const HELP = COMMAND_HELP as Record<string, CommandHelp>;

/** The option specs a command's help describes: its own and its subcommands'. */
function specsOf(entry: CommandHelp): object[] {
  // A command that only dispatches to subcommands (tickwork lake) has an empty spec of its own: each subcommand's is checked.
  const own = entry.subcommands && Object.keys(entry.spec).length === 0 ? [] : [entry.spec];
  return [...own, ...Object.values(entry.subcommands ?? {}).map((sub) => sub.spec)];
}

/** The command names `tickwork --help` lists (main.ts derives them from its COMMANDS map). */
function listedCommands(overview: string): string[] {
  const section = overview.split('\ncommands:\n')[1]!.split('\n\n')[0]!;
  return section.split('\n').map((line) => line.trim().split(/\s+/)[0]!);
}

describe('tickwork explains every command', () => {
  it('lists every command with a one-line summary, and each command has help of its own', async () => {
    const w = tempWorld();
    const overview = await tickwork(w.home, ['--help']);
    expect(overview.code).toBe(0);
    expect(overview.stdout).not.toContain('no help entry');
    const names = listedCommands(overview.stdout);
    expect(names).toEqual(expect.arrayContaining(['run', 'validate', 'resume', 'cancel', 'runs', 'status', 'logs', 'graph', 'schedule', 'ensure', 'advance', 'backfill', 'health', 'alerts', 'up', 'down']));
    expect(names.some((name) => name.startsWith('__'))).toBe(false);
    expect(await tickwork(w.home, ['help'])).toMatchObject({ code: 0, stdout: overview.stdout });
    await Promise.all(
      names.map(async (name) => {
        const entry = HELP[name];
        expect(entry, `help.ts has an entry for ${name}`).toBeDefined();
        const help = await tickwork(w.home, [name, '--help']);
        expect(help, `tickwork ${name} --help`).toMatchObject({ code: 0, stderr: '' });
        expect(help.stdout).toContain(`usage: tickwork ${name}`);
        expect(help.stdout).not.toContain('undescribed');
        expect(help.stdout).toMatch(/\nexamples?:\n {2}tickwork /);
        // Every option the parser accepts (the spec the command passes to parse) is named and described.
        for (const spec of specsOf(entry!)) {
          for (const option of Object.keys(spec)) expect(help.stdout, `${name} --help names --${option}`).toMatch(new RegExp(`\\n {2}(-\\w, )?--${option}( \\S+)? {2,}\\S`));
        }
        expect(await tickwork(w.home, ['help', name])).toMatchObject({ code: 0, stdout: help.stdout });
        expect((await tickwork(w.home, [name, '-h'])).stdout).toBe(help.stdout);
      }),
    );
  });

  it('each command parses with the option spec its help describes', async () => {
    // help.ts types each entry's descriptions by its spec; this checks the spec is an export of a command module that hands it to parse().
    const dir = path.resolve(__dirname, '..', '..', 'electron', 'cli', 'commands');
    const modules = await Promise.all(
      fs.readdirSync(dir).map(async (file) => ({ source: fs.readFileSync(path.join(dir, file), 'utf8'), exports: (await import(path.join(dir, file))) as Record<string, unknown> })),
    );
    for (const [name, entry] of Object.entries(HELP)) {
      for (const spec of specsOf(entry)) {
        const owner = modules.flatMap((m) => Object.entries(m.exports).filter(([, value]) => value === spec).map(([exported]) => ({ exported, source: m.source })))[0];
        expect(owner, `the spec of tickwork ${name} is exported by a command module`).toBeDefined();
        expect(owner!.source, `tickwork ${name} parses with ${owner!.exported}`).toMatch(new RegExp(`parse\\([^;]*\\b${owner!.exported}\\b`));
      }
    }
  });

  it('answers --help before reading the arguments, and names an unknown help topic', async () => {
    const w = tempWorld();
    const help = await tickwork(w.home, ['runs', '--no-such-option', '--state', 'bogus', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('usage: tickwork runs');
    // After `--` it is an argument, not a request for help.
    expect((await tickwork(w.home, ['runs', '--', '--help'])).code).toBe(2);
    const unknown = await tickwork(w.home, ['help', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "nope"');
    const dates = await tickwork(w.home, ['help', 'dates']);
    expect(dates.code).toBe(0);
    expect(dates.stdout).toContain('last-trading-day');
  });
});
