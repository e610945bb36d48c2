/**
 * The feed's bookkeeping on a scripted DaemonLink-shaped source (the live
 * daemon is in tray-e2e.test.ts): coalesced re-reads, connection changes,
 * stop(). The source answers from in-memory lists the test changes.
 */
import { describe, expect, it } from 'vitest';
import { startTrayFeed, type TraySource } from '../../electron/app/tray-feed.js';
import { trayModel } from '../../electron/app/tray-model.js';
import type { ApiMethod } from '../../shared/api-contract.js';
import type { EventRecord, RunRecord } from '../../shared/run-model.js';
import { runRecord } from './tray-fixtures.js';

function scriptedSource(runs: RunRecord[]) {
  const calls: ApiMethod[] = [];
  const events = new Set<(event: EventRecord) => void>();
  const connections = new Set<(connected: boolean) => void>();
  let connected = true;
  const source: TraySource = {
    current: () => (connected ? { port: 1, token: 't', origin: 'http://127.0.0.1:1' } : null),
    call: (async (method: ApiMethod, params: { state?: string }) => {
      calls.push(method);
      if (!connected) throw new Error('unreachable');
      if (method === 'runs.list') return runs.filter((r) => !params.state || r.state === params.state);
      if (method === 'projects.list') return [{ name: 'desk', file: '/p/tickwork.yaml', timezone: 'UTC', pipelines: ['metrics'], jobs: [] }];
      return [];
    }) as TraySource['call'],
    onEvent: (listener) => (events.add(listener), () => events.delete(listener)),
    onConnection: (listener) => (connections.add(listener), () => connections.delete(listener)),
  };
  const emit = (event: Partial<EventRecord>): void => events.forEach((l) => l({ seq: 1, at: Date.now(), kind: 'run', runId: null, taskRunId: null, attemptId: null, from: null, to: null, data: null, ...event }));
  const setConnected = (value: boolean): void => {
    connected = value;
    connections.forEach((l) => l(value));
  };
  return { source, calls, emit, setConnected, listeners: () => events.size + connections.size };
}

describe('the tray feed', () => {
  it('reads a snapshot on start, then one re-read for a burst of run events, ignoring task events', async () => {
    const runs = [runRecord(1, 'succeeded')];
    const s = scriptedSource(runs);
    const feed = startTrayFeed({ source: s.source, refreshDelayMs: 20 });
    await feed.settled();
    expect(s.calls.filter((m) => m === 'projects.list')).toHaveLength(1);
    expect(trayModel(feed.state(), Date.now()).icon).toBe('idle');

    runs.push(runRecord(2, 'running'));
    for (let i = 0; i < 50; i++) s.emit({ kind: 'task', runId: 2 });
    await feed.settled();
    expect(s.calls.filter((m) => m === 'projects.list')).toHaveLength(1); // task events change nothing the tray shows
    for (let i = 0; i < 50; i++) s.emit({ kind: 'run', runId: 2, from: 'queued', to: 'running' });
    await feed.settled();
    expect(s.calls.filter((m) => m === 'projects.list')).toHaveLength(2);
    expect(trayModel(feed.state(), Date.now()).title).toBe('1');
    feed.stop();
  });

  it('shows unreachable when the link drops, reads again on reconnect, and leaves no listener after stop()', async () => {
    const s = scriptedSource([runRecord(1, 'running')]);
    const feed = startTrayFeed({ source: s.source, refreshDelayMs: 20 });
    const icons: string[] = [];
    feed.onChange((state) => icons.push(trayModel(state, Date.now()).icon));
    await feed.settled();
    s.setConnected(false);
    expect(trayModel(feed.state(), Date.now()).icon).toBe('unreachable');
    s.setConnected(true);
    await feed.settled();
    expect(icons).toEqual(['running', 'unreachable', 'idle', 'running']); // idle: connected again, the snapshot on its way
    expect(trayModel(feed.state(), Date.now()).title).toBe('1');
    feed.stop();
    expect(s.listeners()).toBe(0);
  });
});
