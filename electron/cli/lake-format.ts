/** Text and JSON pieces the `tickwork lake` subcommands share. */
import type { LakePartitionInfo, LakeValue } from '../../shared/lake-model.js';

/** A partition as `--json` prints it: its publish time as ISO text. */
export function partitionJson(p: LakePartitionInfo): unknown {
  return { ...p, publishedAt: new Date(p.publishedAt).toISOString() };
}

/** The first 12 characters of a hash, as the tables show it. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** The widest a previewed value is shown before it is cut with `…`. */
const CELL_WIDTH = 40;

/** A previewed value in a table cell: NULL for null, JSON for lists and structs, cut at 40 characters. */
export function cellText(value: LakeValue | undefined): string {
  const text = value === null || value === undefined ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const line = text.replace(/[\r\n\t]/g, ' ');
  return line.length > CELL_WIDTH ? `${line.slice(0, CELL_WIDTH - 1)}…` : line;
}
