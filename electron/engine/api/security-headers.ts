/**
 * The headers every answer of the local API and dashboard carries: a strict
 * Content-Security-Policy (only this origin's scripts, styles and
 * connections; no inline script, no framing, no plugins), no MIME sniffing
 * and no Referer (a login URL holds a token).
 */
import type http from 'node:http';

/** The dashboard's Content-Security-Policy. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Sets the security headers on `res` (before anything is written). */
export function setSecurityHeaders(res: http.ServerResponse): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
}
