import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSubset } from '../../../electron/engine/config/subset-yaml.js';
import { readWithJsYaml } from '../../../electron/engine/config/fast-yaml.js';
import { buildDag, makeRng, tickworkYaml } from '../../../bench/dag.mjs';

/** What js-yaml reads, or 'refused' when it throws. */
function jsYaml(source: string): unknown {
  try {
    return readWithJsYaml(source, 'test.yaml');
  } catch {
    return 'refused';
  }
}

/** The subset reader agrees with js-yaml on `source`, or leaves it to js-yaml; returns whether it read it. */
function agrees(source: string): boolean {
  const subset = readSubset(source);
  if (subset === undefined) return false;
  expect({ source, value: subset.value }).toEqual({ source, value: jsYaml(source) });
  return true;
}

const KEYS = ['name', 'command', 'a', 'b_c', 'x-y', 'a.b', 'true', 'null', 'yes', 'on', '__proto__', 'A1', 'NULL', '_'];
const WORDS = [
  'true', 'True', 'TRUE', 'tRue', 'false', 'no', 'yes', 'on', '~', 'null', 'Null', 'nULL',
  '0', '-0', '+0', '0800', '007', '1e3', '1E3', '1.5', '.5', '5.', '-.inf', '.Inf', '.nan', '.NaN', '0x1F', '0xg', '0o17', '0o8', '+5', '-5', '1_000',
  'hello', 'hello world', 'a:b', 'a: b', 'a #b', 'a#b', 'a,b', 'a]b', 'a}b', 'x [y]', 'it\'s', 'say "hi"', '-', '-x', '- x', '?', '? x', ':', ':x',
  '*a', '&a', '!t', '|', '>', '%', '@', '`', '#', '"', "'", 'a\\b', '2024-01-02', '12:30', 'http://x/y', '{{ date }}', '...', '---', 'é', '',
];

/** The i-th key of a mapping: mostly distinct plain words, sometimes one that is tricky or repeated. */
function key(r: () => number, i: number): string {
  return r() < 0.9 ? `key_${i}` : KEYS[Math.floor(r() * KEYS.length)]!;
}

/** Everyday values: most generated scalars, so most documents stay inside the subset and get compared. */
const PLAIN = ['python', 'steps/data.mjs', '--date', '{{ date }}', '2', '5m', 'default', 'retry', 'market_data', '0.04', 'UTC', 'America/New_York'];

/** A random scalar in a random style, for block (`flow` false) or flow context. */
function scalar(r: () => number, flow: boolean): string {
  const pool = r() < 0.8 ? PLAIN : WORDS;
  const word = pool[Math.floor(r() * pool.length)]!;
  const style = r();
  if (style < 0.2) return `"${word}"`;
  if (style < 0.35) return `'${word.replace(/'/g, "''")}'`;
  return flow ? word.replace(/[,[\]{}]/g, '') || 'w' : word;
}

function flowValue(r: () => number, depth: number): string {
  const kind = r();
  const gap = () => (r() < 0.2 ? '' : ' ');
  if (depth < 2 && kind < 0.25) {
    const n = Math.floor(r() * 4);
    return `[${Array.from({ length: n }, () => flowValue(r, depth + 1)).join(`,${gap()}`)}${r() < 0.05 ? ',' : ''}]`;
  }
  if (depth < 2 && kind < 0.45) {
    const n = Math.floor(r() * 4);
    return `{${Array.from({ length: n }, (_, i) => `${key(r, i)}:${r() < 0.05 ? '' : ' '}${flowValue(r, depth + 1)}`).join(`,${gap()}`)}}`;
  }
  return scalar(r, true);
}

function comment(r: () => number): string {
  return r() < 0.15 ? `${r() < 0.8 ? '  ' : ''}# note: a, b` : '';
}

