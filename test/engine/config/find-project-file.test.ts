import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectFile } from '../../../electron/engine/config/index.js';
import { makeTempDir } from './project-fixture.js';

describe('findProjectFile', () => {
  it('finds tickwork.yaml in the start directory', () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'tickwork.yaml'), 'name: p\n');
    expect(findProjectFile(dir)).toBe(path.join(dir, 'tickwork.yaml'));
  });

  it('walks up to the nearest parent holding tickwork.yaml', () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'tickwork.yaml'), 'name: p\n');
    const deep = path.join(dir, 'a', 'b', 'c');
    fs.mkdirSync(deep, { recursive: true });
    expect(findProjectFile(deep)).toBe(path.join(dir, 'tickwork.yaml'));
  });

  it('prefers the nearest file over one further up', () => {
    const dir = makeTempDir();
    const inner = path.join(dir, 'inner');
    fs.mkdirSync(inner);
    fs.writeFileSync(path.join(dir, 'tickwork.yaml'), 'name: outer\n');
    fs.writeFileSync(path.join(inner, 'tickwork.yaml'), 'name: inner\n');
    expect(findProjectFile(inner)).toBe(path.join(inner, 'tickwork.yaml'));
  });

  it('ignores a directory named tickwork.yaml and returns null when nothing is found', () => {
    const dir = makeTempDir();
    fs.mkdirSync(path.join(dir, 'tickwork.yaml'));
    // The temp root's parents (e.g. /tmp, /) are not expected to hold a project file.
    expect(findProjectFile(dir)).toBeNull();
  });
});
