import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { desktopSessionMissing, startDesktopSession, type DesktopSession } from '../../helpers/desktop-session.js';
import { desktopNotifierAvailable, sendDesktopNotification } from '../../../electron/engine/alerts/desktop-notifier.js';

// CI installs Xvfb, dunst, libnotify-bin and dbus-x11 (.ci/run): there a missing binary is a failure, not a skip.
const missing = process.platform === 'linux' ? desktopSessionMissing() : 'the desktop session harness needs Linux (Xvfb, dunst)';
const skip = missing !== null && !process.env.CI;

describe.skipIf(skip)(`desktop notifications${skip ? ` (skipped: ${missing})` : ''}`, () => {
  let session: DesktopSession | undefined;

  beforeAll(async () => {
    if (missing) throw new Error(`CI must provide the desktop session: ${missing}`);
    session = await startDesktopSession();
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('delivers a notification to the notification daemon of the given session, title and body intact', async () => {
    const ownBus = process.env.DBUS_SESSION_BUS_ADDRESS;
    const title = `Run ${process.pid} failed: "metrics" $HOME \`id\``;
    const body = 'attempt 3 of 3 exited 1; see tickwork logs --task metrics';

    await sendDesktopNotification({ title, body, urgency: 'critical' }, { env: session!.env });

    expect(await session!.history()).toContainEqual({ summary: title, body });
    expect(process.env.DBUS_SESSION_BUS_ADDRESS).toBe(ownBus);
  });

  it('rejects with notify-send\'s reason when the environment has no D-Bus session', async () => {
    const env = { PATH: process.env.PATH };
    expect(desktopNotifierAvailable(env)).toBe(true);
    await expect(sendDesktopNotification({ title: 'nobody listens', body: 'no bus' }, { env })).rejects.toThrow(
      /^desktop notification "nobody listens" was not delivered: notify-send exited with code 1: \S/,
    );
  });

  it('rejects naming notify-send when it is not on PATH, even with a live session', async () => {
    const env = { ...session!.env, PATH: tempWorld().root };
    expect(desktopNotifierAvailable(env)).toBe(false);
    await expect(sendDesktopNotification({ title: 'no binary', body: 'x' }, { env })).rejects.toThrow(
      'desktop notification "no binary" was not delivered: notify-send is not on PATH (install libnotify-bin)',
    );
    expect((await session!.history()).map((note) => note.summary)).not.toContain('no binary');
  });
});
