/**
 * The gate every IPC handler of the shell passes first (pure; no Electron
 * import): the call must come from the dashboard window's own webContents,
 * from its top frame, showing a page of the connected daemon's origin; and
 * its params must pass the contract's validator. Anything else is refused
 * (the promise the renderer holds rejects) before the action runs.
 */
import { checkShellParams, type ShellMethod, type ShellParams, type ShellResult } from '../../shared/shell-contract.js';

/** The parts of an `IpcMainInvokeEvent` the gate reads. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  /** Null or undefined once the frame navigated away or was destroyed. */
  readonly senderFrame?: { readonly url: string; readonly parent: unknown } | null;
}

/** Who may call: the daemon's origin and the dashboard's webContents, each null while there is none. */
export interface AllowedSender {
  readonly origin: string | null;
  readonly contentsId: number | null;
}

/** Why `event` may not call, or null when it may. */
export function senderProblem(event: InvokeEventLike, allowed: AllowedSender): string | null {
  if (allowed.origin === null || allowed.contentsId === null) return 'no dashboard window is connected to a daemon';
  if (event.sender.id !== allowed.contentsId) return `webContents ${event.sender.id} is not the dashboard window`;
  const frame = event.senderFrame;
  if (!frame) return 'the calling frame is gone';
  if (frame.parent !== null && frame.parent !== undefined) return 'only the top frame may call';
  let origin: string;
  try {
    origin = new URL(frame.url).origin;
  } catch {
    return `the calling frame's URL ${JSON.stringify(frame.url)} is not a URL`;
  }
  return origin === allowed.origin ? null : `origin ${origin} is not the daemon's ${allowed.origin}`;
}

/** What `guardedHandler` needs. */
export interface GuardOptions<M extends ShellMethod> {
  readonly method: M;
  /** Read at each call: the daemon may have moved to another port, the window been reopened. */
  readonly allowed: () => AllowedSender;
  readonly run: (params: ShellParams<M>) => Promise<ShellResult<M>> | ShellResult<M>;
  /** One line per refused call (never the params: they may hold paths the log need not keep). */
  readonly log?: (line: string) => void;
}

/** The `ipcMain.handle` listener of `method`: checks the sender, then the params, then runs the action. */
export function guardedHandler<M extends ShellMethod>(options: GuardOptions<M>): (event: InvokeEventLike, raw: unknown) => Promise<ShellResult<M>> {
  return async (event, raw) => {
    const problem = senderProblem(event, options.allowed());
    if (problem !== null) {
      options.log?.(`ipc ${options.method}: refused: ${problem}`);
      throw new Error(`tickwork-shell ${options.method}: refused: ${problem}`);
    }
    const checked = checkShellParams(options.method, raw);
    if (!checked.ok) {
      options.log?.(`ipc ${options.method}: bad params: ${checked.error}`);
      throw new Error(`tickwork-shell ${options.method}: bad params: ${checked.error}`);
    }
    return options.run(checked.value);
  };
}
