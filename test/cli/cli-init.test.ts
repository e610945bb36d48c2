import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

describe('tickwork init', () => {
  it('writes a starter project that validates and whose daily job runs to success', async () => {
    const w = tempWorld();
    const init = await tickwork(w.home, ['init', 'research'], { cwd: w.root });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toBe(
      [
        'wrote research/tickwork.yaml',
        'wrote research/steps/hello.sh',
        'next:',
        '  cd research',
        '  tickwork validate',
        '  tickwork run daily --wait',
        '  tickwork up                      # runs daily on its schedule (or: tickwork service install)',
        '',
      ].join('\n'),
    );
    const dir = path.join(w.root, 'research');
    expect(fs.statSync(path.join(dir, 'steps', 'hello.sh')).mode & 0o111).not.toBe(0);
    const yaml = fs.readFileSync(path.join(dir, 'tickwork.yaml'), 'utf8');
    expect(yaml).toMatch(/^name: research$/m);
    expect(yaml).toContain('schedule: {cron: "0 19 * * 1-5", calendar: NYSE}');

    const validate = await tickwork(w.home, ['validate'], { cwd: dir });
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toMatch(/tickwork\.yaml: ok — 2 pipelines, 1 job/);

    const run = await tickwork(w.home, ['run', 'daily', '--wait', '--date', '2025-02-03'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ data[\s\S]*✓ metrics[\s\S]*run 1 succeeded/);
    expect(fs.readFileSync(path.join(dir, 'out', '2025-02-03', 'metrics.txt'), 'utf8')).toBe('rows=1\n');
    const schedule = await tickwork(w.home, ['schedule', '--json'], { cwd: dir });
    expect(schedule.code).toBe(0);
    expect(schedule.stdout).toContain('daily');
  });

  it('writes into the current directory by default, and its commented partition example works once uncommented', async () => {
    const w = tempWorld();
    const init = await tickwork(w.home, ['init'], { cwd: w.project });
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/^wrote tickwork\.yaml\nwrote steps\/hello\.sh\nnext:\n {2}tickwork validate\n/);
    const file = w.file('tickwork.yaml');
    const partitioned = fs
      .readFileSync(file, 'utf8')
      .replace('# partitions:\n#   region: [US, EU]', 'partitions:\n  region: [US, EU]')
      .replace('"data", "{{ date }}"]', '"data", "{{ date }}", "{{ partition.region }}"]');
    fs.writeFileSync(file, partitioned);
    const run = await tickwork(w.home, ['run', 'data', '--partition', 'region=EU', '--date', '2025-02-03', '--wait'], { cwd: w.project });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fs.readFileSync(w.file('out/2025-02-03/EU/data.csv'), 'utf8')).toBe('date,value\n2025-02-03,42\n');
  });

  it('refuses to overwrite any of its files, names the one in the way, and writes nothing', async () => {
    const w = tempWorld();
    fs.writeFileSync(w.file('tickwork.yaml'), 'name: mine\n');
    const init = await tickwork(w.home, ['init', w.project], { cwd: w.root });
    expect(init.code).toBe(2);
    expect(init.stdout).toBe('');
    expect(init.stderr).toBe('tickwork init: project/tickwork.yaml already exists; nothing was written (move it away, or init another directory)\n');
    expect(fs.readFileSync(w.file('tickwork.yaml'), 'utf8')).toBe('name: mine\n');
    expect(fs.existsSync(w.file('steps'))).toBe(false);

    fs.rmSync(w.file('tickwork.yaml'));
    fs.mkdirSync(w.file('steps'));
    fs.writeFileSync(w.file('steps/hello.sh'), 'echo mine\n');
    const again = await tickwork(w.home, ['init'], { cwd: w.project });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('steps/hello.sh already exists');
    expect(fs.existsSync(w.file('tickwork.yaml'))).toBe(false);
  });

  it('rejects a second directory and a path that is a file, as usage errors', async () => {
    const w = tempWorld();
    expect((await tickwork(w.home, ['init', 'a', 'b'], { cwd: w.root })).stderr).toBe('tickwork init: expected at most one directory, got 2\n');
    fs.writeFileSync(w.file('plain'), '');
    const onFile = await tickwork(w.home, ['init', 'plain'], { cwd: w.project });
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toBe('tickwork init: plain is not a directory\n');
  });
});
