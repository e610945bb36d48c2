import { describe, expect, it } from 'vitest';
import { quitPolicy } from '../../electron/app/quit-policy.js';
import type { DaemonOwner } from '../../electron/app/daemon-link.js';

describe('the quit policy', () => {
  it.each<[DaemonOwner, boolean, string]>([
    ['external', true, 'leave'],
    ['external', false, 'leave'],
    ['none', true, 'leave'],
    ['none', false, 'leave'],
    ['app', false, 'stop'],
    ['app', true, 'hand-over'],
  ])('with the daemon started by %s and keep running %s: %s', (owner, keepRunningOnQuit, kind) => {
    expect(quitPolicy({ owner, keepRunningOnQuit }).kind).toBe(kind);
  });

  it('says why it leaves a daemon started outside the app', () => {
    expect(quitPolicy({ owner: 'external', keepRunningOnQuit: false }).reason).toMatch(/started outside this app/);
  });
});
