/** Sets up the native actions of shared/shell-contract.ts, each handler checking its sender. */
import type { ShellContext } from './shell-context.js';

/** See the file comment. (Skeleton: its owner fills it in.) */
export function setupIpc(_ctx: ShellContext): void {}
