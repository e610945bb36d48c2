import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopNotification } from '../../../shared/api-contract.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { tempWorld } from '../../helpers/temp-home.js';
import { startDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { apiCall, apiOk } from '../../helpers/api-client.js';
import { followSse, type SseFollower } from '../../helpers/sse.js';
import { waitFor, waitForAsync } from '../../helpers/wait-for.js';
import { desktopSessionMissing, startDesktopSession, type DesktopSession } from '../../helpers/desktop-session.js';

// CI installs Xvfb, dunst, libnotify-bin and dbus-x11 (.ci/run): there a missing binary is a failure, not a skip.
const missing = process.platform === 'linux' ? desktopSessionMissing() : 'the desktop session harness needs Linux (Xvfb, dunst)';
const skip = missing !== null && !process.env.CI;

const PROJECT = `name: desk
pipelines:
  metrics: {command: "echo 'ValueError: bad curve' >&2; exit 3"}
`;

describe.skipIf(skip)(`the desktop channel: the app's stream or node-notifier, never both${skip ? ` (skipped: ${missing})` : ''}`, () => {
  let session: DesktopSession;
  let daemon: TestDaemon;
  let db: Db;
  const children: ChildProcess[] = [];
  const streams: SseFollower[] = [];

  beforeAll(async () => {
    if (missing) throw new Error(`CI must provide the desktop session: ${missing}`);
    session = await startDesktopSession();
    const w = tempWorld();
    w.writeProject(PROJECT);
    daemon = await startDaemon(w.home, w.project, session.env);
    children.push(daemon.child);
    db = openStore(path.join(w.home, 'tickwork.db'));
  }, 30_000);
  afterAll(async () => {
    for (const s of streams) s.close();
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    db?.close();
    await session?.stop();
  });

  /** Fails a run of `date` and waits until its desktop delivery is settled (sent, or failed for good). */
  const failAndSettle = async (date: string): Promise<{ runId: number; state: string; lastError: string | null }> => {
    const { id } = await apiOk(daemon, 'runs.trigger', { targets: ['metrics'], date });
    const row = await waitFor(() => {
      const found = db
        .prepare(
          `SELECT d.state, d.last_error FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
           WHERE a.run_id = ? AND d.channel = 'desktop' AND d.state IN ('sent', 'failed')`,
        )
        .get(id) as { state: string; last_error: string | null } | undefined;
      return found;
    }, `the desktop delivery of run ${id} to settle`);
    return { runId: id, state: row.state, lastError: row.last_error };
  };
  const notifications = (s: SseFollower): DesktopNotification[] => s.messages.filter((m) => m.event === 'notification').map((m) => m.data as DesktopNotification);

  it('with no app claiming the channel, node-notifier shows the failure once and no stream is pushed a notification', async () => {
    const viewer = followSse(daemon.port, '/api/events?after=now', daemon.auth); // a dashboard's stream: it never claims
    streams.push(viewer);
    await waitFor(() => viewer.connected(), 'the viewer stream');
    const settled = await failAndSettle('2026-11-20');
    expect(settled).toMatchObject({ state: 'sent', lastError: null });
    const history = await waitForAsync(async () => {
      const notes = await session.history();
      return notes.length > 0 && notes;
    }, 'the notification to reach dunst');
    expect(history.map((n) => n.summary)).toEqual(['Tickwork: metrics failed']);
    expect(history[0]!.body).toBe(`desk · metrics · 2026-11-20: exit code 3 (run ${settled.runId})`);
    // The viewer saw the alert in the journal, but no desktop hand-over.
    await waitFor(() => viewer.messages.some((m) => m.event === 'alert'), 'the alert event on the viewer stream');
    expect(notifications(viewer)).toEqual([]);
  }, 60_000);

  it('while the app claims the channel, the failure is pushed once on its stream, with the failing task and attempt, and dunst records nothing more', async () => {
    const before = (await session.history()).length;
    const app = followSse(daemon.port, '/api/events?after=now&desktop=claim', daemon.auth);
    const viewer = followSse(daemon.port, '/api/events?after=now', daemon.auth);
    streams.push(app, viewer);
    await waitFor(() => app.connected() && viewer.connected() && app.messages.some((m) => m.event === 'head'), 'both streams');
    const settled = await failAndSettle('2026-11-21');
    expect(settled.state).toBe('sent');
    const pushed = await waitFor(() => notifications(app).length > 0 && notifications(app), 'the pushed notification');
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({
      change: 'opened',
      task: 'metrics',
      attempt: 1,
      alert: { rule: 'run_failed', runId: settled.runId, pipeline: 'metrics', partitionKey: 'date=2026-11-21', title: 'metrics failed' },
    });
    expect(typeof pushed[0]!.deliveryId).toBe('number');
    // The delivery was sent (the row says so) through the stream, not node-notifier: dunst has nothing new, the viewer got no copy.
    expect((await session.history()).length).toBe(before);
    expect(notifications(viewer)).toEqual([]);
    expect(daemon.log()).not.toMatch(/desktop delivery failed/);
  }, 60_000);

  it('refuses a claim without the bearer token, and a claim value it does not know', async () => {
    const bad = followSse(daemon.port, '/api/events?after=now&desktop=yes', daemon.auth);
    streams.push(bad);
    await waitFor(() => bad.ended(), 'the refused stream to end');
    expect(bad.messages).toEqual([]);
    // A POST is no stream; check the status codes through a plain GET.
    const status = async (headers: Record<string, string>, query: string): Promise<number> => {
      const res = await fetch(`http://127.0.0.1:${daemon.port}/api/events?after=now&${query}`, { headers });
      const code = res.status;
      await res.body?.cancel();
      return code;
    };
    expect(await status(daemon.auth, 'desktop=yes')).toBe(400);
    expect(await status({}, 'desktop=claim')).toBe(401);
    // The keep-alive API keeps working beside the refused streams.
    expect((await apiCall(daemon, 'alerts.list', {})).status).toBe(200);
  }, 30_000);
});
