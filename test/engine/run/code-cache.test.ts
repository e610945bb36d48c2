import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, readLines, type TempWorld } from '../../helpers/temp-home.js';
import { harness, type Harness } from '../../helpers/engine-harness.js';
import { problemsFor, projectFor, yaml } from '../config/project-fixture.js';
import { planRun } from '../../../electron/engine/run/plan-run.js';
import { notesOfRun } from '../../../electron/engine/store/run-notes.js';
import { globFiles } from '../../../electron/engine/util/glob-match.js';
import { codeFilesOf } from '../../../electron/engine/run/code-digest.js';

let h: Harness | undefined;
afterEach(() => h?.close());

/** a and b are independent branches, each with its own script and the shared lib; report (the job's one pipeline) reads both. */
const PROJECT = `
name: codey
params: {lookback: "60"}
defaults:
  code: ["lib/**/*.sh"]
pipelines:
  a:
    command: ["sh", "steps/a.sh"]
    code: ["steps/a.sh"]
  b:
    command: ["sh", "steps/b.sh", "{{ params.lookback }}"]
    code: ["steps/b.sh"]
  report:
    command: ["sh", "-c", "echo report >> ledger.txt"]
    depends_on: [a, b]
jobs:
  all: {pipelines: [report]}
`;

function world(): TempWorld {
  const w = tempWorld();
  w.writeProject(PROJECT);
  fs.mkdirSync(w.file('steps'));
  fs.mkdirSync(w.file('lib/util'), { recursive: true });
  fs.writeFileSync(w.file('steps/a.sh'), 'echo a >> ledger.txt\n');
  fs.writeFileSync(w.file('steps/b.sh'), 'echo "b $1" >> ledger.txt\n');
  fs.writeFileSync(w.file('lib/util/common.sh'), '# shared\n');
  return w;
}

/** The ledger the steps append to, a and b (which run side by side) in a fixed order before each report. */
function ledger(w: TempWorld): string[] {
  const out: string[] = [];
  let batch: string[] = [];
  for (const line of readLines(w.file('ledger.txt'))) {
    if (line !== 'report') batch.push(line);
    else {
      out.push(...batch.sort(), line);
      batch = [];
    }
  }
  return [...out, ...batch.sort()];
}

const sha256 = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

describe('code: in the project file', () => {
  it('adds the pipeline’s globs to those of defaults', () => {
    const project = projectFor(yaml('name: p', 'defaults: {code: ["lib/*.py"]}', 'pipelines:', '  a: {command: ["true"], code: ["steps/a.py", "lib/*.py"]}', '  b: {command: ["true"]}'));
    expect(project.pipelines.get('a')!.code).toEqual(['lib/*.py', 'steps/a.py']);
    expect(project.pipelines.get('b')!.code).toEqual(['lib/*.py']);
  });

  it('reports a value that is not a list of plain globs at file:line:col', () => {
    expect(problemsFor(yaml('name: p', 'defaults:', '  code: steps/a.py', 'pipelines:', '  a:', '    command: ["true"]', '    code: ["x**/y.py", "{{ date }}.py", {x: 1}, ""]'))).toEqual([
      'tickwork.yaml:3:9: defaults.code: expected a list of file globs, got "steps/a.py"',
      'tickwork.yaml:7:12: pipelines.a.code: "**" must be a whole path segment (as in "lib/**/*.py"), got "x**/y.py"',
      'tickwork.yaml:7:24: pipelines.a.code: code globs are not templated (the code is the same for every partition), got "{{ date }}.py"',
      'tickwork.yaml:7:41: pipelines.a.code: expected a string, got a mapping',
      'tickwork.yaml:7:49: pipelines.a.code: expected a non-empty string',
    ]);
  });
});

