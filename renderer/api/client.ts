/**
 * Typed calls of the engine's API (shared/api-contract.ts) over fetch:
 * POST /api/<method> with JSON params, authenticated by the same-origin
 * session cookie the daemon set at /login. The renderer reaches the engine
 * only through renderer/api/.
 */
import type { ApiError, ApiMethod, ApiMethods } from '../../shared/api-contract.js';

/** A call the daemon answered with an error status (401 signed out, 404 unknown, 409 illegal…). */
export class ApiCallError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** The daemon did not answer at all (it is stopped or restarting). */
export class DaemonUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DaemonUnreachableError';
  }
}

/** Hears of every 401, so the shell can show how to sign in again. */
let onUnauthorized: () => void = () => {};

/** Registers the one listener for answers that say the session is gone. */
export function setUnauthorizedListener(listener: () => void): void {
  onUnauthorized = listener;
}

/** Calls one method; rejects with ApiCallError (the daemon's message) or DaemonUnreachableError. */
export async function call<M extends ApiMethod>(method: M, params: ApiMethods[M]['params'], signal?: AbortSignal): Promise<ApiMethods[M]['result']> {
  let response: Response;
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new DaemonUnreachableError('the daemon does not answer');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { error: `unreadable answer (HTTP ${response.status})` };
  }
  if (response.ok) return body as ApiMethods[M]['result'];
  if (response.status === 401) onUnauthorized();
  throw new ApiCallError(response.status, (body as Partial<ApiError>).error ?? `HTTP ${response.status}`);
}
