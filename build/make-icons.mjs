#!/usr/bin/env node
// Draws Tickwork's icons into resources/ as PNGs, with node:zlib and no
// dependency: `node build/make-icons.mjs [--sheet FILE]`.
//
// - resources/tray/<state>.png (16 px) and <state>@2x.png (32 px): coloured
//   tray icons for Linux and Windows, one per tray state (tray-model.ts);
// - resources/tray/<state>Template.png and <state>Template@2x.png: macOS
//   menubar template images (black + alpha; macOS tints them for light and
//   dark menubars), so each state differs by shape, not only by colour;
// - resources/icon.png (1024 px): the app icon electron-builder turns into
//   .icns, .ico and the Linux icons.
// `--sheet FILE` also writes an enlarged contact sheet of the tray icons on
// light and dark backgrounds, to look at them (not committed).
//
// Every glyph is a ring (the clock) plus a mark inside it, drawn as shapes in
// a unit square and rasterised with supersampling for anti-aliasing. The
// output is deterministic: rerunning the script rewrites identical bytes.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// --- shapes in the unit square (x right, y down) ----------------------------
const C = 0.5;
const RING_R = 0.4;
const RING_W = 0.075; // half the ring's thickness

const ring = (x, y) => Math.abs(Math.hypot(x - C, y - C) - RING_R) <= RING_W;
/** A ring broken into 6 dashes: the daemon is not there. */
const dashedRing = (x, y) => ring(x, y) && Math.floor(((Math.atan2(y - C, x - C) + Math.PI) / (2 * Math.PI)) * 12 + 0.5) % 2 === 0;
/** Within `w` of the segment (ax, ay)–(bx, by): a stroke with round caps. */
const capsule = (ax, ay, bx, by, w) => (x, y) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= w;
};
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const box = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const triangle = (pts) => (x, y) => {
  const [[x1, y1], [x2, y2], [x3, y3]] = pts;
  const d1 = (x - x2) * (y1 - y2) - (x1 - x2) * (y - y2);
  const d2 = (x - x3) * (y2 - y3) - (x2 - x3) * (y - y3);
  const d3 = (x - x1) * (y3 - y1) - (x3 - x1) * (y - y1);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const any = (...shapes) => (x, y) => shapes.some((s) => s(x, y));

const hands = any(capsule(C, C, C, 0.25, 0.065), capsule(C, C, 0.67, C, 0.065));

/** Each tray state: its shape and its colour on Linux and Windows. */
const STATES = {
  // The clock at rest.
  idle: { shape: any(ring, hands), rgb: [0x6b, 0x72, 0x80] },
  // A play mark: work in progress.
  running: { shape: any(ring, triangle([[0.4, 0.3], [0.4, 0.7], [0.71, 0.5]])), rgb: [0x25, 0x63, 0xeb] },
  // An exclamation mark: a run failed since the last look.
  failed: { shape: any(ring, capsule(C, 0.29, C, 0.55, 0.07), disc(C, 0.7, 0.075)), rgb: [0xdc, 0x26, 0x26] },
  // Two bars: schedules paused.
  paused: { shape: any(ring, box(0.36, 0.3, 0.45, 0.7), box(0.55, 0.3, 0.64, 0.7)), rgb: [0xd9, 0x77, 0x06] },
  // A broken ring around the hands: no daemon.
  unreachable: { shape: any(dashedRing, hands), rgb: [0x9c, 0xa3, 0xaf] },
};

// --- rasterising ------------------------------------------------------------
/** Coverage (0..1) of `shape` per pixel of a size×size image, from ss×ss samples a pixel. */
function coverage(shape, size, ss = 8) {
  const out = new Float64Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < ss; sy++) for (let sx = 0; sx < ss; sx++) if (shape((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)) hits++;
      out[py * size + px] = hits / (ss * ss);
    }
  }
  return out;
}

/** RGBA pixels of a one-colour glyph: `rgb` where the shape is, transparent elsewhere. */
function glyph(shape, size, rgb) {
  const cover = coverage(shape, size);
  const px = Buffer.alloc(size * size * 4);
  for (let i = 0; i < cover.length; i++) {
    px.set([...rgb, Math.round(cover[i] * 255)], i * 4);
  }
  return { size, px };
}

