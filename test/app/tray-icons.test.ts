/** The tray icons in resources/tray (drawn by build/make-icons.mjs): one per state, the right sizes, macOS templates black + alpha and told apart by shape. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRAY_ICONS } from '../../electron/app/tray-model.js';

const TRAY = path.resolve(__dirname, '..', '..', 'resources', 'tray');

/** Width, height and RGBA pixels of an 8-bit RGBA PNG whose rows use no filter (how make-icons writes them). */
function readPng(file: string): { width: number; height: number; px: Buffer } {
  const buf = fs.readFileSync(file);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]); // 8-bit RGBA
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const rows = zlib.inflateSync(Buffer.concat(idat));
  const px = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(rows[y * (width * 4 + 1)]).toBe(0);
    rows.copy(px, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, px };
}

describe('the tray icons', () => {
  it('has a 16 px icon and its 32 px @2x, coloured and as a macOS template, for every tray state', () => {
    for (const icon of TRAY_ICONS) {
      for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
        for (const name of [`${icon}${suffix}.png`, `${icon}Template${suffix}.png`]) {
          const png = readPng(path.join(TRAY, name));
          expect([name, png.width, png.height]).toEqual([name, size, size]);
        }
      }
    }
  });

  it('draws templates in black with alpha only, and the coloured icons in one colour each', () => {
    const colours = new Set<string>();
    for (const icon of TRAY_ICONS) {
      const template = readPng(path.join(TRAY, `${icon}Template@2x.png`));
      for (let i = 0; i < template.px.length; i += 4) expect([template.px[i], template.px[i + 1], template.px[i + 2]]).toEqual([0, 0, 0]);
      const colour = readPng(path.join(TRAY, `${icon}@2x.png`));
      const used = new Set<string>();
      for (let i = 0; i < colour.px.length; i += 4) if (colour.px[i + 3]! > 0) used.add(colour.px.subarray(i, i + 3).toString('hex'));
      expect(used.size).toBe(1);
      colours.add([...used][0]!);
    }
    expect(colours.size).toBe(TRAY_ICONS.length);
  });

  it('tells every state apart by shape alone (a macOS menubar shows no colour)', () => {
    const alphas = TRAY_ICONS.map((icon) => readPng(path.join(TRAY, `${icon}Template@2x.png`)).px.filter((_, i) => i % 4 === 3));
    for (let a = 0; a < alphas.length; a++) {
      for (let b = a + 1; b < alphas.length; b++) {
        let differing = 0;
        for (let i = 0; i < alphas[a]!.length; i++) if (Math.abs(alphas[a]![i]! - alphas[b]![i]!) > 128) differing++;
        expect(differing, `${TRAY_ICONS[a]} vs ${TRAY_ICONS[b]}`).toBeGreaterThan(20); // of 1024 pixels
      }
    }
  });
});
