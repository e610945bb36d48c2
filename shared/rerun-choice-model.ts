/** What the Run detail view asks before offering its re-run buttons: which modes the engine allows for a run now, and why not. */
import type { RerunMode } from './preview-model.js';

/** One re-run mode of one run: allowed (with how many tasks would run and be reused), or the engine's reason it is not. */
export interface RerunChoice {
  readonly allowed: boolean;
  /** Why not: the message runs.rerun would refuse with (409 still active, nothing failed; 400 cannot be planned again). */
  readonly why: string | null;
  readonly toRun: number | null;
  readonly toReuse: number | null;
}

/** Every mode's choice; `selected` says whether the run may be re-run in part at all (the tasks are picked afterwards). */
export type RerunChoices = Readonly<Record<RerunMode, RerunChoice>>;
