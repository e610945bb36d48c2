/**
 * Reading `alerts:` — at the top level the rule defaults plus the channels
 * (desktop, webhook); in a pipeline, overrides of the rules only. Layered
 * built-ins ← project ← pipeline, rule by rule (error_rate field by field).
 */
import { isMap, isScalar } from 'yaml';
import type { AlertChannels, AlertRules, ErrorRateRule, WebhookChannel } from '../../../shared/config-model.js';
import {
  checkKeys,
  describe,
  entryFor,
  fail,
  isNullNode,
  readDuration,
  readInt,
  readMap,
  readNumber,
  readBool,
  readText,
  type MapEntry,
  type ReadContext,
} from './yaml-nodes.js';

/** Rule keys, accepted in the project's and in a pipeline's `alerts`. */
export const ALERT_RULE_KEYS = ['run_failed', 'retries_exhausted', 'freshness', 'error_rate', 'max_duration', 'p95_factor', 'stuck_after'];
const CHANNEL_KEYS = ['desktop', 'webhook'];
const ERROR_RATE_KEYS = ['threshold', 'window', 'min_runs'];
const WEBHOOK_KEYS = ['url', 'retries', 'retry_delay'];

/** The rules one layer sets; error_rate may be set partly (merged over the layer below). */
export type PartialAlertRules = Partial<Omit<AlertRules, 'errorRate'>> & { errorRate?: Partial<ErrorRateRule> | null };

/** Built-in rules: failures alert, error rate over a day alerts, long runs past 3 × p95 and runs stuck for 2 h alert; freshness is opt-in. */
export const BUILTIN_ALERT_RULES: AlertRules = {
  runFailed: true,
  retriesExhausted: true,
  freshnessMs: null,
  errorRate: { threshold: 0.5, windowMs: 24 * 3_600_000, minRuns: 4 },
  maxDurationMs: null,
  p95Factor: 3,
  stuckAfterMs: 2 * 3_600_000,
};

/** Built-in channels: desktop notifications on, no webhook. */
export const BUILTIN_ALERT_CHANNELS: AlertChannels = { desktop: true, webhook: null };

/** Reads a pipeline's `alerts` (rules only). */
export function readPipelineAlerts(entry: MapEntry, ctx: ReadContext): PartialAlertRules {
  const body = readMap(entry.value, entry.field, ctx);
  if (body === undefined) return {};
  checkKeys(body, ALERT_RULE_KEYS, ctx);
  return readRules(body, ctx);
}

/** Reads the top-level `alerts` (rule defaults and channels). */
export function readProjectAlerts(entry: MapEntry | undefined, ctx: ReadContext): { rules: PartialAlertRules; channels: AlertChannels } {
  if (entry === undefined) return { rules: {}, channels: BUILTIN_ALERT_CHANNELS };
  const body = readMap(entry.value, entry.field, ctx);
  if (body === undefined) return { rules: {}, channels: BUILTIN_ALERT_CHANNELS };
  checkKeys(body, [...ALERT_RULE_KEYS, ...CHANNEL_KEYS], ctx);
  const desktopEntry = entryFor(body, 'desktop', { ctx });
  const webhookEntry = entryFor(body, 'webhook', { ctx });
  return {
    rules: readRules(body, ctx),
    channels: {
      desktop: desktopEntry ? readBool(desktopEntry.value, desktopEntry.field, ctx) ?? true : true,
      webhook: webhookEntry ? readWebhook(webhookEntry, ctx) ?? null : null,
    },
  };
}

/** Layers rule sets over each other, later layers winning. */
export function mergeAlertRules(base: AlertRules, ...layers: readonly PartialAlertRules[]): AlertRules {
  let out = base;
  for (const layer of layers) {
    const { errorRate, ...rest } = layer;
    const merged = errorRate === undefined ? out.errorRate : errorRate === null ? null : { ...(out.errorRate ?? BUILTIN_ALERT_RULES.errorRate!), ...errorRate };
    out = { ...out, ...rest, errorRate: merged };
  }
  return out;
}

