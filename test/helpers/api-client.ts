/** Calls the local API of a test daemon over real HTTP on 127.0.0.1, typed by shared/api-contract.ts. */
import http from 'node:http';
import type { ApiMethod, ApiMethods } from '../../shared/api-contract.js';

/** Where a test's API listens and the headers that authorize a call. */
export interface ApiTarget {
  readonly port: number;
  readonly auth: Readonly<Record<string, string>>;
}

/** A call's HTTP status and parsed body (the result, or `{error}`). */
export interface ApiReply<M extends ApiMethod> {
  readonly status: number;
  readonly body: ApiMethods[M]['result'] & { readonly error?: string };
}

/** POSTs `params` to /api/`method` and parses the answer, whatever its status. */
export function apiCall<M extends ApiMethod>(target: ApiTarget, method: M, params: ApiMethods[M]['params'] | Record<string, unknown>): Promise<ApiReply<M>> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      // agent: false — a fresh connection per call: a pooled keep-alive socket the daemon closed after its idle timeout would hang up mid-test.
      { host: '127.0.0.1', port: target.port, method: 'POST', path: `/api/${method}`, agent: false, headers: { 'content-type': 'application/json', ...target.auth } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(params));
  });
}

/** Like apiCall, but the status must be 200: returns the result, or throws with the error. */
export async function apiOk<M extends ApiMethod>(target: ApiTarget, method: M, params: ApiMethods[M]['params'] | Record<string, unknown>): Promise<ApiMethods[M]['result']> {
  const reply = await apiCall(target, method, params);
  if (reply.status !== 200) throw new Error(`${method} answered ${reply.status}: ${reply.body.error}`);
  return reply.body;
}
