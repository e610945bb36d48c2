/** Checks of method params and query values that answer 400 naming the field. */
import { HttpError } from '../http-error.js';

/** A body field that must be a whole number ≥ 0, or a 400 naming it. */
export function wholeNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new HttpError(400, `${name} must be a whole number ≥ 0`);
  return value;
}

/** A query parameter that must be a whole number ≥ 0 (default 0), or a 400 naming it. */
export function wholeNumberParam(query: URLSearchParams, name: string, what: string): number {
  const value = Number(query.get(name) ?? 0);
  if (!Number.isSafeInteger(value) || value < 0) throw new HttpError(400, `${name} must be a whole ${what} ≥ 0`);
  return value;
}