function readRules(body: readonly MapEntry[], ctx: ReadContext): PartialAlertRules {
  const rules: PartialAlertRules = {};
  const get = (key: string) => entryFor(body, key, { ctx });
  const runFailed = get('run_failed');
  const exhausted = get('retries_exhausted');
  const freshness = get('freshness');
  const errorRate = get('error_rate');
  const maxDuration = get('max_duration');
  const factor = get('p95_factor');
  const stuck = get('stuck_after');
  if (runFailed) assign(rules, 'runFailed', readBool(runFailed.value, runFailed.field, ctx));
  if (exhausted) assign(rules, 'retriesExhausted', readBool(exhausted.value, exhausted.field, ctx));
  if (freshness) assign(rules, 'freshnessMs', readOptionalDuration(freshness, ctx));
  if (maxDuration) assign(rules, 'maxDurationMs', readOptionalDuration(maxDuration, ctx));
  if (stuck) assign(rules, 'stuckAfterMs', readOptionalDuration(stuck, ctx));
  if (factor) assign(rules, 'p95Factor', isOff(factor.value) ? null : readNumber(factor.value, factor.field, ctx, { min: 1 }));
  if (errorRate) assign(rules, 'errorRate', readErrorRate(errorRate, ctx));
  return rules;
}

function assign<K extends keyof PartialAlertRules>(rules: PartialAlertRules, key: K, value: PartialAlertRules[K] | undefined): void {
  if (value !== undefined) rules[key] = value;
}

function readErrorRate(entry: MapEntry, ctx: ReadContext): Partial<ErrorRateRule> | null | undefined {
  if (isOff(entry.value)) return null;
  if (!isMap(entry.value)) {
    fail(ctx, entry.value, entry.field, `expected a mapping {threshold, window, min_runs} or false, got ${describe(entry.value)}`);
    return undefined;
  }
  const body = readMap(entry.value, entry.field, ctx);
  if (body === undefined) return undefined;
  checkKeys(body, ERROR_RATE_KEYS, ctx);
  const out: { -readonly [K in keyof ErrorRateRule]?: ErrorRateRule[K] } = {};
  const threshold = entryFor(body, 'threshold', { ctx });
  const window = entryFor(body, 'window', { ctx });
  const minRuns = entryFor(body, 'min_runs', { ctx });
  if (threshold) {
    const value = readNumber(threshold.value, threshold.field, ctx, { min: 0, max: 1 });
    if (value === 0) fail(ctx, threshold.value, threshold.field, 'expected a fraction above 0 and at most 1 (0.5 = half the runs failed)');
    else if (value !== undefined) out.threshold = value;
  }
  if (window) {
    const value = readDuration(window.value, window.field, ctx);
    if (value !== undefined && value !== null) out.windowMs = value;
  }
  if (minRuns) {
    const value = readInt(minRuns.value, minRuns.field, ctx, 1);
    if (value !== undefined) out.minRuns = value;
  }
  return out;
}

function readWebhook(entry: MapEntry, ctx: ReadContext): WebhookChannel | undefined {
  const defaults = { retries: 5, retryDelayMs: 5_000 };
  if (!isMap(entry.value)) {
    const url = readUrl(entry.value, entry.field, ctx);
    return url === undefined ? undefined : { url, ...defaults };
  }
  const body = readMap(entry.value, entry.field, ctx);
  if (body === undefined) return undefined;
  checkKeys(body, WEBHOOK_KEYS, ctx);
  const urlEntry = entryFor(body, 'url', { ctx, required: { mapNode: entry.value, field: entry.field } });
  const retriesEntry = entryFor(body, 'retries', { ctx });
  const delayEntry = entryFor(body, 'retry_delay', { ctx });
  const url = urlEntry && readUrl(urlEntry.value, urlEntry.field, ctx);
  const retries = retriesEntry ? readInt(retriesEntry.value, retriesEntry.field, ctx, 0) : defaults.retries;
  const retryDelayMs = delayEntry ? readDuration(delayEntry.value, delayEntry.field, ctx) : defaults.retryDelayMs;
  if (url === undefined || retries === undefined || retryDelayMs === undefined || retryDelayMs === null) return undefined;
  return { url, retries, retryDelayMs };
}

function readUrl(node: unknown, field: string, ctx: ReadContext): string | undefined {
  const text = readText(node, field, ctx, { nonEmpty: true });
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return text;
  } catch {
    // reported below
  }
  // The value is not echoed: a webhook URL carries its secret, and problems end up in logs and alerts.
  fail(ctx, node, field, 'expected an http:// or https:// URL (the value is not shown: webhook URLs are secrets)');
  return undefined;
}

/** A duration, or false / null for "off". */
function readOptionalDuration(entry: MapEntry, ctx: ReadContext): number | null | undefined {
  if (isOff(entry.value)) return null;
  const value = readDuration(entry.value, entry.field, ctx);
  return value === null ? undefined : value;
}

function isOff(node: unknown): boolean {
  return isNullNode(node) || (isScalar(node) && node.value === false);
}
