/** navigation-guard: what the dashboard window may show, open, hand to the browser, grant, and load. */
import { describe, expect, it } from 'vitest';
import { checkedExternalUrl, headersVerdict, mayNavigate, permissionGranted, routeOf, safeRoute, windowOpenVerdict } from '../../electron/app/navigation-guard.js';

const ORIGIN = 'http://127.0.0.1:4123';

describe('mayNavigate', () => {
  it("lets the window go to the daemon's origin only", () => {
    expect(mayNavigate(`${ORIGIN}/runs/3?task=x#l12`, ORIGIN)).toBe(true);
    expect(mayNavigate(`${ORIGIN}/login?token=abc&next=%2F`, ORIGIN)).toBe(true);
    for (const url of [
      'http://127.0.0.1:4124/',
      'http://localhost:4123/',
      'https://127.0.0.1:4123/',
      'http://127.0.0.1.evil.example:4123/',
      'https://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(mayNavigate(url, ORIGIN), url).toBe(false);
    }
  });

  it('lets nothing through while no daemon is connected', () => {
    expect(mayNavigate(`${ORIGIN}/`, null)).toBe(false);
  });
});

describe('windowOpenVerdict and checkedExternalUrl', () => {
  it("shows a link to the daemon's origin in the window itself", () => {
    expect(windowOpenVerdict(`${ORIGIN}/runs/3`, ORIGIN)).toEqual({ kind: 'navigate', url: `${ORIGIN}/runs/3` });
  });

  it("hands a plain http(s) link to the user's browser, normalized", () => {
    expect(windowOpenVerdict('https://docs.example.com/a b', ORIGIN)).toEqual({ kind: 'external', url: 'https://docs.example.com/a%20b' });
    expect(windowOpenVerdict('http://EXAMPLE.com:8080/x?y=1', ORIGIN)).toEqual({ kind: 'external', url: 'http://example.com:8080/x?y=1' });
    expect(windowOpenVerdict('https://example.com/', null)).toEqual({ kind: 'external', url: 'https://example.com/' });
  });

  it('drops every other scheme, credentials, garbage, and the daemon itself when asked as external', () => {
    const dropped: Array<[string, RegExp]> = [
      ['file:///Users/me/.ssh/id_rsa', /scheme file: is not opened/],
      ['javascript:alert(1)', /scheme javascript:/],
      ['data:text/html,hi', /scheme data:/],
      ['vscode://file/etc/passwd', /scheme vscode:/],
      ['smb://server/share', /scheme smb:/],
      ['https://user:pass@example.com/', /credentials/],
      ['https://user@example.com/', /credentials/],
      ['http://', /not a URL/],
      ['::::', /not a URL/],
    ];
    for (const [url, reason] of dropped) {
      const verdict = windowOpenVerdict(url, ORIGIN);
      expect(verdict.kind, url).toBe('drop');
      expect(verdict.kind === 'drop' && verdict.reason, url).toMatch(reason);
    }
    expect(checkedExternalUrl(`${ORIGIN}/runs`, ORIGIN)).toEqual({ problem: "the daemon's own pages stay in the app" });
  });
});

describe('headersVerdict', () => {
  const csp = "default-src 'self'";
  it("keeps a daemon page's own CSP untouched", () => {
    expect(headersVerdict({ url: `${ORIGIN}/`, resourceType: 'mainFrame', responseHeaders: { 'content-security-policy': ["script-src 'self'"] }, daemonOrigin: ORIGIN, csp })).toEqual({ cancel: false });
  });

  it('gives a daemon page without a CSP (or an empty one) the daemon policy', () => {
    expect(headersVerdict({ url: `${ORIGIN}/x`, resourceType: 'mainFrame', responseHeaders: { 'Content-Type': ['text/html'] }, daemonOrigin: ORIGIN, csp })).toEqual({
      cancel: false,
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [csp] },
    });
    expect(headersVerdict({ url: `${ORIGIN}/x`, resourceType: 'subFrame', responseHeaders: { 'Content-Security-Policy': [' '] }, daemonOrigin: ORIGIN, csp })).toMatchObject({ responseHeaders: { 'Content-Security-Policy': [csp] } });
    expect(headersVerdict({ url: `${ORIGIN}/x`, resourceType: 'mainFrame', responseHeaders: undefined, daemonOrigin: ORIGIN, csp })).toEqual({ cancel: false, responseHeaders: { 'Content-Security-Policy': [csp] } });
  });

  it('cancels a document from any other origin, and leaves non-documents alone', () => {
    expect(headersVerdict({ url: 'https://example.com/', resourceType: 'mainFrame', responseHeaders: {}, daemonOrigin: ORIGIN, csp })).toEqual({ cancel: true });
    expect(headersVerdict({ url: `${ORIGIN}/`, resourceType: 'mainFrame', responseHeaders: {}, daemonOrigin: null, csp })).toEqual({ cancel: true });
    expect(headersVerdict({ url: `${ORIGIN}/assets/app.js`, resourceType: 'script', responseHeaders: {}, daemonOrigin: ORIGIN, csp })).toEqual({ cancel: false });
  });
});

describe('permissions and routes', () => {
  it("grants a daemon page the clipboard write of the Logs view's Copy, and nothing else to anyone", () => {
    expect(permissionGranted('clipboard-sanitized-write', `${ORIGIN}/runs/1/tasks/a`, ORIGIN)).toBe(true);
    expect(permissionGranted('clipboard-sanitized-write', 'https://example.com/', ORIGIN)).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fileSystem']) expect(permissionGranted(permission, `${ORIGIN}/`, ORIGIN)).toBe(false);
  });

  it('keeps the route a window showed, to reopen it on a new port, but never the login URL', () => {
    expect(routeOf(`${ORIGIN}/runs/4/tasks/x?attempt=2#l9`, ORIGIN)).toBe('/runs/4/tasks/x?attempt=2#l9');
    expect(routeOf(`${ORIGIN}/login?token=secret`, ORIGIN)).toBeNull();
    expect(routeOf('http://127.0.0.1:9/runs', ORIGIN)).toBeNull();
    expect(routeOf('', ORIGIN)).toBeNull();
  });

  it('takes only a path of the origin as a route', () => {
    expect(safeRoute('/runs/3')).toBe('/runs/3');
    expect(safeRoute(undefined)).toBe('/');
    for (const route of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'runs']) expect(safeRoute(route)).toBe('/');
  });
});
