/** logs.*: a window of an attempt's log, search in it, its first error (the reading and scanning live in engine/logs). */
import type { LogSearchAnswer, LogTarget } from '../../../../shared/log-model.js';
import { FIRST_ERROR_PATTERN } from '../../../../shared/log-model.js';
import { HttpError } from '../http-error.js';
import { findLogAttempt, type LogAttempt } from '../../logs/log-attempt.js';
import { LogRangeError, readLogWindow, waitForOutput, type WindowAnchor } from '../../logs/log-window.js';
import { LogQueryError, compileLogQuery, searchLog, type LogQuery } from '../../logs/log-search.js';
import { wholeNumber } from './param-checks.js';
import type { FamilyMethods, MethodContext, MethodHandlers } from './method-context.js';

const DEFAULT_WINDOW = 256 * 1024;
const MAX_WINDOW = 4 << 20;
const MAX_WAIT_MS = 30_000;
/** How long one search call scans before it answers "not yet, ask again from here". */
const SEARCH_BUDGET_MS = 2_000;

/** The handlers of the logs family. */
export const logMethods: MethodHandlers<FamilyMethods<'logs'>> = {
  'logs.window': async (ctx, p) => {
    const found = attemptOf(ctx, p);
    const anchors = (['fromByte', 'toByte', 'fromLine', 'tail'] as const).filter((key) => p[key] !== undefined);
    if (anchors.length !== 1) throw new HttpError(400, `give exactly one of fromByte, toByte, fromLine or tail (got ${anchors.length === 0 ? 'none' : anchors.join(', ')})`);
    const maxBytes = p.maxBytes === undefined ? DEFAULT_WINDOW : wholeNumber(p.maxBytes, 'maxBytes');
    if (maxBytes < 1 || maxBytes > MAX_WINDOW) throw new HttpError(400, `maxBytes must be 1 to ${MAX_WINDOW}`);
    let anchor: WindowAnchor;
    if (p.fromByte !== undefined) anchor = { fromByte: wholeNumber(p.fromByte, 'fromByte') };
    else if (p.toByte !== undefined) anchor = { toByte: wholeNumber(p.toByte, 'toByte') };
    else if (p.fromLine !== undefined) {
      const line = wholeNumber(p.fromLine, 'fromLine');
      if (line < 1) throw new HttpError(400, 'fromLine must be 1 or more (the first line is 1)');
      anchor = { fromLine: line };
    } else if (p.tail === true) anchor = { tail: true };
    else throw new HttpError(400, 'tail must be true');
    if (p.waitMs !== undefined) {
      const waitMs = wholeNumber(p.waitMs, 'waitMs');
      if (waitMs > MAX_WAIT_MS) throw new HttpError(400, `waitMs must be at most ${MAX_WAIT_MS}`);
      if (!('fromByte' in anchor)) throw new HttpError(400, 'waitMs goes with fromByte (the end of what the client has)');
      if (found.writing()) await waitForOutput(found.attempt.logPath, anchor.fromByte, { waitMs, finished: () => !found.writing(), ...signalOf(ctx) });
    }
    const writing = found.writing(); // before the read: a log read after its attempt ended is whole
    const window = await logCall(() => readLogWindow(found.attempt.logPath, anchor, { maxBytes, writing, ...signalOf(ctx) }));
    return { attempt: found.attempt.number, attempts: found.attempts, writing, ...window };
  },

  'logs.search': (ctx, p) => {
    const found = attemptOf(ctx, p);
    if (typeof p.query !== 'string' || p.query.length === 0) throw new HttpError(400, 'query must be a non-empty string');
    if (p.query.length > 1000) throw new HttpError(400, 'query must be at most 1000 characters');
    if (p.direction !== 'next' && p.direction !== 'prev') throw new HttpError(400, `direction must be next or prev, not ${String(p.direction)}`);
    const query = logCallSync(() => compileLogQuery(p.query, { regex: p.regex === true, caseSensitive: p.caseSensitive === true }));
    return scan(ctx, found, query, wholeNumber(p.fromByte, 'fromByte'), p.direction);
  },

  'logs.firstError': (ctx, p) => {
    const found = attemptOf(ctx, p);
    const fromByte = p.fromByte === undefined ? 0 : wholeNumber(p.fromByte, 'fromByte');
    return scan(ctx, found, compileLogQuery(FIRST_ERROR_PATTERN, { regex: true, caseSensitive: true }), fromByte, 'next');
  },
};

/** The attempt the params name, or a 404 saying what is missing (400 for malformed names). */
function attemptOf(ctx: MethodContext, p: LogTarget): LogAttempt {
  const run = wholeNumber(p.run, 'run');
  if (typeof p.task !== 'string' || p.task === '') throw new HttpError(400, 'task must be a pipeline name');
  const attempt = p.attempt === undefined ? undefined : wholeNumber(p.attempt, 'attempt');
  const found = findLogAttempt(ctx.db, { run, task: p.task, ...(attempt !== undefined ? { attempt } : {}) });
  if ('missing' in found) throw new HttpError(404, found.missing);
  return found;
}

async function scan(ctx: MethodContext, found: LogAttempt, query: LogQuery, fromByte: number, direction: 'next' | 'prev'): Promise<LogSearchAnswer> {
  const writing = found.writing();
  return logCall(() => searchLog(found.attempt.logPath, query, { fromByte, direction, writing, budgetMs: SEARCH_BUDGET_MS, ...signalOf(ctx) }));
}

function signalOf(ctx: MethodContext): { signal?: AbortSignal } {
  return ctx.signal ? { signal: ctx.signal } : {};
}

/** Turns the log modules' user errors into 400s. */
async function logCall<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof LogRangeError || error instanceof LogQueryError) throw new HttpError(400, error.message);
    throw error;
  }
}

function logCallSync<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof LogQueryError) throw new HttpError(400, error.message);
    throw error;
  }
}
