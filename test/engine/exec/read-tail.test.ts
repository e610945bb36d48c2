import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { readTail } from '../../../electron/engine/exec/local-executor.js';

describe('the output tail on_error rules read', () => {
  it('starts at a whole character when its window opens inside a multi-byte one', () => {
    const file = path.join(tempWorld().root, 'attempt.log');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('xx€'), Buffer.from('ValueError: bad\n')])); // € is 3 bytes
    const tail = readTail(file, 'ValueError: bad\n'.length + 2); // opens on the 2nd byte of €
    expect(tail).toBe('ValueError: bad\n');
    expect(/^ValueError/.test(tail)).toBe(true);
    expect(readTail(file, 1000)).toBe('xx€ValueError: bad\n'); // the whole file: nothing dropped
  });
});
