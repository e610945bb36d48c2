/**
 * The Logs view end to end: the real daemon on a temp home, Debian's
 * Chromium, roles and accessible names only. A task printing live output is
 * followed until the user scrolls up and again after Follow; a 200 MB log
 * (written by python3 at test time) opens at its tail fast and `/` search
 * finds a line near its start; First error, copying a range of lines, the
 * attempt picker and the download; axe-core on the view. Screenshots in
 * light and dark go to TICKWORK_SCREENSHOTS (default /tmp/tickwork-logs).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { launchBrowser, watchedPage, type WatchedPage, screenshotLightAndDark } from '../helpers/browser.js';
import { apiOk } from '../helpers/api-client.js';
import { waitForAsync } from '../helpers/wait-for.js';

const SHOTS = process.env.TICKWORK_SCREENSHOTS ?? '/tmp/tickwork-logs';
const BIG_MB = 200;

// big.py: 2,000,000 lines of 100 bytes (200 MB) in big writes; a needle at line 1,000, a traceback at 5,000.
const BIG = `import sys
out = sys.stdout
rows = []
for i in range(1, ${BIG_MB * 10_000} + 1):
    if i == 1000: rows.append(('NEEDLE in the haystack, line %07d' % i).ljust(99))
    elif i == 5000: rows.append('Traceback (most recent call last):'.ljust(99))
    elif i == 5001: rows.append('ValueError: prices for 2024-03-01 are missing'.ljust(99))
    else: rows.append(('\\x1b[32mINFO\\x1b[0m line %07d ' % i).ljust(99, '.'))
    if len(rows) == 10000:
        out.write('\\n'.join(rows) + '\\n'); rows = []
out.write('\\n'.join(rows) + ('\\n' if rows else ''))
`;
// live.sh: 300 coloured lines, then one more line each time a file 'next' appears, until 'stop'.
const LIVE = `i=0
while [ $i -lt 300 ]; do i=$((i+1)); printf '\\033[36mtick\\033[0m %04d \\033[1;31mred bold\\033[0m plain\\n' $i; done
n=0
while [ ! -f stop ]; do
  if [ -f next ]; then rm next; n=$((n+1)); echo "after-$n"; fi
  sleep 0.05
done
echo done
`;

let world: TempWorld;
let daemon: TestDaemon;
let browser: Browser;
let tab: WatchedPage;
const children: ChildProcess[] = [];
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** Page scripts (strings: the tests typecheck without the DOM) reaching the log's listbox by its role. */
const LIST = `document.querySelector('[role="listbox"]')`;
const LIST_SCROLL_TOP = `${LIST}.scrollTop`;
const url = (pathname: string) => `http://127.0.0.1:${daemon.port}${pathname}`;

/** The serious and critical axe-core violations of the view (<main>: the header is the shell's, tested with it). */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource); // through the debugger protocol, which the page's CSP does not govern
  const result = (await page.evaluate("axe.run(document.querySelector('main'))")) as { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await screenshotLightAndDark(page, { dir: SHOTS, name });
}

async function runToEnd(target: string): Promise<number> {
  const { id } = await apiOk(daemon, 'runs.trigger', { targets: [target], date: '2024-03-01' });
  await waitForAsync(async () => (await apiOk(daemon, 'runs.get', { id })).run.finishedAt !== null, `run ${id} to finish`, 60_000);
  return id;
}

beforeAll(async () => {
  world = tempWorld();
  fs.writeFileSync(world.file('big.py'), BIG);
  fs.writeFileSync(world.file('live.sh'), LIVE);
  world.writeProject(`
name: logs
log_max: none
pipelines:
  big: {command: "python3 big.py"}
  live: {command: "sh live.sh"}
  flaky: {command: ["sh", "-c", "echo attempt output; exit 3"], retries: 1, retry_delay: 0s}
`);
  [daemon, browser] = await Promise.all([startDaemon(world.home, world.project), launchBrowser()]);
  children.push(daemon.child);
  tab = await watchedPage(browser, { viewport: { width: 1360, height: 860 } });
  await tab.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url('') });
  const ui = await tickwork(world.home, ['ui', '--no-open']);
  await tab.page.goto(ui.stdout.trim());
  await tab.page.getByRole('status', { name: 'Live: connected to the daemon' }).waitFor();
}, 60_000);

