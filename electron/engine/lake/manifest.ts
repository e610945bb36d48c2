/**
 * `_manifest.json`: what a published partition holds and who made it. The
 * content hash is SHA-256 over the files in sorted relative-path order, each
 * as its path, a NUL, its size, a NUL and its bytes, read in chunks (a 1 GB
 * output is never held in memory). Rows: the footer's num_rows summed over
 * `.parquet` files, lines minus the header over `.csv`, non-empty lines over
 * `.json`/`.jsonl`/`.ndjson` (JSON lines); null for `dir` and when no file of
 * the format is there.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TaskDataset } from '../../../shared/run-model.js';
import { MANIFEST_FILE } from './lake-layout.js';
import { parquetRows } from './parquet-rows.js';

/** The parsed `_manifest.json`. */
export interface Manifest {
  readonly dataset: string;
  /** The partition values of the dataset's partition_by, e.g. {date: 2025-01-02}. */
  readonly partition: Readonly<Record<string, string>>;
  /** The folder hash: the producer's lake hash (lake-hash.ts), shared by every partition of its definition. */
  readonly hash: string;
  /** The producing task's cache key (its spec hash); absent in manifests written before lake hashes, whose `hash` was it. */
  readonly cacheKey?: string;
  readonly contentHash: string;
  readonly files: number;
  readonly bytes: number;
  readonly rows: number | null;
  readonly runId: number;
  readonly taskRunId: number;
  readonly attempt: number;
  /** ISO time of the publish. */
  readonly publishedAt: string;
}

/** What the files of a directory are, before the manifest names who made them. */
export interface DirectoryContent {
  readonly contentHash: string;
  readonly files: number;
  readonly bytes: number;
  readonly rows: number | null;
}

const CHUNK = 1 << 20;

/** Hashes and counts the files under `dir` (the manifest itself left out). */
export function describeContent(dir: string, format: TaskDataset['format']): DirectoryContent {
  const files = listFiles(dir).filter((rel) => rel !== MANIFEST_FILE);
  const hash = crypto.createHash('sha256');
  const buffer = Buffer.alloc(CHUNK);
  let bytes = 0;
  let rows: number | null = null;
  for (const rel of files) {
    const file = path.join(dir, rel);
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      hash.update(`${rel}\0${size}\0`);
      const counter = lineCounter(format, rel);
      for (let n = fs.readSync(fd, buffer, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buffer, 0, CHUNK, null)) {
        const chunk = buffer.subarray(0, n);
        hash.update(chunk);
        counter?.feed(chunk);
      }
      bytes += size;
      const counted = counter ? counter.rows() : format === 'parquet' && rel.endsWith('.parquet') ? parquetRows(file) : null;
      if (counted !== null) rows = (rows ?? 0) + counted;
    } finally {
      fs.closeSync(fd);
    }
  }
  return { contentHash: hash.digest('hex'), files: files.length, bytes, rows };
}

/** Reads a partition's manifest; null when it is missing or not one. */
export function readManifest(dir: string): Manifest | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
    return typeof parsed.contentHash === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** Writes `manifest` into `dir` (a staging directory nobody reads yet). */
export function writeManifest(dir: string, manifest: Manifest): void {
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Relative paths (with `/`) of the regular files under `dir`, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** Counts newlines of one file as it streams by; rows() applies the format's rule. */
function lineCounter(format: TaskDataset['format'], rel: string): { feed(chunk: Buffer): void; rows(): number } | null {
  const csv = format === 'csv' && rel.endsWith('.csv');
  const jsonl = format === 'json' && /\.(json|jsonl|ndjson)$/.test(rel);
  if (!csv && !jsonl) return null;
  let lines = 0;
  let blank = 0;
  let last = 0x0a;
  return {
    feed(chunk) {
      // indexOf runs in native code: a 1 GB csv is counted at memory speed.
      let previous = -1;
      for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) {
        if (at === previous + 1 && (previous >= 0 || last === 0x0a)) blank++;
        lines++;
        previous = at;
      }
      if (chunk.length > 0) last = chunk[chunk.length - 1]!;
    },
    rows() {
      // A last line without a newline still counts.
      const total = lines + (last !== 0x0a ? 1 : 0);
      const nonEmpty = total - blank;
      return csv ? Math.max(0, nonEmpty - 1) : nonEmpty;
    },
  };
}
