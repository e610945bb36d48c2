/** The quit steps every setupX registers (`ctx.lifecycle.onQuit`); quit runs them last registered first. */
import type { ShellLifecycle } from './shell-context.js';

/** A quit step. */
export type QuitStep = () => Promise<void> | void;

/** The lifecycle plus the steps in the order quit runs them. */
export interface ShellLifecycleSteps extends ShellLifecycle {
  /** Last registered first: what was set up last is torn down first. */
  steps(): readonly QuitStep[];
}

/** An empty lifecycle. */
export function createLifecycle(): ShellLifecycleSteps {
  const registered: QuitStep[] = [];
  return {
    onQuit: (step) => void registered.push(step),
    steps: () => [...registered].reverse(),
  };
}
