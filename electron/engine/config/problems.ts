/**
 * Collecting and printing config problems.
 *
 * Every problem a user can cause is a value with a file:line:col, so editors
 * and terminals can jump straight to the offending node.
 */
import * as path from 'node:path';
import type { LineCounter } from 'yaml';
import type { ConfigProblem } from '../../../shared/config-model.js';

/** The path to show a user: relative to the working directory when that is shorter. */
export function displayPath(file: string): string {
  if (!path.isAbsolute(file)) return file;
  const relative = path.relative(process.cwd(), file);
  return relative !== '' && relative.length < file.length ? relative : file;
}

/** One problem as `FILE:LINE:COL: FIELD: MESSAGE` (no `FIELD: ` when the field is empty). */
export function formatProblem(p: ConfigProblem): string {
  const field = p.field === '' ? '' : `${p.field}: `;
  return `${displayPath(p.file)}:${p.line}:${p.col}: ${field}${p.message}`;
}

/** Problems sorted by position; equal positions keep the order they were found in. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}

/** Anything with a yaml-style `range`; null/undefined means "start of file". */
export type Located = { readonly range?: readonly number[] | null } | null | undefined;

/** Accumulates problems for one file, turning node offsets into 1-based line:col. */
export class ProblemCollector {
  private readonly found: ConfigProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly lineCounter?: LineCounter,
  ) {}

  /** Records a problem at the start of `node`. */
  at(node: Located, field: string, message: string): void {
    this.atOffset(node?.range?.[0] ?? 0, field, message);
  }

  /** Records a problem at a character offset into the file. */
  atOffset(offset: number, field: string, message: string): void {
    const pos = this.lineCounter?.linePos(offset) ?? { line: 1, col: 1 };
    // linePos reports line 0 before the first newline is seen (e.g. empty files).
    this.found.push({ file: displayPath(this.file), line: Math.max(pos.line, 1), col: Math.max(pos.col, 1), field, message });
  }

  /** How many problems have been recorded so far. */
  get count(): number {
    return this.found.length;
  }

  /** All problems, sorted by line then column. */
  sorted(): ConfigProblem[] {
    return sortProblems(this.found);
  }
}
