/**
 * What happens after an attempt fails: the ordered `on_error` rules first,
 * then the pipeline's retry budget, with exponential backoff and jitter.
 * Pure: the caller supplies the output tail and the random source.
 */
import type { ErrorRule } from '../../../shared/config-model.js';
import type { TaskSpec } from '../../../shared/run-model.js';
import { formatMs } from '../../../shared/durations.js';

/** The facts about a failed attempt that rules can match. */
export interface FailedAttempt {
  /** 1-based number of the attempt that just failed, not counting attempts that never started. */
  readonly number: number;
  /** Exit status, or null when killed by a signal / never started / lost. */
  readonly exitCode: number | null;
  /** Last 64 KiB of the attempt's output. */
  readonly outputTail: string;
  /** One-line description, e.g. "exit code 3" or "timed out after 30s". */
  readonly summary: string;
}

/** The decision for a failed attempt. */
export type FailureDecision =
  | { readonly action: 'retry'; readonly delayMs: number; readonly reason: string }
  | { readonly action: 'fail'; readonly reason: string }
  | { readonly action: 'skip'; readonly reason: string };

/** Bytes of output that `on_error.output` regexes see. */
export const OUTPUT_TAIL_BYTES = 64 * 1024;

/** Decides retry / fail / skip for a failed attempt. `random` returns [0, 1). */
export function decideAfterFailure(spec: TaskSpec, failed: FailedAttempt, random: () => number = Math.random): FailureDecision {
  const rule = spec.onError.find((candidate) => ruleMatches(candidate, failed));
  const because = rule ? `${failed.summary}, matched ${describeErrorRule(rule)}` : failed.summary;
  if (rule?.action === 'fail') return { action: 'fail', reason: `${because} (action: fail)` };
  if (rule?.action === 'skip') return { action: 'skip', reason: `${because} (action: skip)` };
  // A retry rule without max_attempts uses the pipeline's budget, but always allows one retry: `retries: 0` must not void it.
  const maxAttempts = rule?.maxAttempts ?? (rule?.action === 'retry' ? Math.max(spec.retries + 1, 2) : spec.retries + 1);
  if (failed.number >= maxAttempts) {
    const exhausted = maxAttempts > 1 ? `; retries exhausted after ${maxAttempts} attempts` : '';
    return { action: 'fail', reason: `${because}${exhausted}` };
  }
  const delayMs = backoffDelay({
    baseMs: rule?.retryDelayMs ?? spec.retryDelayMs,
    factor: spec.backoff,
    retryNumber: failed.number,
    maxMs: spec.maxRetryDelayMs,
    jitter: spec.jitter,
    random,
  });
  return { action: 'retry', delayMs, reason: `${because}; retry ${failed.number}/${maxAttempts - 1} in ${formatMs(delayMs)}` };
}

/**
 * A rule named by what it matches, as reasons, events and alerts show it:
 * `on_error rule "exit_code: 3"`, `on_error rule matching "Connection reset"`,
 * or both (a position such as on_error[1] means nothing to whoever reads a log).
 */
export function describeErrorRule(rule: ErrorRule): string {
  const codes = rule.exitCodes ? `"exit_code: ${rule.exitCodes.length === 1 ? rule.exitCodes[0] : `[${rule.exitCodes.join(', ')}]`}"` : '';
  const output = rule.output !== undefined ? `matching "${rule.output}"` : '';
  return ['on_error rule', codes, output].filter(Boolean).join(' ');
}

/** True when every condition the rule names matches the failed attempt. */
export function ruleMatches(rule: ErrorRule, failed: FailedAttempt): boolean {
  if (rule.exitCodes && (failed.exitCode === null || !rule.exitCodes.includes(failed.exitCode))) return false;
  if (rule.output !== undefined && !new RegExp(rule.output, 'm').test(failed.outputTail)) return false;
  return true;
}

/** Inputs of backoffDelay. */
export interface BackoffInput {
  readonly baseMs: number;
  readonly factor: number;
  /** 1 for the first retry, 2 for the second, … */
  readonly retryNumber: number;
  readonly maxMs: number;
  /** Fractional spread: 0.1 gives ±10%. */
  readonly jitter: number;
  readonly random: () => number;
}

/** base × factor^(n−1), capped at max, spread by ±jitter, never above max or below 0. */
export function backoffDelay(input: BackoffInput): number {
  const raw = Math.min(input.maxMs, input.baseMs * Math.pow(input.factor, input.retryNumber - 1));
  const spread = raw * input.jitter * (2 * input.random() - 1);
  return Math.max(0, Math.min(input.maxMs, Math.round(raw + spread)));
}