afterAll(async () => {
  fs.writeFileSync(world.file('stop'), '');
  await browser?.close();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('the Logs view in Chromium', () => {
  it('follows a task printing live output, stops following when scrolled up, and follows again with Follow', async () => {
    const { page } = tab;
    const { id } = await apiOk(daemon, 'runs.trigger', { targets: ['live'], date: '2024-03-01' });
    await page.goto(url(`/runs/${id}/tasks/live`));
    await page.getByRole('heading', { level: 1, name: `Log of live run ${id}, attempt 1` }).waitFor();
    const lines = page.getByRole('listbox', { name: 'Log lines of live, attempt 1' });
    await lines.getByRole('option', { name: 'tick 0300 red bold plain' }).waitFor();
    const follow = page.getByRole('button', { name: 'Follow' });
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    // ANSI colours are styled runs of text, never markup from the log.
    const red = lines.getByRole('option', { name: 'tick 0300 red bold plain' }).getByText('red bold');
    expect(await red.getAttribute('class')).toBe('ansi-bold ansi-red-fg');

    fs.writeFileSync(world.file('next'), '');
    await lines.getByRole('option', { name: 'after-1' }).waitFor();
    expect(await lines.getByRole('option', { name: 'after-1' }).isVisible()).toBe(true);
    await screenshot(page, 'logs-live');

    // Scrolling up stops following: new output arrives but the view stays where the user is.
    await lines.hover();
    await page.mouse.wheel(0, -2000);
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('false');
    const top = await page.evaluate(LIST_SCROLL_TOP);
    fs.writeFileSync(world.file('next'), '');
    await waitForAsync(async () => (await apiOk(daemon, 'logs.window', { run: id, task: 'live', tail: true })).lines.at(-1)?.text === 'after-2', 'after-2 in the log');
    await page.waitForTimeout(300); // give a (wrong) follow the time to scroll
    expect(await page.evaluate(LIST_SCROLL_TOP)).toBe(top);

    await follow.click();
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    await lines.getByRole('option', { name: 'after-2' }).waitFor();
    fs.writeFileSync(world.file('next'), '');
    await lines.getByRole('option', { name: 'after-3' }).waitFor();
    expect(await lines.getByRole('option', { name: 'after-3' }).isVisible()).toBe(true);
    fs.writeFileSync(world.file('stop'), '');
    await lines.getByRole('option', { name: 'done' }).waitFor();
    await page.getByText(/^bytes .* of [\d.]+ KB \(\d+%–100%\)$/).waitFor();
  }, 60_000);

  it('opens a 200 MB log at its tail fast, `/` finds a line near its start, and First error jumps to the traceback', async () => {
    const { page } = tab;
    const started = Date.now();
    const run = await runToEnd('big');
    const written = Date.now() - started;
    const size = fs.statSync(path.join(world.home, 'logs', String(run), 'big.1.log')).size;
    expect(size).toBe(BIG_MB * 1_000_000);

    const opening = performance.now();
    await page.goto(url(`/runs/${run}/tasks/big`));
    const lines = page.getByRole('listbox', { name: 'Log lines of big, attempt 1' });
    const last = lines.getByRole('option', { name: `INFO line ${String(BIG_MB * 10_000).padStart(7, '0')} ${'.'.repeat(72)}` });
    await last.waitFor();
    const openMs = performance.now() - opening;
    expect(await last.isVisible()).toBe(true);
    expect(openMs).toBeLessThan(3_000);

    // Inside the running app (no page load): away to the run, then back to the log, as a link does.
    const navigate = (to: string) => page.evaluate(`history.pushState(null, '', '${to}'); dispatchEvent(new PopStateEvent('popstate'))`);
    await navigate(`/runs/${run}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Run ${run}`) }).waitFor();
    const reopening = performance.now();
    await navigate(`/runs/${run}/tasks/big`);
    await last.waitFor();
    const reopenMs = performance.now() - reopening;
    expect(reopenMs).toBeLessThan(1_500);

    await lines.focus();
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search log' });
    expect(await page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe('Search log');
    await box.fill('needle in the');
    const searching = performance.now();
    await page.keyboard.press('Enter');
    const status = page.getByRole('status').filter({ hasText: /Match at byte|No match/ });
    await status.waitFor({ timeout: 20_000 });
    const searchMs = performance.now() - searching;
    expect(await status.innerText()).toBe('Match at byte 99,900 (wrapped to the start).');
    const needle = lines.getByRole('option', { name: /^NEEDLE in the haystack, line 0001000/ });
    await needle.waitFor();
    expect(await needle.isVisible()).toBe(true);
    expect(await needle.getAttribute('aria-selected')).toBe('true');
    expect(await needle.locator('mark').innerText()).toBe('NEEDLE in the');
    await screenshot(page, 'logs-search');

    // n steps on (wrapping to the same, only match); in the log Ctrl+F is this search too.
    await lines.focus();
    await page.keyboard.press('Control+f');
    expect(await page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe('Search log');
    await lines.focus();
    await page.keyboard.press('n');
    await page.getByRole('status').filter({ hasText: 'The only match, at byte 99,900.' }).waitFor({ timeout: 20_000 });

    const looking = performance.now();
    await page.getByRole('button', { name: 'First error' }).click();
    await page.getByRole('status').filter({ hasText: 'First error at byte 499,900.' }).waitFor({ timeout: 20_000 });
    const errorMs = performance.now() - looking;
    const traceback = lines.getByRole('option', { name: /^Traceback \(most recent call last\):/ });
    expect(await traceback.isVisible()).toBe(true);
    await lines.getByRole('option', { name: /^ValueError: prices for 2024-03-01 are missing/ }).waitFor();
    console.log(`Logs view, ${(size / 1e6).toFixed(0)} MB log (written by python3 in ${written} ms): opened at its tail in ${openMs.toFixed(0)} ms with the page load, ${reopenMs.toFixed(0)} ms inside the app; / search to a line near the start ${searchMs.toFixed(0)} ms; first error ${errorMs.toFixed(0)} ms`);

    // Scrolling up from the jump pages earlier lines in, a window at a time, to the log's first line.
    const first = lines.getByRole('option', { name: /^INFO line 0000001 / });
    await expect.poll(async () => {
      await page.evaluate(`${LIST}.scrollTop = 0`);
      return first.count();
    }, { timeout: 20_000 }).toBe(1);
    expect(await violations(page)).toEqual([]);
  }, 120_000);

  it('selects a range of lines with click and Shift+click and copies it; Ctrl+C copies a keyboard selection', async () => {
    const { page } = tab;
    const lines = page.getByRole('listbox', { name: /^Log lines of big/ });
    await lines.getByRole('option', { name: /^INFO line 0000003 / }).click();
    await lines.getByRole('option', { name: /^INFO line 0000005 / }).click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: 'Copy 3 lines' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied 3 lines.' }).waitFor();
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
    expect(copied.split('\n').map((line) => line.slice(0, 17))).toEqual(['INFO line 0000003', 'INFO line 0000004', 'INFO line 0000005', '']);

    await lines.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+c');
    await page.getByRole('status').filter({ hasText: 'Copied 2 lines.' }).waitFor();
    expect(((await page.evaluate('navigator.clipboard.readText()')) as string).slice(0, 17)).toBe('INFO line 0000006');
  });

  it('picks an attempt of a retried task from the URL or the picker, and downloads the log as a file', async () => {
    const { page } = tab;
    const run = await runToEnd('flaky');
    await page.goto(url(`/runs/${run}/tasks/flaky`));
    await page.getByRole('heading', { level: 1, name: `Log of flaky run ${run}, attempt 2` }).waitFor();
    const picker = page.getByRole('combobox', { name: 'Attempt' });
    expect(await picker.inputValue()).toBe('2');
    await picker.selectOption('1');
    await page.getByRole('heading', { level: 1, name: `Log of flaky run ${run}, attempt 1` }).waitFor();
    expect(new URL(page.url()).search).toBe('?attempt=1');
    await page.getByRole('listbox', { name: 'Log lines of flaky, attempt 1' }).getByRole('option', { name: 'attempt output' }).waitFor();

    const download = page.getByRole('link', { name: 'Download' });
    const href = await download.getAttribute('href');
    expect(href).toBe(`/api/logs/download?run=${run}&task=flaky&attempt=1`);
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toBe(`run-${run}-flaky-attempt-1.log`);
    expect(fs.readFileSync(await file.path(), 'utf8')).toBe('attempt output\n');

    await page.goto(url(`/runs/${run}/tasks/nope`));
    await page.getByRole('alert').filter({ hasText: `Run ${run} has no task nope.` }).waitFor();
    expect(await violations(page)).toEqual([]);
  });

  it('reported no CSP violation and no console error', () => {
    // The view styles ANSI runs through the CSSOM, which the CSP allows; a <style> element the shared bundle inserts is not the view's.
    expect(tab.cspViolations.filter((text) => !/style-src/.test(text))).toEqual([]);
    // 404: the unknown task asked for on purpose; 409: the Run detail page's re-run preview of a run it shows.
    expect(tab.consoleErrors.filter((text) => !/404 \(Not Found\)|409 \(Conflict\)|style-src/.test(text))).toEqual([]);
  });
});
