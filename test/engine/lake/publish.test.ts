import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../../helpers/temp-home.js';
import { harness, readRun, type Harness } from '../../helpers/engine-harness.js';
import { waitFor } from '../../helpers/wait-for.js';
import { cancelRun } from '../../../electron/engine/run/cancel-run.js';
import { lakePartitions } from '../../../electron/engine/store/lake-store.js';
import { homeTag } from '../../../electron/engine/lake/lake-layout.js';
import { cleanStaleStaging, publishAttempt } from '../../../electron/engine/lake/attempt-lake.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});

function start(w: TempWorld, home = w.home): Harness {
  const h = harness(home, path.join(w.project, 'tickwork.yaml'));
  open.push(h);
  return h;
}

/** `load` writes prices for the run's date and region; `score` reads them through TICKWORK_INPUT_PRICES. */
function project(load: string, extra = ''): string {
  return `
name: lakeproj
partitions: {region: [US, EU]}
params: {window: '20', unused: x}
datasets:
  prices: {format: csv, partition_by: [date, region]}
pipelines:
  load:
    command: ${JSON.stringify(load)}
    provides: [prices]
    timeout: 2s
    kill_grace: 200ms
  score:
    depends_on: [load]
    requires: [prices]
    command: 'env | grep ^TICKWORK_ | sort > "$TICKWORK_HOME/../score-env.txt"; cat "$TICKWORK_INPUT_PRICES/prices.csv" > "$TICKWORK_HOME/../seen.csv"; echo {{ params.window }}'
${extra}`;
}

const WRITE = 'printf "close\\n1\\n2\\n3\\n" > "$TICKWORK_OUTPUT_PRICES/prices.csv"';

function lakeDir(w: TempWorld): string {
  return path.join(w.project, '.tickwork', 'lake');
}

/** Every directory under the dataset's hash directories (the published partitions and their parents). */
function published(w: TempWorld): string[] {
  const root = path.join(lakeDir(w), 'lakeproj', 'all', 'prices');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory() && e.name.startsWith('region=')).map((e) => path.join(e.parentPath, e.name));
}