/** The app icon: a white clock on a teal rounded square with a soft vertical gradient. */
function appIcon(size) {
  const radius = 0.2;
  const margin = 0.06;
  const square = (x, y) => {
    const qx = Math.max(Math.abs(x - C) - (0.5 - margin - radius), 0);
    const qy = Math.max(Math.abs(y - C) - (0.5 - margin - radius), 0);
    return Math.hypot(qx, qy) <= radius;
  };
  // The clock a little smaller than on the tray, inside the square.
  const inner = (s) => (x, y) => s(C + (x - C) / 0.66, C + (y - C) / 0.66);
  const clock = inner(any(ring, hands));
  // 4×4 samples are plenty at 1024 px (and 4× faster than the tray's 8×8).
  const back = coverage(square, size, 4);
  const front = coverage(clock, size, 4);
  const px = Buffer.alloc(size * size * 4);
  const top = [0x14, 0xb8, 0xa6];
  const bottom = [0x0f, 0x4c, 0x5c];
  for (let y = 0; y < size; y++) {
    const t = y / (size - 1);
    const bg = top.map((v, i) => v + (bottom[i] - v) * t);
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const f = front[i];
      px.set([...bg.map((v) => Math.round(v * (1 - f) + 255 * f)), Math.round(back[i] * 255)], i * 4);
    }
  }
  return { size, px };
}

// --- PNG --------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** An 8-bit RGBA PNG of `width`×`height` pixels. */
function png({ size, px, width = size, height = size }) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, no filter method quirks, not interlaced
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) px.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// --- output -----------------------------------------------------------------
const trayDir = path.join(root, 'resources', 'tray');
fs.mkdirSync(trayDir, { recursive: true });
const written = [];
const write = (file, image) => {
  fs.writeFileSync(file, png(image));
  written.push(path.relative(root, file));
};
const drawn = {};
for (const [name, { shape, rgb }] of Object.entries(STATES)) {
  for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
    const colour = glyph(shape, size, rgb);
    write(path.join(trayDir, `${name}${suffix}.png`), colour);
    write(path.join(trayDir, `${name}Template${suffix}.png`), glyph(shape, size, [0, 0, 0]));
    if (size === 32) drawn[name] = colour;
  }
}
write(path.join(root, 'resources', 'icon.png'), appIcon(1024));

const sheetAt = process.argv.indexOf('--sheet');
if (sheetAt > 0) {
  // Each 32 px colour icon and its template, ×4, on a light and a dark strip.
  const scale = 4;
  const cell = 32 * scale + 16;
  const names = Object.keys(STATES);
  const width = cell * names.length;
  const height = cell * 4;
  const px = Buffer.alloc(width * height * 4);
  const strips = [[0xf4, 0xf4, 0xf5], [0x1f, 0x20, 0x24]];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) px.set([...strips[Math.floor(y / (cell * 2))], 255], (y * width + x) * 4);
  names.forEach((name, col) => {
    for (let row = 0; row < 4; row++) {
      const dark = row >= 2;
      const template = row % 2 === 1;
      const src = template ? glyph(STATES[name].shape, 32, dark ? [255, 255, 255] : [0, 0, 0]) : drawn[name];
      for (let y = 0; y < 32 * scale; y++) {
        for (let x = 0; x < 32 * scale; x++) {
          const s = (Math.floor(y / scale) * 32 + Math.floor(x / scale)) * 4;
          const a = src.px[s + 3] / 255;
          const d = ((row * cell + 8 + y) * width + col * cell + 8 + x) * 4;
          for (let k = 0; k < 3; k++) px[d + k] = Math.round(px[d + k] * (1 - a) + src.px[s + k] * a);
        }
      }
    }
  });
  fs.writeFileSync(process.argv[sheetAt + 1], png({ px, width, height }));
}
console.log(`wrote ${written.length} icons: ${written.join(', ')}`);
