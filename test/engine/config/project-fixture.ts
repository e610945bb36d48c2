/**
 * Test helpers: write real tickwork.yaml files into temp dirs and load them,
 * returning problems formatted exactly as the CLI prints them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { vi } from 'vitest';
import type { ProjectConfig } from '../../../shared/config-model.js';
import { formatProblem, loadProject } from '../../../electron/engine/config/index.js';

/** A fresh temp directory. */
export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tw-'));
}

/** Joins lines into YAML text, so line numbers in assertions are easy to count. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** Writes `text` as tickwork.yaml in a new temp dir and returns that dir. */
export function writeProject(text: string): string {
  const dir = makeTempDir();
  fs.writeFileSync(path.join(dir, 'tickwork.yaml'), text);
  return dir;
}

/** Loads `text` and returns the formatted problems, with paths shown relative to the project dir. */
export function problemsFor(text: string): string[] {
  const dir = writeProject(text);
  // Problems show paths relative to the cwd; pretend the user runs from the project dir.
  const cwd = vi.spyOn(process, 'cwd').mockReturnValue(dir);
  try {
    const result = loadProject(dir);
    return result.ok ? [] : result.problems.map(formatProblem);
  } finally {
    cwd.mockRestore();
  }
}

/** Loads `text`, failing the test with the formatted problems when it is invalid. */
export function projectFor(text: string): ProjectConfig {
  const dir = writeProject(text);
  const result = loadProject(dir);
  if (!result.ok) throw new Error(`expected a valid project:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.project;
}
