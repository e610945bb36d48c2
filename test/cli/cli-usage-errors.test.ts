import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

/** Asserts a clean usage/config error: exit 2, the expected message, no stack trace. */
function expectUsageError(result: { code: number | null; stderr: string }, message: string | RegExp): void {
  expect(result.code).toBe(2);
  if (typeof message === 'string') expect(result.stderr).toContain(message);
  else expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('errors a user can cause in the command line and the home', () => {
  it('names the option and what was expected for bad numbers, dashes, repeated keys and stray arguments', async () => {
    const w = tempWorld();
    w.writeProject('name: args\npartitions: {region: [US, EU]}\npipelines:\n  a: {command: ["true"]}\n');
    expectUsageError(await tickwork(w.home, ['runs', '--limit', '-1']), 'tickwork runs: --limit -1: a value starting with "-" reads as an option; write --limit=-1 if you meant it');
    expectUsageError(await tickwork(w.home, ['runs', '--limit=-1']), 'tickwork runs: --limit -1: expected a positive integer');
    expectUsageError(await tickwork(w.home, ['runs', '--limit', '99999999999999999999']), 'expected a positive integer');
    expectUsageError(await tickwork(w.home, ['status', 'extra', '--project', w.project]), 'tickwork status: unexpected argument "extra"');
    expectUsageError(await tickwork(w.home, ['validate', 'extra', '--project', w.project]), 'tickwork validate: unexpected argument "extra"');
    expectUsageError(
      await tickwork(w.home, ['run', 'a', '--partition', 'region=US', '--partition', 'region=EU', '--project', w.project]),
      'tickwork run: --partition region= given twice (region=US and region=EU); give each key once',
    );
    expect((await tickwork(w.home, ['runs', '--pipeline', 'nope'])).stdout).toBe('no runs with pipeline nope\n');
    expectUsageError(
      await tickwork(w.home, ['run', 'a', '--param', 'zz=1', '--project', w.project]),
      'tickwork run: --param zz: unknown param; no params are declared: add it under params: with a default value',
    );
  });

  it('refuses a bad --port before the daemon starts anything', async () => {
    const w = tempWorld();
    w.writeProject('name: port\npipelines:\n  a: {command: ["true"], schedule: "* * * * * *"}\n');
    for (const port of ['abc', '99999']) {
      expectUsageError(await tickwork(w.home, ['up', '--port', port, '--project', w.project]), `tickwork up: --port ${port}: expected a port number from 1 to 65535`);
    }
    expect(fs.existsSync(path.join(w.home, 'daemon.json'))).toBe(false);
    expect(fs.existsSync(path.join(w.home, 'api.json'))).toBe(false);
  });

  it('says which home or store cannot be used, exits 2 and leaves a foreign file untouched', async () => {
    const w = tempWorld();
    const notADir = path.join(w.root, 'plain-file');
    fs.writeFileSync(notADir, 'x');
    expectUsageError(await tickwork(notADir, ['runs']), `tickwork: cannot use ${notADir} as the Tickwork home (TICKWORK_HOME): ENOTDIR`);

    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251));
    fs.writeFileSync(path.join(w.home, 'tickwork.db'), garbage);
    expectUsageError(await tickwork(w.home, ['runs']), `tickwork: cannot open the store ${path.join(w.home, 'tickwork.db')}: file is not a database`);
    expect(fs.readFileSync(path.join(w.home, 'tickwork.db')).equals(garbage)).toBe(true);
  });
});
