/**
 * Stepping through search matches, as less and a browser's find bar do:
 * Enter or n asks the daemon for the next match after the current one (or,
 * before the first, after the top line on screen), N for the previous one;
 * at the end it wraps once to the other end; a wrap that finds nothing, or
 * only the match it started from, says so. Pure: the view performs the
 * requests this module plans and hands back the answers.
 */
import type { LogMatch, LogSearchAnswer } from '../../../shared/log-model.js';

/** Which way to step. */
export type StepDirection = 'next' | 'prev';

/** What the stepping knows before a step. */
export interface StepContext {
  /** The match shown now (null before the first). */
  readonly current: LogMatch | null;
  /** Where the view is: the start of its top visible line. */
  readonly anchor: number;
  /** The log's size. */
  readonly size: number;
}

/** One search request to make. */
export interface StepRequest {
  readonly fromByte: number;
  readonly direction: StepDirection;
  /** This request is the wrap to the other end. */
  readonly wrapped: boolean;
}

/** What came of a request: a match to show, a wrap to ask for, or nothing at all. */
export type StepOutcome =
  | { readonly kind: 'found'; readonly match: LogMatch; readonly wrapped: boolean; readonly only: boolean }
  | { readonly kind: 'wrap'; readonly request: StepRequest }
  | { readonly kind: 'none' };

/** The first request of a step. */
export function firstRequest(direction: StepDirection, context: StepContext): StepRequest {
  const { current, anchor } = context;
  if (direction === 'next') return { fromByte: current ? current.line.end : anchor, direction, wrapped: false };
  return { fromByte: current ? current.line.start : anchor, direction, wrapped: false };
}

/** What to do with the answer to `request`. */
export function afterAnswer(request: StepRequest, answer: LogSearchAnswer, context: StepContext): StepOutcome {
  if (answer.match) {
    const only = request.wrapped && context.current !== null && answer.match.line.start === context.current.line.start;
    return { kind: 'found', match: answer.match, wrapped: request.wrapped, only };
  }
  if (request.wrapped) return { kind: 'none' };
  const fromByte = request.direction === 'next' ? 0 : answer.size;
  // Nothing to wrap into when the first request already covered the whole log.
  if ((request.direction === 'next' && request.fromByte === 0) || (request.direction === 'prev' && request.fromByte >= answer.size)) return { kind: 'none' };
  return { kind: 'wrap', request: { fromByte, direction: request.direction, wrapped: true } };
}

/** The key a keystroke means in the log (outside text fields): n and Enter next, N and Shift+Enter previous. */
export function stepOfKey(key: string, shift: boolean): StepDirection | null {
  if (key === 'n' && !shift) return 'next';
  if (key === 'N' || (key === 'n' && shift)) return 'prev';
  if (key === 'Enter') return shift ? 'prev' : 'next';
  return null;
}
