import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { createSessionAuth, LOGIN_TOKEN_MS, safeNextPath, SESSION_MS, sessionKey } from '../../../electron/engine/api/session-auth.js';
import { serveStatic } from '../../../electron/engine/api/static-files.js';

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

const cookieOf = (setCookie: string): string => setCookie.split(';')[0]!;

describe('dashboard sign-in', () => {
  it('honours a login token once and only before it expires', () => {
    const auth = createSessionAuth({ key: sessionKey(tempWorld().home), port: 4000 });
    const { token, expiresAt } = auth.issueLoginToken(1_000);
    expect(expiresAt).toBe(1_000 + LOGIN_TOKEN_MS);
    expect(auth.redeemLoginToken(token, 2_000)).toBe(true);
    expect(auth.redeemLoginToken(token, 2_000)).toBe(false);
    const late = auth.issueLoginToken(1_000).token;
    expect(auth.redeemLoginToken(late, 1_000 + LOGIN_TOKEN_MS)).toBe(false);
    expect(auth.redeemLoginToken('made-up', 1_000)).toBe(false);
  });

  it('keeps a session across a restart with the same key file, until it expires, for its port only', () => {
    const home = tempWorld().home;
    const cookie = createSessionAuth({ key: sessionKey(home), port: 4000 }).sessionCookie(1_000);
    expect(cookie).toMatch(/^tickwork_session_4000=\d+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=1209600$/);
    expect(fs.statSync(path.join(home, 'ui-session-key')).mode & 0o777).toBe(0o600);
    const restarted = createSessionAuth({ key: sessionKey(home), port: 4000 });
    const header = `other=1; ${cookieOf(cookie)}`;
    expect(restarted.hasSession(header, 2_000)).toBe(true);
    expect(restarted.hasSession(header, 1_000 + SESSION_MS)).toBe(false);
    expect(createSessionAuth({ key: sessionKey(home), port: 4001 }).hasSession(header.replace('_4000', '_4001'), 2_000)).toBe(false);
    expect(createSessionAuth({ key: sessionKey(tempWorld().home), port: 4000 }).hasSession(header, 2_000)).toBe(false); // another home's key
    const [name, value] = cookieOf(cookie).split('=') as [string, string];
    const [expiry, nonce, mac] = value.split('.') as [string, string, string];
    expect(restarted.hasSession(`${name}=${Number(expiry) + SESSION_MS}.${nonce}.${mac}`, 2_000)).toBe(false); // a longer life is not signed
    expect(restarted.hasSession(undefined, 2_000)).toBe(false);
  });

  it('sends the browser after login only to a path of this origin', () => {
    expect(safeNextPath('/runs/12/tasks/metrics?attempt=2')).toBe('/runs/12/tasks/metrics?attempt=2');
    for (const bad of [null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/runs\n']) expect(safeNextPath(bad)).toBe('/');
  });
});

describe('the dashboard files', () => {
  async function serve(dir: string): Promise<number> {
    const server = http.createServer((req, res) => serveStatic(dir, req, res, new URL(req.url ?? '/', 'http://x').pathname));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }
  const get = (port: number, urlPath: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> =>
    new Promise((resolve, reject) => {
      http.request({ host: '127.0.0.1', port, path: urlPath, method }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      }).on('error', reject).end();
    });

  it('sends index.html for any route, hashed assets for a year, and nothing outside the folder', async () => {
    const w = tempWorld();
    const dir = path.join(w.root, 'renderer');
    fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, '.built'), 'stamp');
    fs.writeFileSync(path.join(w.root, 'secret.txt'), 'secret');
    const port = await serve(dir);
    const deep = await get(port, '/runs/12/tasks/metrics?attempt=2');
    expect([deep.status, deep.headers['content-type'], deep.headers['cache-control'], deep.body]).toEqual([200, 'text/html; charset=utf-8', 'no-cache', '<!doctype html><title>app</title>']);
    const asset = await get(port, '/assets/index-abc123.js');
    expect([asset.status, asset.headers['content-type'], asset.headers['cache-control']]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
    expect((await get(port, '/assets/index-gone.js')).status).toBe(404);
    for (const sneaky of ['/../secret.txt', '/%2e%2e/secret.txt', '/.built', '/assets/..%2f..%2fsecret.txt']) expect((await get(port, sneaky)).body).not.toContain('secret');
    expect((await get(port, '/.built')).body).toContain('<title>app</title>');
    expect((await get(port, '/runs', 'HEAD')).status).toBe(200);
    expect((await get(port, '/runs', 'DELETE')).status).toBe(405);
  });

  it('says how to build the dashboard when it is not built', async () => {
    const port = await serve(path.join(tempWorld().root, 'nothing-here'));
    const answer = await get(port, '/');
    expect(answer.status).toBe(503);
    expect(answer.body).toContain('npm run build');
  });
});
