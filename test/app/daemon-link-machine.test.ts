import { describe, expect, it } from 'vitest';
import { backoffMs, INITIAL_LINK_STATE, linkTransition, QUICK_WAITS, WAIT_LOOK_MS, type LinkInput, type LinkState, type LinkEffect } from '../../electron/app/daemon-link-machine.js';
import type { ConnectionDecision } from '../../electron/app/daemon-connection.js';

const endpoint = { port: 4100, token: 't', origin: 'http://127.0.0.1:4100' };
const attach = (pid: number): ConnectionDecision => ({ kind: 'attach', endpoint, pid });
const start: ConnectionDecision = { kind: 'start', reason: 'no daemon runs for this home' };
const wait = (pid: number): ConnectionDecision => ({ kind: 'wait', pid, reason: `daemon pid ${pid} does not serve its API yet` });

/** Runs the inputs from the initial state; returns the last state and every effect but logs. */
function run(inputs: readonly LinkInput[], from: LinkState = INITIAL_LINK_STATE): { state: LinkState; effects: LinkEffect[] } {
  let state = from;
  const effects: LinkEffect[] = [];
  for (const input of inputs) {
    const step = linkTransition(state, input);
    state = step.state;
    effects.push(...step.effects.filter((e) => e.type !== 'log'));
  }
  return { state, effects };
}

