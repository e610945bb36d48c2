/**
 * A sweep's grid: param → the values it takes, and the trials that are their
 * cartesian product. Pure. Values are text, as `--param` takes them; a range
 * `[start, stop, step]` is Python's `range` over numbers (stop excluded,
 * step may be negative or fractional), printed with the decimals its bounds
 * have so `0.1` steps give `0.3`, not `0.30000000000000004`.
 */

/** The most trials one sweep may have (a typo in a range should not start a million runs). */
export const MAX_TRIALS = 10_000;

/** param → values, in the order trials vary them (the last key varies fastest). */
export type SweepGrid = Readonly<Record<string, readonly string[]>>;

/** One trial's params: a value for every grid key. */
export type TrialParams = Readonly<Record<string, string>>;

/** The values of `range: [start, stop, step]`, or why there are none. */
export function expandRange(start: number, stop: number, step: number): string[] | string {
  if (![start, stop, step].every(Number.isFinite)) return 'start, stop and step must be numbers';
  if (step === 0) return 'step must not be 0';
  const count = Math.ceil((stop - start) / step - 1e-9);
  if (count <= 0) return `range ${start} to ${stop} by ${step} is empty (stop is excluded; a step toward stop is needed)`;
  if (count > MAX_TRIALS) return `range ${start} to ${stop} by ${step} has ${count} values; at most ${MAX_TRIALS}`;
  const decimals = Math.max(decimalsOf(start), decimalsOf(step));
  return Array.from({ length: count }, (_, i) => formatNumber(start + i * step, decimals));
}

/** Every combination of the grid's values, first key slowest (like nested loops in key order). */
export function gridTrials(grid: SweepGrid): TrialParams[] {
  let trials: Array<Record<string, string>> = [{}];
  for (const [key, values] of Object.entries(grid)) trials = trials.flatMap((trial) => values.map((value) => ({ ...trial, [key]: value })));
  return Object.keys(grid).length === 0 ? [] : trials;
}

/** How many trials a grid has. */
export function trialCount(grid: SweepGrid): number {
  const sizes = Object.values(grid).map((values) => values.length);
  return sizes.length === 0 ? 0 : sizes.reduce((a, b) => a * b, 1);
}

/** A trial's identity within its sweep: `k=v` pairs sorted by key, as stable JSON. */
export function paramsKey(params: TrialParams): string {
  return JSON.stringify(Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/**
 * One `--grid` flag: `key=v1,v2,…` (a list) or `key=start:stop:step` (a
 * range; step defaults to 1). Returns the key and values, or why not.
 */
export function parseGridFlag(text: string): { readonly key: string; readonly values: string[] } | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `--grid ${text}: expected key=v1,v2 or key=start:stop:step`;
  const key = text.slice(0, eq);
  const body = text.slice(eq + 1);
  const range = /^(-?[\d.]+(?:e-?\d+)?):(-?[\d.]+(?:e-?\d+)?)(?::(-?[\d.]+(?:e-?\d+)?))?$/i.exec(body);
  if (range) {
    const values = expandRange(Number(range[1]), Number(range[2]), range[3] === undefined ? 1 : Number(range[3]));
    return typeof values === 'string' ? `--grid ${key}: ${values}` : { key, values };
  }
  const values = body.split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) return `--grid ${key}: expected a value between each comma, e.g. ${key}=1,2,3`;
  const repeated = values.find((v, i) => values.indexOf(v) !== i);
  if (repeated !== undefined) return `--grid ${key}: "${repeated}" is listed more than once`;
  return { key, values };
}

function decimalsOf(n: number): number {
  const text = String(n);
  const exp = /e-(\d+)$/.exec(text);
  if (exp) return Number(exp[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

function formatNumber(n: number, decimals: number): string {
  return decimals === 0 ? String(Math.round(n)) : String(Number(n.toFixed(decimals)));
}