function staging(w: TempWorld): string[] {
  const dir = path.join(lakeDir(w), '.staging');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

describe('datasets in the lake', () => {
  it('gives each step exactly its TICKWORK_* variables, publishes the output with a manifest, and the downstream reads it via TICKWORK_INPUT_PRICES', async () => {
    const w = tempWorld();
    w.writeProject(project(WRITE));
    const h = start(w);
    const result = await h.run({ targets: ['score'], date: '2025-03-04', partition: { region: 'US' } });
    expect([...result.tasks.values()].map((t) => t.state)).toEqual(['succeeded', 'succeeded']);
    const load = result.tasks.get('load')!;
    const score = result.tasks.get('score')!;
    // The folder is the producer's lake hash (its definition), not its cache key; the manifest keeps the cache key.
    expect(load.spec.lake!.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(load.spec.lake!.hash).not.toBe(load.specHash);
    const partition = path.join(lakeDir(w), 'lakeproj', 'all', 'prices', load.spec.lake!.hash!, 'date=2025-03-04', 'region=US');
    expect(published(w)).toEqual([partition]);
    expect(fs.readdirSync(partition).sort()).toEqual(['_manifest.json', 'prices.csv']);
    const manifest = JSON.parse(fs.readFileSync(path.join(partition, '_manifest.json'), 'utf8'));
    expect(manifest).toEqual({
      dataset: 'prices',
      partition: { date: '2025-03-04', region: 'US' },
      hash: load.spec.lake!.hash,
      cacheKey: load.specHash,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      files: 1,
      bytes: 12,
      rows: 3,
      runId: result.run.id,
      taskRunId: load.id,
      attempt: 1,
      publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(staging(w)).toEqual([]);
    expect(fs.readFileSync(path.join(w.root, 'seen.csv'), 'utf8')).toBe('close\n1\n2\n3\n');
    expect(lakePartitions(h.db, 'prices').map((r) => [r.path, r.hash, r.cacheKey, r.rows, r.bytes, r.taskRunId])).toEqual([[partition, load.spec.lake!.hash, load.specHash, 3, 12, load.id]]);

    // Exactly what score saw: no OUTPUT (it provides nothing), the params its templates name, nothing else.
    expect(fs.readFileSync(path.join(w.root, 'score-env.txt'), 'utf8').trim().split('\n')).toEqual([
      'TICKWORK_ATTEMPT=1',
      `TICKWORK_ATTEMPT_ID=${result.attempts.get('score')![0]!.id}`,
      'TICKWORK_DATE=2025-03-04',
      `TICKWORK_HOME=${w.home}`,
      `TICKWORK_INPUT_PRICES=${partition}`,
      `TICKWORK_INPUT_PRICES_ROOT=${path.dirname(path.dirname(partition))}`,
      `TICKWORK_LOG_FILE=${result.attempts.get('score')![0]!.logPath}`,
      expect.stringMatching(/^TICKWORK_METRICS_FILE=/),
      'TICKWORK_MODE=live',
      'TICKWORK_PARAM_WINDOW=20',
      'TICKWORK_PARTITION_REGION=US',
      'TICKWORK_PIPELINE=score',
      `TICKWORK_RUN_ID=${result.run.id}`,
      expect.stringMatching(/^TICKWORK_STATUS_FILE=/),
      'TICKWORK_UPSTREAM_LOAD_DATE=2025-03-04',
    ]);
    expect(score.state).toBe('succeeded');
  });

  it("hands the producer a fresh staging directory on the lake's file system, named for its run, task and attempt", async () => {
    const w = tempWorld();
    w.writeProject(project('echo "$TICKWORK_OUTPUT_PRICES" > "$TICKWORK_HOME/../out-dir.txt"; ls -A "$TICKWORK_OUTPUT_PRICES" | wc -l > "$TICKWORK_HOME/../count.txt"; ' + WRITE));
    const h = start(w);
    const result = await h.run({ targets: ['load'], date: '2025-03-04', partition: { region: 'EU' } });
    const load = result.tasks.get('load')!;
    expect(fs.readFileSync(path.join(w.root, 'out-dir.txt'), 'utf8').trim()).toBe(path.join(lakeDir(w), '.staging', `${result.run.id}-${load.id}-1-prices-${homeTag(w.home)}`));
    expect(fs.readFileSync(path.join(w.root, 'count.txt'), 'utf8').trim()).toBe('0');
  });

  it('publishes nothing when the step fails after writing half, times out, or is cancelled, and leaves no staging behind', async () => {
    const w = tempWorld();
    w.writeProject(project('printf "close\\n1\\n" > "$TICKWORK_OUTPUT_PRICES/prices.csv"; [ "$TICKWORK_PARTITION_REGION" = US ] && exit 3; touch "$TICKWORK_HOME/../started"; sleep 30'));
    const h = start(w);
    const failed = await h.run({ targets: ['load'], date: '2025-03-04', partition: { region: 'US' } });
    expect(failed.tasks.get('load')!.state).toBe('failed');
    const timedOut = await h.run({ targets: ['load'], date: '2025-03-04', partition: { region: 'EU' } });
    expect(failed.attempts.get('load')!.map((a) => a.state)).toEqual(['failed']);
    expect(timedOut.attempts.get('load')!.map((a) => a.state)).toEqual(['timed_out']);
    expect(published(w)).toEqual([]);
    expect(staging(w)).toEqual([]);

    fs.rmSync(path.join(w.root, 'started'), { force: true });
    const id = h.create({ targets: ['load'], date: '2025-03-05', partition: { region: 'EU' } });
    const engine = h.engine();
    engine.claim(id);
    await waitFor(() => fs.existsSync(path.join(w.root, 'started')), 'the step to have written half its output');
    expect(staging(w)).toHaveLength(1);
    await cancelRun(h.db, id, Date.now);
    engine.refresh(id);
    await engine.whenIdle();
    expect(readRun(h.db, id).tasks.get('load')!.state).toBe('cancelled');
    await waitFor(() => staging(w).length === 0, 'the cancelled attempt’s staging to go');
    expect(published(w)).toEqual([]);
    expect(lakePartitions(h.db)).toEqual([]);
  });

  it('fails a step that wrote nothing to its output, like a declared output that is missing', async () => {
    const w = tempWorld();
    w.writeProject(project('true'));
    const result = await start(w).run({ targets: ['load'], date: '2025-03-04', partition: { region: 'US' } });
    expect(result.tasks.get('load')!.state).toBe('failed');
    expect(result.attempts.get('load')!.map((a) => a.error)).toEqual(['dataset prices: nothing written to TICKWORK_OUTPUT_PRICES']);
    expect(published(w)).toEqual([]);
    expect(staging(w)).toEqual([]);
  });

  it('never shows a reader a partition without its manifest while a step writes a large output', async () => {
    const w = tempWorld();
    // 200 files of 64 KiB, written one by one.
    w.writeProject(project('i=0; while [ $i -lt 200 ]; do head -c 65536 /dev/zero > "$TICKWORK_OUTPUT_PRICES/part-$i.csv"; i=$((i+1)); done'));
    const h = start(w);
    const id = h.create({ targets: ['load'], date: '2025-03-04', partition: { region: 'US' } });
    const engine = h.engine();
    engine.claim(id);
    let done = false;
    let looks = 0;
    const idle = engine.whenIdle().then(() => (done = true));
    while (!done) {
      for (const dir of published(w)) {
        // The rename makes the directory appear whole: whenever it is there, so are the manifest and all 200 files.
        expect(fs.existsSync(path.join(dir, '_manifest.json'))).toBe(true);
        expect(fs.readdirSync(dir)).toHaveLength(201);
      }
      looks++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await idle;
    expect(looks).toBeGreaterThan(10);
    expect(published(w)).toHaveLength(1);
    const manifest = JSON.parse(fs.readFileSync(path.join(published(w)[0]!, '_manifest.json'), 'utf8'));
    expect([manifest.files, manifest.bytes]).toEqual([200, 200 * 65536]);
  });

  it('lets two homes produce the same partition at once: the same content is published once, other content fails the second with a clear reason', async () => {
    const same = tempWorld();
    same.writeProject(project(WRITE));
    const a = start(same, path.join(same.root, 'home-a'));
    const b = start(same, path.join(same.root, 'home-b'));
    const request = { targets: ['load'], date: '2025-03-04', partition: { region: 'US' } };
    const [ra, rb] = await Promise.all([a.run(request), b.run(request)]);
    expect([ra.tasks.get('load')!.state, rb.tasks.get('load')!.state]).toEqual(['succeeded', 'succeeded']);
    expect(published(same)).toHaveLength(1);
    expect(staging(same)).toEqual([]);

    // Both attempts of one cache key run at once (each waits until both have started), then write other bytes.
    const other = tempWorld();
    other.writeProject(project('touch "$TICKWORK_HOME.started"; while [ "$(ls "$TICKWORK_HOME/.." | grep -c started)" -lt 2 ]; do sleep 0.02; done; head -c 32 /dev/urandom | od -An -tx1 > "$TICKWORK_OUTPUT_PRICES/prices.csv"').replace('timeout: 2s', 'timeout: 60s'));
    const c = start(other, path.join(other.root, 'home-c'));
    const d = start(other, path.join(other.root, 'home-d'));
    const results = await Promise.all([c.run(request), d.run(request)]);
    const states = results.map((r) => r.tasks.get('load')!.state);
    expect(states.sort()).toEqual(['failed', 'succeeded']);
    const first = results.find((r) => r.tasks.get('load')!.state === 'succeeded')!;
    const second = results.find((r) => r.tasks.get('load')!.state === 'failed')!;
    expect(second.attempts.get('load')![0]!.error).toMatch(new RegExp(`^dataset prices: .*region=US was already published by run ${first.run.id} \\(task ${first.tasks.get('load')!.id}, attempt 1\\) with other content.*not deterministic`));
    const [dir] = published(other);
    expect(published(other)).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir!, '_manifest.json'), 'utf8'))).toMatchObject({ runId: first.run.id, taskRunId: first.tasks.get('load')!.id });
    expect(staging(other)).toEqual([]);
  });

  it('reuses a published partition for a cached producer, and runs the producer again once the partition is gone', async () => {
    const w = tempWorld();
    w.writeProject(project(`${WRITE}; echo ran >> "$TICKWORK_HOME/../load-runs.txt"`));
    const h = start(w);
    const request = { targets: ['score'], date: '2025-03-04', partition: { region: 'US' } };
    await h.run(request);
    const again = await h.run(request);
    expect(again.tasks.get('load')!.state).toBe('cached');
    expect(fs.readFileSync(path.join(w.root, 'score-env.txt'), 'utf8')).toContain(`TICKWORK_INPUT_PRICES=${published(w)[0]}`);
    fs.rmSync(path.join(lakeDir(w), 'lakeproj'), { recursive: true });
    const third = await h.run(request);
    expect(third.tasks.get('load')!.state).toBe('succeeded');
    expect(fs.readFileSync(path.join(w.root, 'load-runs.txt'), 'utf8')).toBe('ran\nran\n');
    expect(published(w)).toHaveLength(1);
  });

  it('settles the publish again without harm when an engine died between the rename and the store update', async () => {
    const w = tempWorld();
    w.writeProject(project(WRITE));
    const h = start(w);
    const result = await h.run({ targets: ['load'], date: '2025-03-04', partition: { region: 'US' } });
    const load = result.tasks.get('load')!;
    // What an adopting engine does for an attempt whose exit 0 it finds: the staging is gone, the manifest there is this attempt's.
    const again = publishAttempt({ db: h.db, run: result.run, task: load, attempt: 1, homeRoot: w.home }, Date.now());
    expect(again).toEqual({ ok: true, rows: [expect.objectContaining({ path: published(w)[0], taskRunId: load.id, attempt: 1, rows: 3 })] });
    // Another attempt finding the staging gone does not claim someone else's partition.
    const stranger = publishAttempt({ db: h.db, run: result.run, task: load, attempt: 2, homeRoot: w.home }, Date.now());
    expect(stranger).toEqual({ ok: false, reason: expect.stringMatching(/^dataset prices: its output directory .* is gone$/) });
  });

  it('removes a partition a crashed publish left moved aside once its attempt is over, and keeps one of another home (only its store knows)', async () => {
    const w = tempWorld();
    w.writeProject(project(WRITE));
    const h = start(w);
    const result = await h.run({ targets: ['load'], date: '2025-03-04', partition: { region: 'US' } });
    const load = result.tasks.get('load')!;
    const over = path.join(lakeDir(w), '.staging', `${result.run.id}-${load.id}-1-prices-${homeTag(w.home)}.replaced`);
    const unknownToThisHome = path.join(lakeDir(w), '.staging', `${result.run.id}-${load.id}-1-prices-0000ffff.replaced`);
    for (const dir of [over, unknownToThisHome]) fs.mkdirSync(path.join(dir, 'date=x'), { recursive: true });
    expect(cleanStaleStaging(h.db, { root: lakeDir(w) }, w.home)).toBe(1);
    expect(staging(w)).toEqual([path.basename(unknownToThisHome)]);
  });
});
