import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api-contract.js';
import { CLOCK_JUMP_MS, PowerBridge } from '../../electron/app/power-bridge.js';

/** A scripted daemon: records power.event calls, answers power.keepAwake from `awake`, rejects while down. */
function world() {
  const sent: Array<{ kind: string; at: number }> = [];
  const blockers: string[] = [];
  let up = true;
  let awake: number[] = [];
  let wall = 1_000_000;
  let mono = 0;
  let nextId = 1;
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const bridge = new PowerBridge({
    call: ((method: string, params: { kind: string; at: number }) => {
      if (!up) return Promise.reject(new Error('daemon unreachable'));
      if (method === 'power.event') {
        sent.push(params);
        return Promise.resolve({ recorded: null });
      }
      return Promise.resolve({ runs: [...awake] });
    }) as never,
    wallNow: () => wall,
    monoNow: () => mono,
    startBlocker: () => {
      blockers.push(`start ${nextId}`);
      return nextId++;
    },
    stopBlocker: (id) => void blockers.push(`stop ${id}`),
    log: () => {},
  });
  return {
    bridge, sent, blockers, settle,
    setUp: (v: boolean) => void (up = v),
    setAwake: (runs: number[]) => void (awake = runs),
    advance: (wallMs: number, monoMs: number) => void ((wall += wallMs), (mono += monoMs)),
  };
}
const runEvent = (to: string): ApiEvent => ({ seq: 1, at: 0, kind: 'run', runId: 5, taskRunId: null, attemptId: null, from: 'running', to, data: null });

describe('the power bridge', () => {
  it('a suspend then a resume makes one immediate schedule look (the resume call); a repeated resume is dropped', async () => {
    const w = world();
    w.bridge.connection(true);
    w.bridge.suspend();
    w.advance(3_600_000, 5); // an hour asleep: the monotonic clock barely moved
    w.bridge.resume();
    w.bridge.resume();
    w.bridge.checkClock(); // the sleep's jump is not a clock change
    await w.settle();
    expect(w.sent).toEqual([{ kind: 'suspend', at: 1_000_000 }, { kind: 'resume', at: 4_600_000 }]);
    expect(w.sent.filter((e) => e.kind === 'resume')).toHaveLength(1);
  });

  it('reports a wall-clock jump against the monotonic clock as a clock change, and ordinary time passing as nothing', async () => {
    const w = world();
    w.bridge.connection(true);
    w.advance(10_000, 10_000);
    w.bridge.checkClock();
    w.advance(CLOCK_JUMP_MS + 10_000 + 1, 10_000); // set forward by just over a minute
    w.bridge.checkClock();
    w.advance(-2 * CLOCK_JUMP_MS, 10_000); // set back by two minutes
    w.bridge.checkClock();
    await w.settle();
    expect(w.sent.map((e) => e.kind)).toEqual(['clock_change', 'clock_change']);
  });

  it('queues events while the daemon is unreachable and sends them in order on reconnect', async () => {
    const w = world();
    w.setUp(false);
    w.bridge.connection(false);
    w.bridge.suspend();
    w.advance(60_000, 0);
    w.bridge.resume();
    await w.settle();
    expect(w.sent).toEqual([]);
    w.setUp(true);
    w.bridge.connection(true);
    await w.settle();
    await w.settle();
    expect(w.sent.map((e) => e.kind)).toEqual(['suspend', 'resume']);
  });

  it('holds one blocker while a keep_awake run is active and releases it when the last one ends', async () => {
    const w = world();
    w.setAwake([5]);
    w.bridge.connection(true);
    await w.settle();
    expect(w.bridge.holding()).toBe(true);
    w.setAwake([5, 6]);
    w.bridge.event(runEvent('running'));
    await w.settle();
    expect(w.blockers).toEqual(['start 1']); // one blocker, however many runs
    w.setAwake([]);
    w.bridge.event(runEvent('succeeded'));
    await w.settle();
    expect([w.bridge.holding(), w.blockers]).toEqual([false, ['start 1', 'stop 1']]);
  });

  it('releases the blocker at once when the app loses the daemon, and takes it again on reconnect', async () => {
    const w = world();
    w.setAwake([5]);
    w.bridge.connection(true);
    await w.settle();
    w.setUp(false);
    w.bridge.connection(false);
    expect([w.bridge.holding(), w.blockers]).toEqual([false, ['start 1', 'stop 1']]);
    w.setUp(true);
    w.bridge.connection(true);
    await w.settle();
    expect(w.blockers).toEqual(['start 1', 'stop 1', 'start 2']);
    w.bridge.dispose();
    expect(w.blockers.at(-1)).toBe('stop 2');
  });
});
