/**
 * The dashboard end to end: the real daemon on a temp home, Debian's
 * Chromium, and only roles and accessible names to find things, as a screen
 * reader would.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { startTickwork, tickwork, exitOf } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { launchBrowser, watchedPage, type WatchedPage } from '../helpers/browser.js';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

let world: TempWorld;
let daemon: TestDaemon;
let browser: Browser;
let tab: WatchedPage;
const children: ChildProcess[] = [];

/** One HTTP request with full control of the headers. */
function request(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: { 'content-type': 'application/json', ...options.headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Starts `tickwork run TARGET` through the daemon, without waiting for it. */
function runInBackground(target: string): ChildProcess {
  const child = startTickwork(world.home, ['run', target, '--project', world.project, '--date', '2024-03-01']);
  children.push(child);
  return child;
}

beforeAll(async () => {
  world = tempWorld();
  world.writeProject(`
name: dash
pipelines:
  prices: {command: ["sh", "-c", "echo prices"]}
  signals: {command: ["sh", "-c", "sleep 0.6; echo signals"], depends_on: [prices]}
`);
  [daemon, browser] = await Promise.all([startDaemon(world.home, world.project), launchBrowser()]);
  children.push(daemon.child);
  tab = await watchedPage(browser);
});

afterAll(async () => {
  await browser?.close();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('the dashboard in Chromium', () => {
  it('signs in through the one-time URL of tickwork ui --no-open, lands on the Overview, with the CSP on the page', async () => {
    const ui = await tickwork(world.home, ['ui', '--no-open']);
    expect(ui.code).toBe(0);
    expect(ui.stdout).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${daemon.port}/login\\?token=[\\w-]+\\n$`));
    const url = ui.stdout.trim();
    const { page } = tab;
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const cookies = await tab.context.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: `tickwork_session_${daemon.port}`, httpOnly: true, sameSite: 'Strict', path: '/' })]);
    await page.getByRole('status', { name: 'Live: connected to the daemon' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
    await page.getByRole('main').waitFor();
    const document = await page.reload();
    expect(document?.headers()['content-security-policy']).toBe(CSP);

    // The link worked once: a second visit is refused (and sets no cookie).
    const again = await request(daemon.port, { method: 'GET', path: new URL(url).pathname + new URL(url).search });
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('shows a run triggered by the CLI appear live and reach succeeded, then its detail with live task states', async () => {
    const { page } = tab;
    await page.getByText('No runs yet').waitFor();
    const cli = runInBackground('signals');
    await page.getByRole('row', { name: /^Run 1 (queued|running)/ }).waitFor();
    await page.getByRole('row', { name: /^Run 1 succeeded signals 2024-03-01 api/ }).waitFor({ timeout: 20_000 });
    expect(await exitOf(cli)).toBe(0);

    await page.getByRole('link', { name: 'Run 1' }).click();
    await page.getByRole('heading', { level: 1, name: /^Run 1/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/runs/1');
    const tasks = page.getByRole('table', { name: 'Tasks' });
    await tasks.getByRole('row', { name: /^prices succeeded 1/ }).waitFor();
    await tasks.getByRole('row', { name: /^signals target succeeded 1/ }).waitFor();
    const details = page.getByRole('definition');
    expect(await details.allInnerTexts()).toEqual(expect.arrayContaining(['signals', '2024-03-01', 'api', 'upstream']));

    // A second run while the detail of the first is open: its own detail follows it live.
    const second = runInBackground('signals');
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('row', { name: /^Run 2 / }).waitFor();
    await page.getByRole('link', { name: 'Run 2' }).click();
    await page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: /^signals target (pending|waiting|ready|running)/ }).waitFor();
    await page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: /^signals target succeeded/ }).waitFor({ timeout: 20_000 });
    expect(await exitOf(second)).toBe(0);
  });

  it('opens deep links (a run task, filters in the query) straight from the address bar', async () => {
    const { page } = tab;
    await page.goto(`http://127.0.0.1:${daemon.port}/runs/1/tasks/signals?attempt=1`);
    await page.getByRole('heading', { level: 1, name: 'Log of signals run 1, attempt 1' }).waitFor();
    await page.getByRole('listbox', { name: 'Log lines of signals, attempt 1' }).getByRole('option', { name: 'signals' }).waitFor();

    await page.goto(`http://127.0.0.1:${daemon.port}/runs?state=failed`);
    await page.getByText('No run matches these filters.').waitFor();
    expect(await page.getByRole('combobox', { name: 'State' }).inputValue()).toBe('failed');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('row', { name: /^Run 2 succeeded/ }).waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill('#1');
    await page.getByRole('row', { name: /^Run 1 succeeded/ }).waitFor();
    await page.waitForURL(/\/runs\?q=%231$/);
    expect(await page.getByRole('row', { name: /^Run 2 / }).count()).toBe(0);
  });

  it('refuses API calls without the cookie or the token (401) and from a foreign origin (403)', async () => {
    const [cookie] = await tab.context.cookies();
    const session = `${cookie!.name}=${cookie!.value}`;
    const own = `http://127.0.0.1:${daemon.port}`;
    const list = (headers: Record<string, string>) => request(daemon.port, { path: '/api/runs.list', headers, body: '{}' });
    expect((await list({})).status).toBe(401);
    expect((await list({ cookie: `${cookie!.name}=1.2.forged` })).status).toBe(401);
    expect((await list({ cookie: session, origin: own })).status).toBe(200);
    expect((await list({ cookie: session, origin: 'http://evil.example' })).status).toBe(403);
    expect((await list({ cookie: session, origin: 'http://127.0.0.1:1' })).status).toBe(403); // another local site shares cookies, not this origin
    expect((await list({ cookie: session })).status).toBe(403); // a browser's state-changing call always names its Origin
    expect((await list({ ...daemon.auth, origin: 'http://evil.example' })).status).toBe(403);
    expect((await request(daemon.port, { path: '/api/login-token', headers: { cookie: session, origin: own } })).status).toBe(403); // only the CLI's bearer token gets login links
    const events = await request(daemon.port, { method: 'GET', path: '/api/events?after=0' });
    expect(events.status).toBe(401);
    expect(events.headers['content-security-policy']).toBe(CSP);
  });

  it('reconnects after the daemon is killed and restarted, with the same session, and stays live', async () => {
    const { page } = tab;
    await page.goto(`http://127.0.0.1:${daemon.port}/runs`);
    await page.getByRole('status', { name: 'Live: connected to the daemon' }).waitFor();
    daemon.child.kill('SIGKILL');
    await exitOf(daemon.child);
    await page.getByRole('alert').filter({ hasText: 'Connection to the daemon lost' }).waitFor();
    const port = daemon.port;
    daemon = await startDaemon(world.home, world.project);
    children.push(daemon.child);
    expect(daemon.port).toBe(port); // the port of the last start, so the open page finds it again
    await page.getByRole('status', { name: 'Live: connected to the daemon' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    const third = runInBackground('prices');
    let out = '';
    third.stdout!.on('data', (c) => (out += c));
    third.stderr!.on('data', (c) => (out += c));
    try {
      await page.getByRole('row', { name: /^Run 3 succeeded prices/ }).waitFor({ timeout: 20_000 });
    } catch (error) {
      // What the CLI, the daemon and the page said, to tell an engine hold-up from a stale page.
      console.log(`tickwork run: ${out}\nexit ${await exitOf(third)}\ndaemon:\n${daemon.log()}\npage:\n${await page.locator('body').ariaSnapshot()}`);
      throw error;
    }
    expect(await exitOf(third)).toBe(0);
  });

  it('ships no inline script or style and loads nothing from elsewhere', async () => {
    const index = await request(daemon.port, { method: 'GET', path: '/' });
    expect(index.status).toBe(200);
    const scripts = [...index.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/ src="\/assets\/[\w.-]+\.js"/);
    expect(index.body).not.toMatch(/<style|\sstyle=|\son\w+=|https?:\/\//);
  });

  it('has no serious or critical accessibility violation on Runs and Run detail (axe-core)', async () => {
    // A page of its own: axe injects a <style> element, which the CSP rightly blocks, and that must not count against the app.
    const audit = await watchedPage(browser);
    await audit.context.addCookies(await tab.context.cookies());
    const { page } = audit;
    const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const violations = async (): Promise<string[]> => {
      await page.evaluate(axeSource); // through the debugger protocol, which the page's CSP does not govern
      const result = (await page.evaluate('axe.run()')) as { violations: Array<{ id: string; impact: string; nodes: unknown[] }> };
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
    };
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`http://127.0.0.1:${daemon.port}/runs`);
      await page.getByRole('row', { name: /^Run 3 / }).waitFor();
      expect(await violations()).toEqual([]);
      await page.goto(`http://127.0.0.1:${daemon.port}/runs/1`);
      await page.getByRole('table', { name: 'Tasks' }).waitFor();
      expect(await violations()).toEqual([]);
    }
    await audit.context.close();
  });

  it('reported no CSP violation and no console error on any page', () => {
    expect(tab.cspViolations).toEqual([]);
    // The refused login link and the killed daemon are expected network errors; nothing else.
    expect(tab.consoleErrors.filter((text) => !/401 \(Unauthorized\)|ERR_CONNECTION_REFUSED|ERR_INCOMPLETE_CHUNKED_ENCODING|net::ERR_/.test(text))).toEqual([]);
  });
});
