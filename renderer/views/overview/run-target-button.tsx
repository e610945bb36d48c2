/**
 * The Run button of a target: runs.trigger for today's partition (fanned out
 * over the static partition keys it does not fix) and, once the engine
 * answered, links to the runs it created; a refusal shows its message.
 */
import { Link } from 'wouter';
import { useTriggerTarget } from '../../api/index.js';

/** See the file comment. */
export function RunTargetButton({ project, target }: { readonly project: string; readonly target: string }) {
  const trigger = useTriggerTarget();
  const ids = trigger.data?.ids ?? [];
  return (
    <span className="run-target">
      <button
        type="button"
        className="button button-small"
        aria-label={`Run ${target}`}
        disabled={trigger.isPending}
        onClick={() => trigger.mutate({ project, target })}
      >
        <span className="play-icon" aria-hidden="true" />
        Run
      </button>
      <span className="run-target-result" role="status" aria-live="polite">
        {trigger.isError ? (
          <span className="inline-error" title={(trigger.error as Error).message}>
            {(trigger.error as Error).message}
          </span>
        ) : ids.length > 0 ? (
          <>
            <span className="sr-only">Started </span>
            {ids.map((id) => (
              <Link key={id} href={`/runs/${id}`} className="run-link" aria-label={`Run ${id}`}>
                #{id}
              </Link>
            ))}
          </>
        ) : null}
      </span>
    </span>
  );
}
