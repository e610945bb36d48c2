// Helpers shared by the tetra steps: arguments, the hand-run data directory,
// a seeded PRNG and the numeric helpers. Node built-ins only; reading and
// writing datasets (DuckDB) is datasets.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Directory holding tickwork.yaml (the parent of steps/). */
export const PROJECT_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Root of the outputs of steps run by hand: $TETRA_DATA_DIR, or <project>/data (under Tickwork they go to the lake). */
export function dataRoot() {
  return path.resolve(process.env.TETRA_DATA_DIR || path.join(PROJECT_DIR, 'data'));
}

/**
 * Parses `--key value` pairs. The date falls back to $TICKWORK_DATE (set by the
 * engine) and then to today, so the steps also run by hand.
 */
export function parseArgs(argv, defaults = {}) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) fail(`ValueError: unexpected argument "${arg}"`);
    const key = arg.slice(2);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) fail(`ValueError: --${key} needs a value`);
    out[key] = value;
    i++;
  }
  out.date = out.date || process.env.TICKWORK_DATE || new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.date) || Number.isNaN(Date.parse(`${out.date}T00:00:00Z`))) {
    fail(`ValueError: --date must be YYYY-MM-DD, got "${out.date}"`);
  }
  return out;
}

/** Reads a positive integer option, failing with a message naming the option. */
export function intOption(opts, key, min = 1) {
  const n = Number(opts[key]);
  if (!Number.isInteger(n) || n < min) fail(`ValueError: --${key} must be an integer >= ${min}, got "${opts[key]}"`);
  return n;
}

/** Prints a message to stderr and exits non-zero (a failed attempt). */
export function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** Prefixed progress line on stdout. */
export function log(stage, message) {
  process.stdout.write(`[${stage}] ${message}\n`);
}

/** FNV-1a of a string: turns "2024-06-28/data" into a 32-bit seed. */
export function hashSeed(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded PRNG (mulberry32) with uniform, normal and integer draws. */
export function makeRng(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    // Box–Muller; 1 - u keeps log() away from 0.
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const int = (n) => Math.floor(uniform() * n);
  return { uniform, normal, int };
}

/** The `count` weekdays ending on or before `date` (YYYY-MM-DD), oldest first. */
export function tradingDays(date, count) {
  const days = [];
  const d = new Date(`${date}T00:00:00Z`);
  while (days.length < count) {
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) days.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() - 1);
  }
  return days.reverse();
}

/** Writes a file atomically (temp + rename), so a killed step leaves no half file. */
export function writeAtomic(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

// ---- small numeric helpers ----

/** Arithmetic mean (NaN for an empty list). */
export const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Sample standard deviation. */
export function stdev(xs) {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Simple returns of a price series. */
export function returnsOf(prices) {
  const out = [];
  for (let i = 1; i < prices.length; i++) out.push(prices[i] / prices[i - 1] - 1);
  return out;
}

/** Largest peak-to-trough fall of a value series, as a negative fraction. */
export function maxDrawdown(values) {
  let peak = values[0];
  let worst = 0;
  for (const v of values) {
    if (v > peak) peak = v;
    worst = Math.min(worst, v / peak - 1);
  }
  return worst;
}

/** Annualised return, volatility, Sharpe (vs rf) and drawdown of a value series. */
export function performance(values, riskFree = 0) {
  const rets = returnsOf(values);
  const years = rets.length / 252;
  const total = values[values.length - 1] / values[0] - 1;
  const annReturn = (1 + total) ** (1 / years) - 1;
  const annVol = stdev(rets) * Math.sqrt(252);
  return {
    total_return: total,
    ann_return: annReturn,
    ann_vol: annVol,
    sharpe: annVol > 0 ? (mean(rets) * 252 - riskFree) / annVol : 0,
    max_drawdown: maxDrawdown(values),
  };
}

/** Simple moving average at each index (null until the window fills). */
export function sma(values, window) {
  const out = new Array(values.length).fill(null);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    if (i >= window - 1) out[i] = sum / window;
  }
  return out;
}

/** Wilder's RSI at each index (null until `period` changes are seen). */
export function rsi(values, period = 14) {
  const out = new Array(values.length).fill(null);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i < values.length; i++) {
    const change = values[i] - values[i - 1];
    const up = Math.max(change, 0);
    const down = Math.max(-change, 0);
    if (i <= period) {
      gain += up / period;
      loss += down / period;
    } else {
      gain = (gain * (period - 1) + up) / period;
      loss = (loss * (period - 1) + down) / period;
    }
    if (i >= period) out[i] = loss === 0 ? 100 : 100 - 100 / (1 + gain / loss);
  }
  return out;
}
