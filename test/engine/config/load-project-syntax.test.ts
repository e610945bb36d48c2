import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { formatProblem, loadProject } from '../../../electron/engine/config/index.js';
import { makeTempDir, problemsFor, yaml } from './project-fixture.js';

describe('loadProject on files that are not valid YAML or missing', () => {
  it('reports a missing file as a problem instead of throwing', () => {
    const dir = makeTempDir();
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(dir);
    try {
      const result = loadProject(dir);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map(formatProblem)).toEqual(['tickwork.yaml:1:1: file not found']);
    } finally {
      cwd.mockRestore();
    }
  });

  it('accepts a path to the file itself as well as its directory', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'tickwork.yaml');
    fs.writeFileSync(file, yaml('name: p', 'pipelines:', '  a:', '    command: echo'));
    const result = loadProject(file);
    expect(result.ok && result.project.file).toBe(file);
  });

  it('reports a YAML syntax error with its line and column', () => {
    expect(problemsFor(yaml('name: p', 'pipelines:', '  a:', '    command: [echo', '  b: 1'))).toEqual([
      'tickwork.yaml:5:3: flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports duplicate keys at the second occurrence and keeps validating the rest', () => {
    expect(
      problemsFor(yaml('name: p', 'pipelines:', '  a:', '    command: echo', '  a:', '    command: echo', '    retries: -1', 'jobs:', '  j: {pipelines: [a], pipelines: [a]}')),
    ).toEqual([
      'tickwork.yaml:5:3: pipelines.a: duplicate key "a"; each key may appear once (the earlier one would be lost)',
      'tickwork.yaml:7:14: pipelines.a.retries: expected a non-negative integer, got -1',
      'tickwork.yaml:9:23: jobs.j.pipelines: duplicate key "pipelines"; each key may appear once (the earlier one would be lost)',
    ]);
  });

  it('reports a second YAML document in the file', () => {
    expect(problemsFor(yaml('name: p', '---', 'name: q'))).toEqual([
      'tickwork.yaml:2:1: expected a single YAML document; remove the extra "---"',
    ]);
  });

  it('reports an empty file as needing name and pipelines', () => {
    expect(problemsFor('')).toEqual(['tickwork.yaml:1:1: the file is empty; it needs at least name and pipelines']);
  });

  it('reports a top level that is not a mapping', () => {
    expect(problemsFor(yaml('- a', '- b'))).toEqual(['tickwork.yaml:1:1: expected a mapping, got a list']);
  });

  it('shows the absolute path when it is shorter than the relative one', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'tickwork.yaml');
    // A working directory nested deep enough under another temp dir that `../../…` is longer than the absolute
    // path, wherever the checkout and the temp dir live (it need not exist: only path arithmetic uses it).
    const deep = path.join(makeTempDir(), ...Array<string>(Math.ceil(file.length / 3) + 1).fill('d'));
    expect(path.relative(deep, file).length).toBeGreaterThan(file.length);
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(deep);
    try {
      const result = loadProject(dir);
      expect(!result.ok && result.problems[0]?.file).toBe(file);
    } finally {
      cwd.mockRestore();
    }
  });
});
