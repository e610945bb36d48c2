/** Passes powerMonitor suspend/resume and wall-clock jumps to the daemon (power-bridge.ts) and holds a powerSaveBlocker while keep_awake runs are active. */
import type { ShellContext } from './shell-context.js';
import { PowerBridge } from './power-bridge.js';

/** How often the wall clock is compared with the monotonic one. */
const CLOCK_CHECK_MS = 10_000;

/** See the file comment. */
export function setupPower(ctx: ShellContext): void {
  const { powerMonitor, powerSaveBlocker } = ctx.electron;
  const bridge = new PowerBridge({
    call: (method, params) => ctx.daemon.call(method, params),
    wallNow: Date.now,
    monoNow: () => performance.now(),
    startBlocker: () => powerSaveBlocker.start('prevent-app-suspension'),
    stopBlocker: (id) => powerSaveBlocker.stop(id),
    log: ctx.log,
  });
  const onSuspend = (): void => bridge.suspend();
  const onResume = (): void => bridge.resume();
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  const clock = setInterval(() => bridge.checkClock(), CLOCK_CHECK_MS);
  clock.unref();
  const offConnection = ctx.daemon.onConnection((connected) => bridge.connection(connected));
  const offEvent = ctx.daemon.onEvent((event) => bridge.event(event));
  if (ctx.daemon.current() !== null) bridge.connection(true);
  ctx.lifecycle.onQuit(() => {
    clearInterval(clock);
    powerMonitor.off('suspend', onSuspend);
    powerMonitor.off('resume', onResume);
    offConnection();
    offEvent();
    bridge.dispose();
  });
}