describe('code: files in the cache key', () => {
  it('freezes each matched file’s content digest into the spec, and a glob that matches nothing is a usage error of the plan', () => {
    const w = world();
    h = harness(w.home, w.project);
    const planned = planRun(h.project, { targets: ['all'], selection: 'upstream', force: false, trigger: 'cli', date: '2025-02-03' }, Date.now());
    if (!planned.ok) throw new Error(planned.message);
    const a = planned.plan.tasks.find((t) => t.pipeline === 'a')!;
    expect(a.spec.codeFiles).toEqual({ 'lib/util/common.sh': sha256('# shared\n'), 'steps/a.sh': sha256('echo a >> ledger.txt\n') });
    expect(planned.plan.tasks.find((t) => t.pipeline === 'report')!.spec.codeFiles).toEqual({ 'lib/util/common.sh': sha256('# shared\n') });

    fs.rmSync(w.file('steps/b.sh'));
    const broken = planRun(h.project, { targets: ['all'], selection: 'upstream', force: false, trigger: 'cli', date: '2025-02-03' }, Date.now());
    expect(broken).toEqual({ ok: false, message: `pipelines.b: code glob "steps/b.sh" matches no file under ${w.project}` });
  });

  it('re-runs an edited script’s task and its downstream, reuses the untouched branch, and notes why', async () => {
    const w = world();
    h = harness(w.home, w.project);
    const first = await h.run({ targets: ['all'], date: '2025-02-03' });
    expect(first.run.state).toBe('succeeded');
    expect(notesOfRun(h.db, first.run.id)).toEqual([]); // a first run has nothing to explain in its journal

    fs.appendFileSync(w.file('steps/a.sh'), '# tuned\n');
    const second = await h.run({ targets: ['all'], date: '2025-02-03' });
    expect(second.run.state).toBe('succeeded');
    expect([...second.tasks.values()].map((t) => [t.pipeline, t.state, t.reason])).toEqual([
      ['a', 'succeeded', null],
      ['b', 'cached', `same inputs as run ${first.run.id}`],
      ['report', 'succeeded', null],
    ]);
    expect(second.tasks.get('a')!.specHash).not.toBe(first.tasks.get('a')!.specHash);
    expect(second.tasks.get('report')!.specHash).not.toBe(first.tasks.get('report')!.specHash);
    expect(ledger(w)).toEqual(['a', 'b 60', 'report', 'a', 'report']);
    expect(notesOfRun(h.db, second.run.id).map((n) => [n.pipeline, n.message])).toEqual([
      ['a', 'runs: code file steps/a.sh changed'],
      ['report', 'runs: upstream data re-ran: a'],
    ]);

    // The shared library is in every task's key: all of them run.
    fs.writeFileSync(w.file('lib/util/common.sh'), '# shared v2\n');
    const third = await h.run({ targets: ['all'], date: '2025-02-03' });
    expect(notesOfRun(h.db, third.run.id).map((n) => [n.pipeline, n.message])).toEqual([
      ['a', 'runs: code file lib/util/common.sh changed'],
      ['b', 'runs: code file lib/util/common.sh changed'],
      ['report', 'runs: code file lib/util/common.sh changed; upstream data re-ran: a, b'],
    ]);

    // Unchanged code: the branches are reused, the target runs (targets always do) and nothing is noted.
    const fourth = await h.run({ targets: ['all'], date: '2025-02-03' });
    expect([...fourth.tasks.values()].map((t) => t.state)).toEqual(['cached', 'cached', 'succeeded']);
    expect(notesOfRun(h.db, fourth.run.id)).toEqual([]);
  });

  it('says which param changed, and that a run was forced', async () => {
    const w = world();
    h = harness(w.home, w.project);
    const first = await h.run({ targets: ['all'], date: '2025-02-03' });
    const second = await h.run({ targets: ['all'], date: '2025-02-03', params: { lookback: '90' } });
    expect(second.tasks.get('a')!.state).toBe('cached');
    expect(notesOfRun(h.db, second.run.id).map((n) => [n.pipeline, n.note === 'why' && n.previousRunId, n.message])).toEqual([
      ['b', first.run.id, 'runs: param lookback 60 → 90'],
      ['report', first.run.id, 'runs: upstream data re-ran: b'],
    ]);
    const forced = await h.run({ targets: ['all'], date: '2025-02-03', params: { lookback: '90' }, force: true });
    expect(notesOfRun(h.db, forced.run.id).map((n) => [n.pipeline, n.message])).toEqual([
      ['a', 'runs: forced'],
      ['b', 'runs: forced'],
      ['report', 'runs: forced; upstream data re-ran: a, b'],
    ]);
    expect(ledger(w)).toEqual(['a', 'b 60', 'report', 'b 90', 'report', 'a', 'b 90', 'report']);
  });
});