describe('the daemon link state machine', () => {
  it('attaches to a daemon someone else started: subscribes, and says connected once the stream opens', () => {
    const { state, effects } = run([{ type: 'looked', decision: attach(77) }]);
    expect(state).toMatchObject({ kind: 'connected', pid: 77, ours: false, open: false });
    expect(effects).toEqual([{ type: 'subscribe', endpoint }]);
    const opened = run([{ type: 'streamOpened' }, { type: 'streamOpened' }], state);
    expect(opened.state).toMatchObject({ open: true });
    expect(opened.effects).toEqual([{ type: 'connection', connected: true }]);
  });

  it('forks once when none runs, keeps looking while its child starts, and knows the daemon is ours', () => {
    const { state, effects } = run([
      { type: 'looked', decision: start },
      { type: 'looked', decision: start }, // a stray look while forking: ignored, no second fork
      { type: 'forked', pid: 500 },
      { type: 'looked', decision: start }, // the child has not taken the lock yet
      { type: 'looked', decision: wait(500) },
      { type: 'looked', decision: attach(500) },
    ]);
    expect(effects.filter((e) => e.type === 'fork')).toHaveLength(1);
    expect(effects.filter((e) => e.type === 'look')).toEqual([1, 2, 3].map(() => ({ type: 'look', delayMs: WAIT_LOOK_MS })));
    expect(state).toMatchObject({ kind: 'connected', pid: 500, ours: true, childPid: 500 });
  });

  it('backs off 250 ms doubling to 15 s while the daemon it starts keeps exiting, and resets on connecting', () => {
    let state: LinkState = INITIAL_LINK_STATE;
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const step = run([{ type: 'looked', decision: start }, { type: 'forked', pid: 600 + i }, { type: 'childExited', code: 2 }], state);
      state = step.state;
      delays.push((step.effects.at(-1) as { delayMs: number }).delayMs);
    }
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(backoffMs(1)).toBe(250);
    const after = run([{ type: 'looked', decision: start }, { type: 'forked', pid: 700 }, { type: 'looked', decision: attach(700) }, { type: 'streamOpened' }, { type: 'streamBroke', reason: 'closed' }], state);
    expect(after.effects.at(-1)).toEqual({ type: 'look', delayMs: 250 });
  });

  it('backs off too when the daemon keeps refusing the stream before it opens', () => {
    let state: LinkState = INITIAL_LINK_STATE;
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const step = run([{ type: 'looked', decision: attach(77) }, { type: 'streamBroke', reason: 'the event stream answered HTTP 409' }], state);
      state = step.state;
      delays.push((step.effects.at(-1) as { delayMs: number }).delayMs);
    }
    expect(delays).toEqual([250, 500, 1000, 2000]);
  });

  it('on a broken stream says disconnected and looks again; a fork that cannot start backs off too', () => {
    const broke = run([{ type: 'looked', decision: attach(77) }, { type: 'streamOpened' }, { type: 'streamBroke', reason: 'the daemon closed the event stream' }]);
    expect(broke.state).toMatchObject({ kind: 'looking', childPid: null });
    expect(broke.effects).toEqual([{ type: 'subscribe', endpoint }, { type: 'connection', connected: true }, { type: 'connection', connected: false }, { type: 'look', delayMs: 250 }]);
    // A stream that never opened was never "connected": nothing to take back.
    expect(run([{ type: 'looked', decision: attach(77) }, { type: 'streamBroke', reason: 'refused' }]).effects).toEqual([{ type: 'subscribe', endpoint }, { type: 'look', delayMs: 250 }]);
    const noProject = run([{ type: 'looked', decision: start }, { type: 'forkFailed', reason: 'no tickwork.yaml chosen' }]);
    expect(noProject.effects.at(-1)).toEqual({ type: 'look', delayMs: 250 });
    expect(linkTransition(run([{ type: 'looked', decision: start }]).state, { type: 'forkFailed', reason: 'no tickwork.yaml chosen' }).effects[0]).toEqual({ type: 'log', line: 'cannot start the daemon: no tickwork.yaml chosen' });
  });

  it('drops the link at once when the child it is linked to exits, but not when an unrelated child of ours does', () => {
    const linked = run([{ type: 'looked', decision: start }, { type: 'forked', pid: 500 }, { type: 'looked', decision: attach(500) }, { type: 'streamOpened' }, { type: 'childExited', code: 137 }]);
    expect(linked.state).toMatchObject({ kind: 'looking', childPid: null });
    expect(linked.effects.slice(-3)).toEqual([{ type: 'unsubscribe' }, { type: 'connection', connected: false }, { type: 'look', delayMs: 250 }]);
    // Ours lost the race for the lock to an external daemon, which we attached to.
    const raced = run([{ type: 'looked', decision: start }, { type: 'forked', pid: 500 }, { type: 'looked', decision: attach(90) }, { type: 'streamOpened' }, { type: 'childExited', code: 2 }]);
    expect(raced.state).toMatchObject({ kind: 'connected', pid: 90, ours: false, childPid: null });
    expect(raced.effects.slice(-1)).toEqual([{ type: 'connection', connected: true }]);
  });

  it('waits quickly at first, then once a second, saying so once', () => {
    let state: LinkState = INITIAL_LINK_STATE;
    const delays: number[] = [];
    const logs: string[] = [];
    for (let i = 0; i < QUICK_WAITS + 2; i++) {
      const step = linkTransition(state, { type: 'looked', decision: wait(80) });
      state = step.state;
      for (const e of step.effects) e.type === 'look' ? delays.push(e.delayMs) : e.type === 'log' && logs.push(e.line);
    }
    expect(delays.slice(0, QUICK_WAITS)).toEqual(Array(QUICK_WAITS).fill(WAIT_LOOK_MS));
    expect(delays.slice(QUICK_WAITS)).toEqual([1000, 1000]);
    expect(logs).toEqual(['still waiting: daemon pid 80 does not serve its API yet']);
  });

  it('after stop ignores everything, closing the stream if it was open', () => {
    const connected = run([{ type: 'looked', decision: attach(77) }, { type: 'streamOpened' }]).state;
    const stop = linkTransition(connected, { type: 'stop' });
    expect(stop.effects).toEqual([{ type: 'unsubscribe' }, { type: 'connection', connected: false }]);
    expect(run([{ type: 'looked', decision: start }, { type: 'streamBroke', reason: 'x' }], stop.state)).toEqual({ state: { kind: 'stopped' }, effects: [] });
  });
});
