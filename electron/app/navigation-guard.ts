/**
 * What the dashboard window may show and open (pure; no Electron import).
 * The window shows pages of the connected daemon's origin only: every
 * navigation, redirect and frame navigation elsewhere is stopped. It never
 * opens a second window: a link to the daemon's origin is shown in the
 * window itself, and a checked external link (http or https, parseable, no
 * user or password in it, not the daemon's origin) goes to the user's
 * browser; everything else (file:, javascript:, data:, custom schemes) is
 * dropped. A page of the daemon's origin must carry the daemon's
 * Content-Security-Policy; one without it gets the daemon's own.
 */

/** What to do with a window.open / target=_blank. */
export type WindowOpenVerdict = { readonly kind: 'navigate'; readonly url: string } | { readonly kind: 'external'; readonly url: string } | { readonly kind: 'drop'; readonly reason: string };

/** The origin of `url`, or null when it does not parse (or has an opaque origin). */
function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** Whether the window may navigate (or be redirected, or a frame of it navigate) to `url`. */
export function mayNavigate(url: string, daemonOrigin: string | null): boolean {
  return daemonOrigin !== null && originOf(url) === daemonOrigin;
}

/** `url` normalized if it is safe to hand to the user's browser, else why not. */
export function checkedExternalUrl(url: string, daemonOrigin: string | null): { readonly url: string } | { readonly problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: 'not a URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { problem: `scheme ${parsed.protocol} is not opened` };
  if (parsed.username !== '' || parsed.password !== '') return { problem: 'a URL with credentials is not opened' };
  if (parsed.hostname === '') return { problem: 'no host' };
  if (daemonOrigin !== null && parsed.origin === daemonOrigin) return { problem: "the daemon's own pages stay in the app" };
  return { url: parsed.href };
}

/** What a request for a new window at `url` becomes (a new window: never). */
export function windowOpenVerdict(url: string, daemonOrigin: string | null): WindowOpenVerdict {
  if (mayNavigate(url, daemonOrigin)) return { kind: 'navigate', url };
  const checked = checkedExternalUrl(url, daemonOrigin);
  return 'url' in checked ? { kind: 'external', url: checked.url } : { kind: 'drop', reason: checked.problem };
}

/** Response headers as Electron's webRequest hands them (names in any case). */
export type ResponseHeaders = Readonly<Record<string, readonly string[] | string>>;

/** What to do with a response: let it through (with these headers), or cancel it. */
export type HeadersVerdict = { readonly cancel: true } | { readonly cancel: false; readonly responseHeaders?: Record<string, string[]> };

/** What `headersVerdict` looks at. */
export interface HeadersInput {
  readonly url: string;
  /** Electron's resourceType: 'mainFrame', 'subFrame', 'script', … */
  readonly resourceType: string;
  readonly responseHeaders: ResponseHeaders | undefined;
  readonly daemonOrigin: string | null;
  /** The daemon's policy (electron/engine/api/security-headers.ts), added where one is missing. */
  readonly csp: string;
}

/** A document from elsewhere is cancelled; one of the daemon's origin keeps its CSP or gets the daemon's. */
export function headersVerdict(input: HeadersInput): HeadersVerdict {
  const isDocument = input.resourceType === 'mainFrame' || input.resourceType === 'subFrame';
  if (!isDocument) return { cancel: false };
  if (!mayNavigate(input.url, input.daemonOrigin)) return { cancel: true };
  const headers = input.responseHeaders ?? {};
  const hasCsp = Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'content-security-policy' && [value].flat().some((v) => v.trim() !== ''));
  if (hasCsp) return { cancel: false };
  const copy: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) copy[name] = [value].flat();
  copy['Content-Security-Policy'] = [input.csp];
  return { cancel: false, responseHeaders: copy };
}

/** The route part (path, query, hash) of a URL of the daemon's origin, for reopening it on another port. */
export function routeOf(url: string, daemonOrigin: string | null): string | null {
  if (daemonOrigin === null) return null;
  try {
    const parsed = new URL(url);
    if (parsed.origin !== daemonOrigin || parsed.pathname === '/login') return null;
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return null;
  }
}

/** `route` made safe to append to the daemon's origin: a path on it, else `/`. */
export function safeRoute(route: string | undefined): string {
  if (route === undefined || !route.startsWith('/') || route.startsWith('//') || route.startsWith('/\\')) return '/';
  return route;
}

/** Permissions a daemon page may use: writing to the clipboard (the Logs view's Copy). Nothing else, for no one else. */
const GRANTED = new Set(['clipboard-sanitized-write']);

/** Whether a page at `requestingUrl` gets `permission`. */
export function permissionGranted(permission: string, requestingUrl: string, daemonOrigin: string | null): boolean {
  return GRANTED.has(permission) && mayNavigate(requestingUrl, daemonOrigin);
}
