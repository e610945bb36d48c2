/**
 * The dashboard's sign-in, after Jupyter: `tickwork ui` asks the daemon (with
 * the bearer token) for a one-time login token, the browser opens
 * /login?token=…, and the daemon answers with a session cookie.
 *
 * Login tokens: random, single use, valid for LOGIN_TOKEN_MS, held in memory
 * only (a restart voids the unused ones). Session cookies: `expiry.nonce.mac`,
 * an HMAC-SHA256 over the port, expiry and nonce with a key kept in the home
 * (`ui-session-key`, 0600), so a session outlives a daemon restart and ends at
 * its expiry; deleting the key file signs every browser out. The cookie is
 * HttpOnly, SameSite=Strict and Path=/, and named after the port, because
 * browsers share cookies between ports of one host.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** How long a login link works. */
export const LOGIN_TOKEN_MS = 2 * 60_000;
/** How long a session lasts. */
export const SESSION_MS = 14 * 24 * 3_600_000;

/** Issues login tokens and session cookies, and checks them. */
export interface SessionAuth {
  /** A new one-time login token and when it stops working. */
  issueLoginToken(now: number): { readonly token: string; readonly expiresAt: number };
  /** True once for a token issued here and not yet expired; the token is spent either way. */
  redeemLoginToken(token: string, now: number): boolean;
  /** The Set-Cookie value of a new session. */
  sessionCookie(now: number): string;
  /** True when the Cookie header carries a session of this home and port that has not expired. */
  hasSession(cookieHeader: string | undefined, now: number): boolean;
}

/** The key file of the home, created (0600) on first use. */
export function sessionKey(homeRoot: string): Buffer {
  const file = path.join(homeRoot, 'ui-session-key');
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length < 32) throw new Error(`${file}: not a session key (64 hex digits expected); delete it to make a new one`);
  return key;
}

/** The auth of the daemon listening on `port` with the home's key. */
export function createSessionAuth(options: { readonly key: Buffer; readonly port: number }): SessionAuth {
  const { key, port } = options;
  const name = `tickwork_session_${port}`;
  const pending = new Map<string, number>();
  const mac = (expiry: string, nonce: string): string => crypto.createHmac('sha256', key).update(`${port}.${expiry}.${nonce}`).digest('base64url');
  return {
    issueLoginToken(now) {
      for (const [token, expiresAt] of pending) if (expiresAt <= now) pending.delete(token);
      const token = crypto.randomBytes(24).toString('base64url');
      const expiresAt = now + LOGIN_TOKEN_MS;
      pending.set(token, expiresAt);
      return { token, expiresAt };
    },
    redeemLoginToken(token, now) {
      const expiresAt = pending.get(token);
      pending.delete(token);
      return expiresAt !== undefined && expiresAt > now;
    },
    sessionCookie(now) {
      const expiry = String(now + SESSION_MS);
      const nonce = crypto.randomBytes(12).toString('base64url');
      return `${name}=${expiry}.${nonce}.${mac(expiry, nonce)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}`;
    },
    hasSession(cookieHeader, now) {
      const value = cookieValue(cookieHeader, name);
      const parts = value?.split('.');
      if (!parts || parts.length !== 3) return false;
      const [expiry, nonce, given] = parts as [string, string, string];
      if (!/^\d+$/.test(expiry) || Number(expiry) <= now) return false;
      const expected = Buffer.from(mac(expiry, nonce));
      const actual = Buffer.from(given);
      return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
    },
  };
}

/** The value of cookie `name` in a Cookie header. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Where /login sends the browser: `next` when it is a path on this origin, else the dashboard's root. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f\\]/.test(next)) return '/';
  const url = new URL(next, 'http://tickwork.invalid');
  return url.origin === 'http://tickwork.invalid' ? url.pathname + url.search + url.hash : '/';
}
