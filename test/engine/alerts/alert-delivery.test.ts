import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { harness, type Harness } from '../../helpers/engine-harness.js';
import { AlertMonitor } from '../../../electron/engine/alerts/alert-monitor.js';
import { AlertDispatcher } from '../../../electron/engine/alerts/alert-dispatcher.js';
import { deliveriesOf } from '../../../electron/engine/store/delivery-store.js';
import { listAlerts } from '../../../electron/engine/store/alert-store.js';

let h: Harness | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  h?.close();
  h = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A real webhook receiver on 127.0.0.1 answering with the given statuses in turn (then 200). */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: Array<Record<string, unknown>> }> {
  const bodies: Array<Record<string, unknown>> = [];
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/services/T000/B000/secret-token`, bodies };
}

function setup(url: string, retries = 2): AlertMonitor {
  const w = tempWorld();
  w.writeProject(`
name: hooks
alerts: {desktop: false, webhook: {url: "${url}", retries: ${retries}, retry_delay: 1s}}
pipelines:
  metrics: {command: "test -f ok"}
`);
  h = harness(w.home, w.project);
  return new AlertMonitor({ db: h.db, projects: () => [h!.project] });
}

describe('alert delivery', () => {
  it('posts Slack-compatible JSON to the webhook, retrying a failed try after the backoff', async () => {
    const hook = await receiver([500]);
    const monitor = setup(hook.url);
    await h!.run({ targets: ['metrics'], date: '2026-11-20' });
    let clock = Date.now();
    monitor.evaluate(clock);
    const logs: string[] = [];
    const dispatcher = new AlertDispatcher({ db: h!.db, now: () => clock, log: (l) => logs.push(l) });
    expect(await dispatcher.pump()).toBe(1);
    const [alert] = listAlerts(h!.db);
    expect(deliveriesOf(h!.db, alert!.id)).toMatchObject([{ channel: 'webhook', state: 'pending', tries: 1, lastError: expect.stringMatching(/HTTP 500$/) }]);
    expect(logs.join('\n')).toContain('http://127.0.0.1:');
    expect(logs.join('\n')).not.toContain('secret-token'); // webhook URLs carry secrets
    expect(await dispatcher.pump()).toBe(0); // not due before the backoff
    clock += 1_000;
    expect(await dispatcher.pump()).toBe(1);
    expect(deliveriesOf(h!.db, alert!.id)).toMatchObject([{ state: 'sent', tries: 2 }]);
    expect(hook.bodies).toHaveLength(2);
    expect(hook.bodies[1]!.text).toMatch(/^\[ALERT\] metrics failed: hooks · metrics · 2026-11-20: exit code 1 \(run \d+\)$/);
    expect(hook.bodies[1]!.tickwork).toMatchObject({ change: 'opened', alert: { rule: 'run_failed', pipeline: 'metrics' } });
  });

  it('tells the webhook when the alert resolves, and gives up after its tries', async () => {
    const hook = await receiver([]);
    const monitor = setup(hook.url, 0);
    await h!.run({ targets: ['metrics'], date: '2026-11-20' });
    monitor.evaluate(Date.now());
    const dispatcher = new AlertDispatcher({ db: h!.db, now: Date.now });
    await dispatcher.pump();
    fs.writeFileSync(path.join(h!.project.dir, 'ok'), '');
    await h!.run({ targets: ['metrics'], date: '2026-11-20' });
    monitor.evaluate(Date.now());
    await dispatcher.pump();
    expect(hook.bodies.map((b) => String(b.text).split(']')[0])).toEqual(['[ALERT', '[RESOLVED']);
    expect(hook.bodies[1]!.text).toMatch(/\(metrics succeeded in run \d+\)$/);

    await new Promise((resolve) => server!.close(resolve)); // the receiver goes away
    server = undefined;
    fs.rmSync(path.join(h!.project.dir, 'ok'));
    await h!.run({ targets: ['metrics'], date: '2026-11-21' });
    monitor.evaluate(Date.now());
    await dispatcher.pump();
    const latest = listAlerts(h!.db)[0]!;
    expect(deliveriesOf(h!.db, latest.id)).toMatchObject([{ state: 'failed', tries: 1, lastError: expect.stringMatching(/^webhook http:\/\/127\.0\.0\.1:\d+\/…: ECONNREFUSED$/) }]);
  });

  it('sends one notification for one failure: run_failed stays quiet when retries_exhausted already told', async () => {
    const hook = await receiver([]);
    const w = tempWorld();
    w.writeProject(`
name: once
alerts: {desktop: false, webhook: "${hook.url}"}
pipelines:
  flaky: {command: "exit 1", retries: 1, retry_delay: 10ms, jitter: 0}
`);
    h = harness(w.home, w.project);
    await h.run({ targets: ['flaky'], date: '2026-11-20' });
    new AlertMonitor({ db: h.db, projects: () => [h!.project] }).evaluate(Date.now());
    await new AlertDispatcher({ db: h.db, now: Date.now }).pump();
    expect(listAlerts(h.db).map((a) => a.rule).sort()).toEqual(['retries_exhausted', 'run_failed']);
    expect(hook.bodies.map((b) => (b.tickwork as { alert: { rule: string } }).alert.rule)).toEqual(['retries_exhausted']);
  });
});

