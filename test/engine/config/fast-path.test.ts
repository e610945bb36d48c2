import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjectSource, loadWithPositions } from '../../../electron/engine/config/load-project.js';
import { formatProblem } from '../../../electron/engine/config/index.js';

const TRICKY = `
name: tricky
timezone: UTC
defaults: &defaults {retries: 0x2, retry_delay: 1.5, backoff: 1e0, jitter: .5, timeout: ~}
params: {code: 0800, flag: True, quoted: "3", hex: 0o17}
pipelines:
  a:
    command: [echo, 0800, "0800", 1e3, True, -0, .inf, 'it''s']
    env: {N: 0800, B: FALSE, S: "yes"}
    priority: -3
  b:
    command: |
      echo multi
      echo line
    depends_on: [a]
    on_error: [{exit_code: [1, 0x2], action: retry, max_attempts: 2}]
`;

describe('config fast path', () => {
  it('reads a valid file exactly as the positional parser does, scalars written as numbers included', () => {
    const file = '/tmp/project/tickwork.yaml';
    const fast = loadProjectSource(TRICKY, file);
    const slow = loadWithPositions(TRICKY, file);
    if (!slow.ok) throw new Error(slow.problems.map(formatProblem).join('\n'));
    expect(fast).toEqual(slow);
    if (!fast.ok) throw new Error('unreachable');
    const a = fast.project.pipelines.get('a')!;
    expect(a.command).toEqual({ kind: 'argv', argv: ['echo', '0800', '0800', '1e3', 'True', '-0', '.inf', "it's"] });
    expect(a.env).toEqual({ N: '0800', B: 'FALSE', S: 'yes' });
    expect(fast.project.params).toEqual({ code: '0800', flag: 'True', quoted: '3', hex: '0o17' });
  });

  it('agrees with the positional parser on the bundled example', () => {
    const file = path.resolve('examples/tetra/tickwork.yaml');
    const source = fs.readFileSync(file, 'utf8');
    expect(loadProjectSource(source, file)).toEqual(loadWithPositions(source, file));
  });

  it('leaves invalid files to the positional parser, so problems keep their line and column', () => {
    const result = loadProjectSource('name: x\npipelines:\n  a: {command: [true], retries: "3"}\n  a: {command: [true]}\n', '/tmp/p/tickwork.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.line}:${p.col} ${p.field}: ${p.message}`)).toEqual([
      '3:33 pipelines.a.retries: expected a non-negative integer, got "3"',
      '4:3 pipelines.a: duplicate key "a"; each key may appear once (the earlier one would be lost)',
    ]);
  });

  it('reads YAML anchors, aliases and core !! tags in a valid file', () => {
    const result = loadProjectSource('name: x\ndefaults: {jitter: !!float 0}\npipelines:\n  a: {command: &c ["true"]}\n  b: {command: *c}\n', '/tmp/p/tickwork.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.project.pipelines.get('b')!.command).toEqual({ kind: 'argv', argv: ['true'] });
  });
});
