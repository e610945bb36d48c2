/**
 * What local runs (run/local-mode.ts) remember between them. A local run's
 * store lives in memory and is gone when the run ends, so cache reuse across
 * local runs rests on the lake instead:
 *
 *   <lake root>/.local-results/<time>-<random>.jsonl   one file per local run:
 *       a line {key, pipeline, partition, finishedAt} per task that succeeded
 *
 * A task of a later local run counts as having an identical earlier success
 * when its cache key (spec hash) is on a line there, or when every dataset it
 * provides is published in the lake for that key (lake/published-check.ts: a
 * live run's publish counts too). Whether it is then reused is the live rule
 * (run/cache-decision.ts: never a target, nothing under --force, only while
 * its declared outputs and published partitions are still there).
 *
 * One file per run, written once when the run ends (a temporary name, then a
 * rename: a reader sees all of it or nothing), costs one file create however
 * many tasks ran; a file per task cost a create each, more than the in-memory
 * store saved. Concurrent local runs (a sweep's trials) never write the same
 * file, and the same key is the same result in any of them. When there are
 * more than COMPACT_AFTER files a reader merges them into one (written
 * first, the merged ones removed after), so the look-up stays one directory
 * read and a few small files. A local run killed before it ends records
 * nothing (its tasks run again; its published datasets are still reused).
 * Live runs neither read nor write here: they have their store.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Partition, TaskSpec } from '../../../shared/run-model.js';
import { publishedPartitionsGone } from './published-check.js';

/** The directory, under the lake root, of local runs' results. */
export const LOCAL_RESULTS_DIR = '.local-results';

/** From this many result files on, a reader merges them into one. */
export const COMPACT_AFTER = 32;

/** One task a local run saw succeed. */
export interface LocalResult {
  readonly key: string;
  readonly pipeline: string;
  readonly partition: Partition;
  readonly finishedAt: number;
}

/** A task that may have an earlier success, as planned. */
export interface LocalResultQuery {
  readonly pipeline: string;
  readonly specHash: string;
  readonly spec: Pick<TaskSpec, 'lake'>;
}

/** An identical earlier success found in the lake, and how it was found. */
export interface LocalEarlierResult {
  readonly pipeline: string;
  readonly specHash: string;
  readonly partition: Partition;
  /** `index`: a local run recorded it; `lake`: its datasets are published for its key. */
  readonly source: 'index' | 'lake';
  /** When it finished (epoch ms), as recorded; 0 for `lake`. */
  readonly finishedAt: number;
}

/** The earlier successes among `tasks` (planned for `partition`) that the lake under `root` knows of; `known` from readLocalResults. */
export function earlierLocalResults(known: ReadonlyMap<string, LocalResult>, tasks: readonly LocalResultQuery[], partition: Partition): LocalEarlierResult[] {
  const found: LocalEarlierResult[] = [];
  for (const task of tasks) {
    const indexed = known.get(task.specHash);
    if (indexed) {
      found.push({ pipeline: task.pipeline, specHash: task.specHash, partition, source: 'index', finishedAt: indexed.finishedAt });
      continue;
    }
    if (!task.spec.lake?.outputs.length) continue;
    if (publishedPartitionsGone({ spec: task.spec, specHash: task.specHash }, partition).length === 0) {
      found.push({ pipeline: task.pipeline, specHash: task.specHash, partition, source: 'lake', finishedAt: 0 });
    }
  }
  return found;
}

/** Every result recorded under `root`, by key (merging the files first when there are many). */
export function readLocalResults(root: string): Map<string, LocalResult> {
  const dir = path.join(root, LOCAL_RESULTS_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  } catch {
    return new Map();
  }
  const known = new Map<string, LocalResult>();
  const read: string[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, name), 'utf8');
    } catch {
      continue; // merged away by another reader meanwhile: at worst a task runs again
    }
    read.push(name);
    for (const line of text.split('\n')) {
      const result = parseLine(line);
      if (result && !known.has(result.key)) known.set(result.key, result);
    }
  }
  if (read.length > COMPACT_AFTER) {
    writeResults(dir, [...known.values()]);
    for (const name of read) fs.rmSync(path.join(dir, name), { force: true });
  }
  return known;
}

/** Collects one local run's successes and writes them as one file (see the file comment). */
export class LocalResultsWriter {
  private readonly results: LocalResult[] = [];

  constructor(private readonly root: string) {}

  /** Notes a task that succeeded. */
  add(result: LocalResult): void {
    this.results.push(result);
  }

  /** Writes what was noted since the last flush (nothing when nothing succeeded). */
  flush(): void {
    if (this.results.length === 0) return;
    writeResults(path.join(this.root, LOCAL_RESULTS_DIR), this.results.splice(0));
  }
}

/** Writes `results` as a new file in `dir`: a temporary name first, then a rename. */
function writeResults(dir: string, results: readonly LocalResult[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const name = `${Date.now()}-${crypto.randomBytes(4).toString('hex')}`;
  const temporary = path.join(dir, `.${name}.tmp`);
  fs.writeFileSync(temporary, results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  fs.renameSync(temporary, path.join(dir, `${name}.jsonl`));
}

/** A line of a result file, or null for one that is not (blank, or cut short). */
function parseLine(line: string): LocalResult | null {
  if (line === '') return null;
  try {
    const parsed = JSON.parse(line) as Partial<LocalResult>;
    if (typeof parsed.key !== 'string' || typeof parsed.pipeline !== 'string' || typeof parsed.partition !== 'object' || parsed.partition === null) return null;
    return { key: parsed.key, pipeline: parsed.pipeline, partition: parsed.partition, finishedAt: typeof parsed.finishedAt === 'number' ? parsed.finishedAt : 0 };
  } catch {
    return null;
  }
}
