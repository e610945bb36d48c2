// Headless Debian Chromium for the UI bench: launched by playwright-core with
// the flags of test/helpers/browser.ts, signed in to a daemon through
// `tickwork ui --no-open`, and the probes that time the views from inside
// the page (performance marks the views set, a MutationObserver, resource
// timing), so no round trip to this process lands inside a figure.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BenchError } from './daemon.mjs';
import { contenderEnv, timeRun } from './measure.mjs';

/** The Chromium the bench drives (`.ci/run` installs Debian's package). */
export const CHROMIUM = process.env.TICKWORK_CHROMIUM ?? '/usr/bin/chromium';

/** Headless Chromium with the test suite's flags. Close it when done. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A page in a context of its own (the session cookie is per host, not per
 * port, so each daemon gets its own context), signed in through the one-time
 * URL `tickwork ui --no-open` prints, the event stream connected.
 */
export async function signedInPage(browser, { root, home }) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  const ui = await timeRun({ cmd: process.execPath, args: [path.join(root, 'bin', 'tickwork.cjs'), 'ui', '--no-open'], cwd: root, env: contenderEnv({ TICKWORK_HOME: home }) });
  if (ui.code !== 0 || !/^http:\/\/127\.0\.0\.1:\d+\//.test(ui.stdout.trim())) throw new BenchError(`tickwork ui --no-open exited ${ui.code}: ${ui.stdout}${ui.stderr}`);
  await page.goto(ui.stdout.trim());
  await connected(page);
  const origin = new URL(ui.stdout.trim()).origin;
  return { context, page, origin, errors, cdp: await context.newCDPSession(page) };
}

/** Resolves once the header says the event stream is connected. */
export function connected(page) {
  return page.getByRole('status', { name: 'Live: connected to the daemon' }).waitFor({ timeout: 30_000 });
}

/**
 * Resolves once the page has settled: no new resource entry (API call,
 * chunk) for 300 ms and then an idle callback, at most 5 s. Each in-app
 * navigation starts from there, not amid the start page's own loading.
 */
export function settled(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const until = performance.now() + 5_000;
        const loop = (seen) =>
          setTimeout(() => {
            const now = performance.getEntriesByType('resource').length;
            if (now !== seen && performance.now() < until) return loop(now);
            requestIdleCallback(() => resolve(), { timeout: 1_000 });
          }, 300);
        loop(performance.getEntriesByType('resource').length);
      }),
  );
}

/**
 * Runs in the page. Waits until `what` shows and resolves with
 * { ms, data, ...detail }: `ms` from `t0` (performance.now() just before an
 * in-app navigation to `to` when `navigate`, else the page's navigation
 * start), `data` when the view's last API answer before that had arrived
 * (resource timing, same origin), both on the page's clock.
 *   runs      the Runs table's first body row visible and the filter's search box focused
 *   gantt     the Gantt's first paint of `rows` rows (its `tickwork:gantt-drawn` mark)
 *   timeline  the schedule timeline laid out and painted with ≥ `bars` bars (`tickwork:timeline` measure)
 *   log       the log's option `lastLine` visible in its listbox
 * DOM checks run on every mutation and every frame.
 */
