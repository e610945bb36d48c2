/**
 * Every API method's handler, by name: one module per family, joined here.
 * The type demands a handler for each method of shared/api-contract.ts, so a
 * method added to the contract does not compile until it is served.
 */
import { API_METHODS, type ApiMethod, type ApiMethods } from '../../../../shared/api-contract.js';
import { HttpError } from '../http-error.js';
import type { MethodContext, MethodHandlers } from './method-context.js';
import { runMethods } from './run-methods.js';
import { runHistoryMethods } from './run-history-methods.js';
import { alertMethods } from './alert-methods.js';
import { projectMethods } from './project-methods.js';
import { scheduleMethods } from './schedule-methods.js';
import { timelineMethods } from './timeline-methods.js';
import { powerMethods } from './power-methods.js';
import { healthMethods } from './health-methods.js';
import { logMethods } from './log-methods.js';
import { partitionMethods } from './partition-methods.js';
import { overviewMethods } from './overview-methods.js';
import { calendarMethods } from './calendar-methods.js';
import { backfillMethods } from './backfill-methods.js';
import { lakeMethods } from './lake-methods.js';
import { sweepMethods } from './sweep-methods.js';

/** The handler of every method. */
export const METHOD_HANDLERS: MethodHandlers<ApiMethod> = {
  ...runMethods,
  ...runHistoryMethods,
  ...alertMethods,
  ...projectMethods,
  ...scheduleMethods,
  ...timelineMethods,
  ...powerMethods,
  ...healthMethods,
  ...logMethods,
  ...partitionMethods,
  ...overviewMethods,
  ...calendarMethods,
  ...backfillMethods,
  ...lakeMethods,
  ...sweepMethods,
};

/** Whether `name` is a method of the contract. */
export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

/** Calls the handler of `method` (404 when the contract has no such method). */
export async function callMethod<M extends ApiMethod>(ctx: MethodContext, method: M, params: ApiMethods[M]['params']): Promise<ApiMethods[M]['result']> {
  const handler = METHOD_HANDLERS[method] as MethodHandlers<M>[M] | undefined;
  if (!handler) throw new HttpError(404, `no such method: ${String(method)}`);
  return handler(ctx, params);
}
