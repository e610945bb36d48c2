/** Keeps the login item in step with prefs.launchAtLogin: now, and whenever it changes. */
import os from 'node:os';
import type { ShellContext } from './shell-context.js';
import { applyAutostart, loginItemPlan } from './login-item.js';

/** What the login item starts: the packaged binary (on Linux the AppImage file when run from one), or Electron on the checkout. */
export interface LoginProgram {
  readonly program: string;
  readonly programArgs: readonly string[];
}

/** See the file comment. */
export function setupLoginItem(ctx: ShellContext, program: LoginProgram): void {
  const apply = (launchAtLogin: boolean): void => {
    const plan = loginItemPlan({ platform: ctx.platform, launchAtLogin, ...program, env: ctx.env, userHome: os.homedir() });
    try {
      if (plan.kind === 'settings') ctx.electron.app.setLoginItemSettings({ ...plan.settings, args: [...plan.settings.args] });
      else if (applyAutostart(plan)) ctx.log(`${launchAtLogin ? 'wrote' : 'removed'} ${plan.file}`);
    } catch (error) {
      ctx.log(`cannot ${launchAtLogin ? 'set' : 'remove'} the login item: ${(error as Error).message}`);
    }
  };
  let applied = ctx.prefs.get().launchAtLogin;
  apply(applied);
  ctx.prefs.onChange((prefs) => {
    if (prefs.launchAtLogin === applied) return;
    applied = prefs.launchAtLogin;
    apply(applied);
  });
}