describe('why: secrets', () => {
  it('names a changed secret-named param without its values', async () => {
    const w = tempWorld();
    w.writeProject(`
name: secretive
params: {db_password: "hunter22"}
pipelines:
  load: {command: ["true"], env: {PGPASSWORD: "{{ params.db_password }}"}}
  after: {command: ["true"], depends_on: [load]}
jobs:
  all: {pipelines: [after]}
`);
    h = harness(w.home, w.project);
    await h.run({ targets: ['all'], date: '2025-02-03' });
    const second = await h.run({ targets: ['all'], date: '2025-02-03', params: { db_password: 'swordfish' } });
    const notes = notesOfRun(h.db, second.run.id);
    expect(notes.map((n) => [n.pipeline, n.message])).toEqual([
      ['load', 'runs: param db_password changed'],
      ['after', 'runs: upstream data re-ran: load'],
    ]);
    expect(JSON.stringify(notes)).not.toMatch(/hunter22|swordfish/);
  });
});

describe('globFiles', () => {
  it('lists every file a glob matches, a matched directory standing for the files under it, without dot-entries', () => {
    const w = tempWorld();
    for (const file of ['lib/a.py', 'lib/sub/b.py', 'lib/sub/c.txt', 'lib/.hidden/d.py', 'lib/.e.py', 'data/x.csv']) {
      fs.mkdirSync(path.dirname(w.file(file)), { recursive: true });
      fs.writeFileSync(w.file(file), file);
    }
    const rel = (files: string[]): string[] => files.map((f) => path.relative(w.project, f));
    expect(rel(globFiles(w.file('lib/**/*.py')))).toEqual(['lib/a.py', 'lib/sub/b.py']);
    expect(rel(globFiles(w.file('lib')))).toEqual(['lib/a.py', 'lib/sub/b.py', 'lib/sub/c.txt']);
    expect(rel(globFiles(w.file('*/sub')))).toEqual(['lib/sub/b.py', 'lib/sub/c.txt']);
    expect(globFiles(w.file('nope/*.py'))).toEqual([]);
  });

  it('hashes a file again only once it changed: the same digests while untouched, an edit of the same size seen at once', () => {
    const w = tempWorld();
    fs.mkdirSync(w.file('lib'));
    for (let i = 0; i < 2000; i++) fs.writeFileSync(w.file(`lib/m${i}.py`), `x = ${i}\n`.repeat(200));
    const t0 = performance.now();
    const cold = codeFilesOf(['lib/*.py'], w.project);
    const t1 = performance.now();
    const warm = codeFilesOf(['lib/*.py'], w.project);
    const t2 = performance.now();
    console.info(`code digest of 2000 files: ${(t1 - t0).toFixed(1)} ms cold, ${(t2 - t1).toFixed(1)} ms warm`);
    expect(warm).toEqual(cold);
    // An edit shows even within the same millisecond and size (ctime and content change).
    fs.writeFileSync(w.file('lib/m7.py'), `y = ${7}\n`.repeat(200));
    const edited = codeFilesOf(['lib/*.py'], w.project);
    expect(edited.ok && cold.ok && edited.files['lib/m7.py'] !== cold.files['lib/m7.py']).toBe(true);
  });
});
