import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { alertById, openAlert, resolveAlert, type AlertDraft } from '../../../electron/engine/store/alert-store.js';
import { deliveriesOf } from '../../../electron/engine/store/delivery-store.js';
import { AlertDispatcher } from '../../../electron/engine/alerts/alert-dispatcher.js';
import { acknowledgeAlert, snoozeAlert } from '../../../electron/engine/alerts/alert-attention.js';
import { alertActionOutcome } from '../../../shared/alert-model.js';

let server: http.Server | undefined;
let db: Db | undefined;
afterEach(async () => {
  db?.close();
  db = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A real webhook receiver on 127.0.0.1: what it was sent, in order. */
async function receiver(): Promise<{ url: string; posts: Array<{ change: string; id: number }> }> {
  const posts: Array<{ change: string; id: number }> = [];
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text) as { tickwork: { change: string; alert: { id: number } } };
      posts.push({ change: body.tickwork.change, id: body.tickwork.alert.id });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`, posts };
}

function draft(url: string): AlertDraft {
  return {
    rule: 'run_failed',
    key: 'run_failed|/p/tickwork.yaml|metrics|date=2026-11-20',
    severity: 'error',
    project: 'p',
    pipeline: 'metrics',
    runId: null,
    partitionKey: 'date=2026-11-20',
    title: 'metrics failed',
    body: 'p · metrics · 2026-11-20: exit code 1',
    channels: { desktop: false, webhook: { url, retries: 0, retryDelayMs: 1000 } },
  };
}

const MIN = 60_000;
const T0 = Date.parse('2026-11-20T12:00:00Z');

describe('acknowledging and snoozing alerts', () => {
  it('a snoozed alert, and a recurrence of it, stays quiet until the snooze ends, then reminds once if still open', async () => {
    const hook = await receiver();
    db = openStore(path.join(tempWorld().home, 'tickwork.db'));
    let now = T0;
    const dispatcher = new AlertDispatcher({ db, now: () => now });
    const first = openAlert(db, draft(hook.url), now).alert;
    await dispatcher.pump();
    expect(hook.posts).toEqual([{ change: 'opened', id: first.id }]);

    now = T0 + 1 * MIN;
    expect(snoozeAlert(db, first.id, T0 + 61 * MIN, now)).toMatchObject({ kind: 'done', alert: { snoozedUntil: T0 + 61 * MIN, acknowledgedAt: null } });
    now = T0 + 10 * MIN;
    expect(openAlert(db, draft(hook.url), now).opened).toBe(false); // seen again while open: counted, not sent
    await dispatcher.pump();
    expect(hook.posts).toHaveLength(1);

    now = T0 + 20 * MIN;
    resolveAlert(db, first.key, 'metrics succeeded in run 2', now); // its resolution still reaches the webhook that heard of it
    await dispatcher.pump();
    now = T0 + 30 * MIN;
    const second = openAlert(db, draft(hook.url), now).alert; // a recurrence during the snooze inherits it
    expect(second.snoozedUntil).toBe(T0 + 61 * MIN);
    await dispatcher.pump();
    now = T0 + 60 * MIN;
    await dispatcher.pump();
    expect(hook.posts).toEqual([{ change: 'opened', id: first.id }, { change: 'resolved', id: first.id }]);

    now = T0 + 61 * MIN;
    await dispatcher.pump();
    expect(hook.posts.slice(2)).toEqual([{ change: 'reminder', id: second.id }]); // one reminder: the first alert's is dropped (resolved)
    expect(deliveriesOf(db, first.id).map((d) => [d.change, d.state])).toEqual([['opened', 'sent'], ['reminder', 'dropped'], ['resolved', 'sent']]);
    now = T0 + 200 * MIN;
    await dispatcher.pump();
    expect(hook.posts).toHaveLength(3);
  });

  it('an acknowledged alert drops its reminder and pending notifications, and a resolved one takes no action', async () => {
    const hook = await receiver();
    db = openStore(path.join(tempWorld().home, 'tickwork.db'));
    let now = T0;
    const dispatcher = new AlertDispatcher({ db, now: () => now });
    const alert = openAlert(db, draft(hook.url), now).alert;
    await dispatcher.pump();
    snoozeAlert(db, alert.id, T0 + 30 * MIN, now);
    now = T0 + 5 * MIN;
    expect(acknowledgeAlert(db, alert.id, now)).toMatchObject({ kind: 'done', alert: { acknowledgedAt: now, snoozedUntil: null } });
    expect(acknowledgeAlert(db, alert.id, now + 1)).toMatchObject({ kind: 'unchanged', why: 'already_acknowledged' });
    now = T0 + 31 * MIN;
    await dispatcher.pump();
    expect(hook.posts.map((p) => p.change)).toEqual(['opened']);
    expect(deliveriesOf(db, alert.id).map((d) => d.state)).toEqual(['sent', 'dropped']);

    resolveAlert(db, alert.key, 'cleared', now);
    expect(acknowledgeAlert(db, alert.id, now)).toMatchObject({ kind: 'unchanged', why: 'resolved' });
    expect(snoozeAlert(db, alert.id, now + MIN, now)).toMatchObject({ kind: 'unchanged', why: 'resolved' });
    expect(acknowledgeAlert(db, 999, now)).toEqual({ kind: 'not_found' });
    expect(alertById(db, alert.id)!.acknowledgedAt).toBe(T0 + 5 * MIN);
  });

  it('a new alert of an acknowledged key notifies again', async () => {
    const hook = await receiver();
    db = openStore(path.join(tempWorld().home, 'tickwork.db'));
    const dispatcher = new AlertDispatcher({ db, now: () => T0 + 10 * MIN });
    const alert = openAlert(db, draft(hook.url), T0).alert;
    acknowledgeAlert(db, alert.id, T0 + MIN); // before its notification went out: dropped, so its resolution is not sent either
    resolveAlert(db, alert.key, 'cleared', T0 + 2 * MIN);
    const again = openAlert(db, draft(hook.url), T0 + 3 * MIN).alert;
    await dispatcher.pump();
    expect(hook.posts).toEqual([{ change: 'opened', id: again.id }]);
  });

  it('the pure transition: ack and snooze move attention, a resolved alert refuses both', () => {
    const open = { state: 'open' as const, acknowledgedAt: null, snoozedUntil: null };
    expect(alertActionOutcome(open, { kind: 'ack' }, 5)).toEqual({ ok: true, acknowledgedAt: 5, snoozedUntil: null });
    expect(alertActionOutcome({ ...open, snoozedUntil: 9 }, { kind: 'ack' }, 5)).toEqual({ ok: true, acknowledgedAt: 5, snoozedUntil: null });
    expect(alertActionOutcome({ ...open, acknowledgedAt: 1 }, { kind: 'snooze', until: 9 }, 5)).toEqual({ ok: true, acknowledgedAt: null, snoozedUntil: 9 });
    expect(alertActionOutcome({ ...open, acknowledgedAt: 1 }, { kind: 'ack' }, 5)).toEqual({ ok: false, why: 'already_acknowledged' });
    expect(alertActionOutcome({ ...open, state: 'resolved' }, { kind: 'ack' }, 5)).toEqual({ ok: false, why: 'resolved' });
  });
});
