/** A run's or task's state as a coloured dot and its word (the word is the accessible text, never colour alone). */
import type { RunState, TaskState } from '../../shared/state-machines.js';

/** See the file comment. */
export function StateBadge({ state }: { readonly state: RunState | TaskState }) {
  return (
    <span className={`state state-${state}`}>
      <span className="state-dot" aria-hidden="true" />
      {state.replace('_', ' ')}
    </span>
  );
}
