import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../electron/engine/util/write-file-atomic.js';
import { tempWorld } from '../../helpers/temp-home.js';

const posix = process.platform !== 'win32';

describe('writeFileAtomic', () => {
  it('creates missing directories and replaces a file whole, leaving no temp file behind', () => {
    const file = path.join(tempWorld().root, 'a', 'b', 'out.txt');
    writeFileAtomic(file, 'first\n');
    writeFileAtomic(file, 'second\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('second\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['out.txt']);
  });

  it.runIf(posix)('gives the file its mode (0644 by default) and new directories theirs', () => {
    const root = tempWorld().root;
    const shared = path.join(root, 'shared.txt');
    writeFileAtomic(shared, 'x');
    expect(fs.statSync(shared).mode & 0o777).toBe(0o644);
    const secret = path.join(root, 'private', 'prefs.json');
    writeFileAtomic(secret, '{}', { mode: 0o600, dirMode: 0o700 });
    expect(fs.statSync(secret).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(secret)).mode & 0o777).toBe(0o700);
  });

  it('throws the write error and removes its temp file when the target cannot be replaced', () => {
    const root = tempWorld().root;
    const target = path.join(root, 'taken');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true }); // a non-empty directory: the rename fails
    expect(() => writeFileAtomic(target, 'text')).toThrow();
    expect(fs.readdirSync(root)).toEqual(['home', 'project', 'taken']);
  });
});
