// Lake section, publish: a 1 GB output (16 × 64 MB files of random bytes,
// written for real: a sparse file would let the content hash read zeros
// that are not on disk) staged and published by the engine's own
// stageOutput() and publishStaged() (electron/engine/lake/publish.ts, bundled
// here by esbuild). stageOutput hashes every byte and writes _manifest.json;
// publishStaged is the rename a reader can see, the figure the target is
// about. Each iteration publishes another date's partition; between
// iterations (untimed) the published directory is renamed back into the
// next attempt's staging directory, so the same gigabyte is reused.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BenchError } from './daemon.mjs';
import { median } from './measure.mjs';

const FILES = 16;
const FILE_BYTES = 64 * 1024 * 1024;

/** Bundles the engine's publish and layout modules into `dir` and imports them. */
export async function loadLakeEngine(root, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'lake-engine.mjs');
  await build({
    stdin: {
      contents: "export { stageOutput, publishStaged } from './electron/engine/lake/publish.ts';\nexport { stagingDir, homeTag } from './electron/engine/lake/lake-layout.ts';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

/** Writes FILES files of FILE_BYTES random bytes (each file's first bytes differ) into `dir`. */
function writeGigabyte(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const block = crypto.randomBytes(FILE_BYTES);
  for (let i = 0; i < FILES; i++) {
    block.writeUInt32LE(i, 0);
    fs.writeFileSync(path.join(dir, `part-${String(i).padStart(2, '0')}.bin`), block);
  }
}

/**
 * Times stageOutput (hash + manifest) and publishStaged (the rename) of a
 * 1 GB output `iterations` times. Resolves with the per-iteration times (ms).
 */
export async function measurePublish({ root, workDir, iterations, trash, log }) {
  const dir = path.join(workDir, 'lake-publish');
  trash.move(dir);
  const engine = await loadLakeEngine(root, path.join(dir, 'engine'));
  const lakeRoot = path.join(dir, 'lake');
  const dataset = { name: 'big', format: 'dir', partitionBy: ['date'] };
  const lake = { root: lakeRoot, name: 'bench', range: 'all', outputs: [dataset], inputs: [] };
  const tag = engine.homeTag(path.join(dir, 'home'));
  const ownerOf = (attempt) => ({ runId: 1, taskRunId: 1, attempt, dataset: dataset.name, tag });

  const started = performance.now();
  writeGigabyte(engine.stagingDir(lakeRoot, ownerOf(1)));
  log(`  publish: wrote ${FILES} × ${FILE_BYTES / 2 ** 20} MB of random bytes in ${((performance.now() - started) / 1000).toFixed(1)} s (untimed)\n`);

  const stage = [];
  const rename = [];
  let previous = null;
  for (let i = 1; i <= iterations; i++) {
    const staging = engine.stagingDir(lakeRoot, ownerOf(i));
    if (previous) fs.renameSync(previous, staging); // untimed: the last partition becomes this attempt's output
    const day = `2024-01-${String(i).padStart(2, '0')}`;
    const request = { lake, dataset, hash: 'benchhash', cacheKey: 'benchhash', partition: { date: day }, owner: ownerOf(i), now: Date.now(), startedAt: Date.now() };
    const t0 = performance.now();
    const staged = engine.stageOutput(request);
    const t1 = performance.now();
    if (!staged.ok) throw new BenchError(`lake publish: stageOutput refused the output: ${staged.reason}`);
    const published = engine.publishStaged(staged);
    const t2 = performance.now();
    if (!published.ok) throw new BenchError(`lake publish: publishStaged failed: ${published.reason}`);
    const files = fs.readdirSync(staged.target);
    if (published.manifest.bytes !== FILES * FILE_BYTES || files.length !== FILES + 1 || fs.existsSync(staging)) {
      throw new BenchError(`lake publish: ${staged.target} holds ${files.length} files and a manifest of ${published.manifest.bytes} bytes; expected ${FILES} files + _manifest.json, ${FILES * FILE_BYTES} bytes, staging gone`);
    }
    stage.push(t1 - t0);
    rename.push(t2 - t1);
    previous = staged.target;
    log(`  publish ${i}/${iterations}: stageOutput (hash 1 GB + manifest) ${(t1 - t0).toFixed(0)} ms, publishStaged (rename) ${(t2 - t1).toFixed(2)} ms\n`);
  }
  trash.move(dir);
  return { stageMs: median(stage), renameMs: median(rename), stage, rename, bytes: FILES * FILE_BYTES };
}