/** A random document near the subset: nested mappings, sequences, flows, comments, odd spacing. */
function document(r: () => number, indent = 0, depth = 0): string {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    if (r() < 0.1) lines.push(`${pad}# a comment`);
    if (r() < 0.05) lines.push('');
    const name = key(r, i);
    const kind = r();
    if (depth < 3 && kind < 0.25) {
      lines.push(`${pad}${name}:${comment(r)}`);
      lines.push(document(r, indent + (r() < 0.9 ? 2 : 4), depth + 1));
    } else if (depth < 3 && kind < 0.4) {
      lines.push(`${pad}${name}:`);
      const inner = ' '.repeat(indent + (r() < 0.85 ? 2 : 0));
      for (let j = 0; j < 1 + Math.floor(r() * 3); j++) lines.push(`${inner}- ${r() < 0.5 ? flowValue(r, 0) : scalar(r, false)}${comment(r)}`);
    } else if (kind < 0.7) {
      lines.push(`${pad}${name}: ${flowValue(r, 0)}${comment(r)}`);
    } else if (kind < 0.95) {
      lines.push(`${pad}${name}: ${scalar(r, false)}${comment(r)}`);
    } else {
      lines.push(`${pad}${name}:${r() < 0.5 ? '' : ' '}`);
    }
  }
  return lines.join('\n');
}

describe('YAML subset reader', () => {
  it('reads the bundled example and the benchmark DAG as js-yaml does', () => {
    expect(agrees(fs.readFileSync('examples/tetra/tickwork.yaml', 'utf8'))).toBe(true);
    expect(agrees(tickworkYaml(buildDag()))).toBe(true);
  });

  it('agrees with js-yaml on every generated document it reads, and leaves the rest to js-yaml', () => {
    const r = makeRng(Number(process.env.SUBSET_SEED ?? 20261201)); // deterministic: a failure reproduces
    let read = 0;
    const total = Number(process.env.SUBSET_DOCS ?? 4000);
    for (let i = 0; i < total; i++) if (agrees(document(r) + (r() < 0.5 ? '\n' : ''))) read++;
    // The generator stays near the subset: most documents must be read, or the check above proves little.
    expect(read).toBeGreaterThan(total * 0.4);
  });

  it('leaves what is outside the subset to js-yaml', () => {
    const outside = [
      'a: 1\n\tb: 2', // a tab
      'a: 1\r\nb: 2', // CRLF
      '---\na: 1',
      'a: &x 1\nb: *x',
      'a: !!str 1',
      'a: |\n  text',
      'a: >\n  text',
      'a: long\n  continued', // a scalar on two lines
      'a: [1,\n  2]', // a flow on two lines
      'a:\n- 1', // a sequence at its key's indentation
      'a:\n  - b: 1', // a compact mapping in a sequence
      'a: 1\na: 2', // a duplicate key
      'a: {b: 1, b: 2}',
      '"a": 1',
      'a: {"b": 1}',
      'a: [1, 2, ]',
      'a: {b: }',
      'a: "x\\ty"',
      'a: b: c',
      '1: a',
      'true: a',
      '__proto__: {}',
      'a: [b: c]',
      '  a: 1', // an indented first line
    ];
    for (const source of outside) expect({ source, read: readSubset(source) }).toEqual({ source, read: undefined });
    for (const source of outside) agrees(source);
  });

  it('reads scalars as the core schema resolves them, source text kept for numbers and bools', () => {
    const source = 'a: [0800, "0800", 1e3, True, -0, .inf, \'it\'\'s\', ~, null, yes]\nb: 0x1F # hex\nc:\nd: "#not a comment"';
    expect(agrees(source)).toBe(true);
    const value = readSubset(source)!.value as Record<string, unknown>;
    expect((value.a as unknown[]).map((v) => (typeof v === 'object' && v !== null && 'source' in v ? (v as { source: string }).source : v))).toEqual([
      '0800',
      '0800',
      '1e3',
      'True',
      '-0',
      '.inf',
      "it's",
      null,
      null,
      'yes',
    ]);
    expect(value.c).toBeNull();
    expect(value.d).toBe('#not a comment');
  });
});
