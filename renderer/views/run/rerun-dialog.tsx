/**
 * The dialog of a re-run: what WILL run and what is reused (runs.rerun with
 * preview: true, asked again as it opens), then the re-run itself on
 * confirm, which opens the new run. The engine decides everything shown
 * here; its refusal (409, 400) is shown in its own words.
 */
import { useEffect } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { RerunMode, TaskPreview } from '../../../shared/preview-model.js';
import { useRerun, useRerunPreview } from '../../api/index.js';

/** The button's words for each mode. */
export const RERUN_LABELS: Readonly<Record<RerunMode, string>> = {
  all: 'Re-run all',
  from_failure: 'Re-run from failure',
  selected: 'Re-run selected',
};

/** What the dialog needs: the run, the mode, the picked tasks (mode selected), and where to go after. */
export interface RerunDialogProps {
  readonly runId: number;
  readonly runState: string;
  readonly mode: RerunMode;
  readonly tasks: readonly string[];
  readonly isOpen: boolean;
  readonly onOpenChange: (open: boolean) => void;
  readonly onCreated: (newRunId: number) => void;
}

/** See the file comment. */
export function RerunDialog({ runId, runState, mode, tasks, isOpen, onOpenChange, onCreated }: RerunDialogProps) {
  const preview = useRerunPreview(runId, mode, tasks, runState, isOpen);
  const rerun = useRerun();
  const { refetch } = preview;
  const { reset } = rerun;
  useEffect(() => {
    if (!isOpen) return;
    reset();
    void refetch(); // the config may have changed since the button was enabled
  }, [isOpen, refetch, reset]);
  const plan = preview.data?.plan;
  const willRun = plan?.tasks.filter((t) => t.action === 'run') ?? [];
  const reused = plan?.tasks.filter((t) => t.action === 'reuse') ?? [];
  const title = `${RERUN_LABELS[mode]}${mode === 'selected' ? ' tasks' : ''}: run ${runId}`;
  const confirm = () =>
    rerun.mutate(
      { id: runId, mode, ...(mode === 'selected' ? { tasks } : {}) },
      {
        onSuccess: (answer) => {
          if (answer.id === null) return;
          onOpenChange(false);
          onCreated(answer.id);
        },
      },
    );
  return (
    <ModalOverlay className="modal-overlay" isDismissable isOpen={isOpen} onOpenChange={onOpenChange}>
      <Modal className="modal">
        <Dialog className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title" className="dialog-title">
                {title}
              </Heading>
              {preview.isError && (
                <p className="dialog-error" role="alert">
                  {(preview.error as Error).message}
                </p>
              )}
              {!preview.data && !preview.isError && <p className="empty">Planning the re-run…</p>}
              {plan && (
                <>
                  <p className="dialog-summary">
                    {willRun.length} task{willRun.length === 1 ? '' : 's'} will run, {reused.length} {reused.length === 1 ? 'is' : 'are'} reused from run {runId}. The new run is a{' '}
                    <span className="mono">{preview.data?.reason}</span>.
                  </p>
                  <div className="dialog-plan">
                    <PlanTable label="Will run" tasks={willRun} empty="Nothing runs." />
                    <PlanTable label="Reused" tasks={reused} empty="Nothing is reused: every task runs." />
                  </div>
                </>
              )}
              {rerun.isError && (
                <p className="dialog-error" role="alert">
                  {(rerun.error as Error).message}
                </p>
              )}
              <div className="dialog-actions">
                <Button className="button" onPress={close}>
                  Close
                </Button>
                <Button className="button button-primary" onPress={confirm} isDisabled={!plan || willRun.length === 0 || rerun.isPending || preview.isFetching}>
                  {rerun.isPending ? 'Starting…' : `Re-run ${willRun.length} task${willRun.length === 1 ? '' : 's'}`}
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

function PlanTable({ label, tasks, empty }: { readonly label: string; readonly tasks: readonly TaskPreview[]; readonly empty: string }) {
  return (
    <section className="plan-part" aria-label={label}>
      <h3 className="plan-title">
        {label} <span className="view-count">{tasks.length}</span>
      </h3>
      {tasks.length === 0 ? (
        <p className="plan-empty">{empty}</p>
      ) : (
        <table className="data-table plan-table" aria-label={label}>
          <thead>
            <tr>
              <th scope="col" className="num">#</th>
              <th scope="col">Task</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.pipeline}>
                <td className="num mono">{task.order}</td>
                <th scope="row" className="task-name">
                  {task.pipeline}
                </th>
                <td className="note">{task.why ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