function pageProbe({ what, to, navigate, rows, bars, lastLine, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const t0 = navigate ? performance.now() : 0;
    const api = { runs: /\/api\/runs\.list$/, gantt: /\/api\/runs\.(get|attempts)$/, timeline: /\/api\/timeline\.runs$/, log: /\/api\/logs\.window$/ }[what];
    const cleanups = [];
    let settled = false;
    const finish = (at, detail, error) => {
      if (settled) return;
      settled = true;
      for (const cleanup of cleanups) cleanup();
      if (error) return reject(new Error(error));
      let data = null;
      for (const entry of performance.getEntriesByType('resource')) {
        if (api.test(new URL(entry.name).pathname) && entry.startTime >= t0 && entry.responseEnd <= at) data = Math.max(data ?? 0, entry.responseEnd - t0);
      }
      resolve({ ms: at - t0, data, ...detail });
    };
    const timer = setTimeout(() => finish(0, null, `timed out after ${timeoutMs} ms waiting for ${what} on ${location.pathname}`), timeoutMs);
    cleanups.push(() => clearTimeout(timer));
    const inView = (el, box) => {
      const r = el.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      return r.height > 0 && r.top < b.bottom && r.bottom > b.top && r.top < innerHeight && r.bottom > 0;
    };
    const checks = {
      runs: () => {
        const table = document.querySelector('[role="table"][aria-label="Runs"]');
        const body = table?.querySelectorAll('[role="rowgroup"]')[1];
        const link = body?.querySelector('[role="row"] a[aria-label^="Run "]');
        const search = document.querySelector('[role="search"][aria-label="Filter runs"] input[type="search"]');
        if (!link || !search || !inView(link, body)) return null;
        search.focus();
        return document.activeElement === search ? { firstRow: link.getAttribute('aria-label') } : null;
      },
      log: () => {
        const list = document.querySelector('[role="listbox"]');
        const option = list && [...list.querySelectorAll('[role="option"]')].find((o) => o.textContent === lastLine);
        return option && inView(option, list) ? { options: list.querySelectorAll('[role="option"]').length } : null;
      },
    };
    if (what === 'gantt' || what === 'timeline') {
      const name = what === 'gantt' ? 'tickwork:gantt-drawn' : 'tickwork:timeline';
      const take = (entries) => {
        for (const entry of entries) {
          if (entry.name !== name || entry.startTime < t0) continue;
          if (what === 'gantt' && entry.detail?.rows === rows) return finish(entry.startTime, { paintMs: entry.detail.paintMs, bars: entry.detail.bars });
          if (what === 'timeline' && (entry.detail?.bars ?? 0) >= bars) return finish(entry.startTime + entry.duration, { layoutPaintMs: entry.duration, bars: entry.detail.bars });
        }
      };
      const observer = new PerformanceObserver((list) => take(list.getEntries()));
      observer.observe({ type: what === 'gantt' ? 'mark' : 'measure', buffered: !navigate });
      cleanups.push(() => observer.disconnect());
      if (!navigate) take(performance.getEntriesByName(name));
    } else {
      const check = () => {
        if (settled) return;
        const detail = checks[what]();
        if (detail) finish(performance.now(), detail);
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      let frame = requestAnimationFrame(function tick() {
        check();
        frame = requestAnimationFrame(tick);
      });
      cleanups.push(() => observer.disconnect(), () => cancelAnimationFrame(frame));
      if (!navigate) check();
    }
    if (navigate) {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }
  });
}

/** Times `what` after an in-app navigation to `to` (as a link click does: pushState + popstate). */
export function probeInApp(page, what, to, expected = {}) {
  return page.evaluate(pageProbe, { what, to, navigate: true, timeoutMs: 60_000, ...expected });
}

/** Times `what` from the navigation start of a page load of `url` (from about:blank). */
export async function probePageLoad(page, what, url, expected = {}) {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit' });
  return page.evaluate(pageProbe, { what, navigate: false, timeoutMs: 60_000, ...expected });
}

/**
 * Starts recording, in the page, when each Runs table row first shows each
 * state (Date.now(), the daemon's clock: one machine) and when each run's
 * row first appears. Read it back with `readRowChanges`.
 */
export function recordRowChanges(page) {
  return page.evaluate(() => {
    const seen = new Map();
    const scan = () => {
      const now = Date.now();
      const table = document.querySelector('[role="table"][aria-label="Runs"]');
      for (const row of table?.querySelectorAll('[role="row"]') ?? []) {
        const label = row.querySelector('a[aria-label^="Run "]')?.getAttribute('aria-label');
        if (!label) continue;
        const id = Number(label.slice(4));
        const state = row.querySelectorAll('[role="cell"]')[1]?.textContent.trim().replace(' ', '_');
        if (!seen.has(`${id} *`)) seen.set(`${id} *`, now);
        if (state && !seen.has(`${id} ${state}`)) seen.set(`${id} ${state}`, now);
      }
    };
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true });
    window.__tickworkBenchRows = seen;
    scan();
  });
}

/** What `recordRowChanges` saw: "id state" (or "id *": the row appeared) → epoch ms. */
export async function readRowChanges(page) {
  return new Map(await page.evaluate(() => [...window.__tickworkBenchRows]));
}

/** The page's JS heap (CDP Runtime.getHeapUsage), in MB (10^6 bytes), before and after a forced garbage collection. */
export async function heapOf(cdp) {
  const before = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('HeapProfiler.collectGarbage');
  const after = await cdp.send('Runtime.getHeapUsage');
  return { usedMB: before.usedSize / 1e6, totalMB: before.totalSize / 1e6, usedAfterGcMB: after.usedSize / 1e6, totalAfterGcMB: after.totalSize / 1e6 };
}
