/**
 * A run's actions: Cancel, Re-run all, Re-run from failure, Re-run selected
 * (+ downstream). Each opens a dialog before anything happens. Whether a
 * re-run is allowed is the engine's answer (runs.rerunChoices, asked again
 * as the run's state changes): a mode it refuses (still running, nothing
 * failed) has its button disabled, described by the engine's message.
 */
import { useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { RunRecord } from '../../../shared/run-model.js';
import type { RerunMode } from '../../../shared/preview-model.js';
import { useCancelRun, useRerunChoices } from '../../api/index.js';
import { RERUN_LABELS, RerunDialog } from './rerun-dialog.js';

/** See the file comment. */
export function RunActions({ run, selected, onCreated, asking = true }: { readonly run: RunRecord; readonly selected: readonly string[]; readonly onCreated: (id: number) => void; readonly asking?: boolean }) {
  const [open, setOpen] = useState<RerunMode | 'cancel' | null>(null);
  // `asking` false holds the question back (the page asks the daemon for its chart first).
  const choices = useRerunChoices(run.id, run.state, asking);
  const finished = run.finishedAt !== null;
  const failed = choices.isError ? `Could not ask which re-runs are allowed: ${(choices.error as Error).message}` : null;
  const refusal = (mode: RerunMode): string | null => failed ?? choices.data?.[mode].why ?? null;
  const why: Record<RerunMode | 'cancel', string | null> = {
    cancel: finished ? `Run ${run.id} has ended (${run.state}): there is nothing to cancel.` : null,
    all: refusal('all'),
    from_failure: refusal('from_failure'),
    selected: refusal('selected') ?? (selected.length === 0 ? 'Pick tasks with the checkboxes in the task table to re-run them and their downstream.' : null),
  };
  const ready: Record<RerunMode, boolean> = { all: !!choices.data, from_failure: !!choices.data, selected: !!choices.data && selected.length > 0 };
  const notes = (Object.entries(why) as Array<[RerunMode | 'cancel', string | null]>).filter(([, text]) => text !== null);
  // One note per distinct message, each naming the buttons it explains.
  const distinct = [...new Set(notes.map(([, text]) => text!))];
  const noteId = (text: string | null) => (text === null ? undefined : `action-why-${distinct.indexOf(text)}`);
  const rerunButton = (mode: RerunMode, label: string) => (
    <Button className="button" isDisabled={!ready[mode] || why[mode] !== null} aria-describedby={noteId(why[mode])} onPress={() => setOpen(mode)}>
      {label}
    </Button>
  );
  return (
    <div className="run-actions">
      <div className="action-bar" role="group" aria-label="Run actions">
        <Button className="button button-danger" isDisabled={finished} aria-describedby={noteId(why.cancel)} onPress={() => setOpen('cancel')}>
          Cancel run
        </Button>
        {rerunButton('all', RERUN_LABELS.all)}
        {rerunButton('from_failure', RERUN_LABELS.from_failure)}
        {rerunButton('selected', `${RERUN_LABELS.selected} (${selected.length}) + downstream`)}
      </div>
      {distinct.length > 0 && (
        <ul className="action-notes">
          {distinct.map((text, i) => (
            <li key={text} id={`action-why-${i}`}>
              {text}
            </li>
          ))}
        </ul>
      )}
      {(['all', 'from_failure', 'selected'] as const).map((mode) => (
        <RerunDialog
          key={mode}
          runId={run.id}
          runState={run.state}
          mode={mode}
          tasks={mode === 'selected' ? selected : []}
          isOpen={open === mode}
          onOpenChange={(isOpen) => setOpen(isOpen ? mode : null)}
          onCreated={onCreated}
        />
      ))}
      <CancelDialog run={run} isOpen={open === 'cancel'} onOpenChange={(isOpen) => setOpen(isOpen ? 'cancel' : null)} />
    </div>
  );
}

function CancelDialog({ run, isOpen, onOpenChange }: { readonly run: RunRecord; readonly isOpen: boolean; readonly onOpenChange: (open: boolean) => void }) {
  const cancel = useCancelRun();
  const done = cancel.data;
  return (
    <ModalOverlay className="modal-overlay" isDismissable isOpen={isOpen} onOpenChange={(next) => {
      if (!next) cancel.reset();
      onOpenChange(next);
    }}>
      <Modal className="modal modal-narrow">
        <Dialog className="dialog" role="alertdialog">
          {({ close }) => (
            <>
              <Heading slot="title" className="dialog-title">
                Cancel run {run.id}?
              </Heading>
              {!done && <p>Tasks not yet finished are cancelled; running attempts get SIGTERM, then SIGKILL after their grace period. Downstream tasks do not start.</p>}
              {done && (
                <p role="status">
                  {done.alreadyFinished
                    ? `Run ${run.id} had already ended (${done.state}).`
                    : `Run ${run.id} cancelled: stopped ${done.stoppedProcesses} process group${done.stoppedProcesses === 1 ? '' : 's'}.`}
                </p>
              )}
              {cancel.isError && (
                <p className="dialog-error" role="alert">
                  {(cancel.error as Error).message}
                </p>
              )}
              <div className="dialog-actions">
                <Button className="button" onPress={close} autoFocus>
                  {done ? 'Close' : 'Keep it running'}
                </Button>
                {!done && (
                  <Button className="button button-danger-solid" isDisabled={cancel.isPending} onPress={() => cancel.mutate(run.id)}>
                    {cancel.isPending ? 'Cancelling…' : 'Cancel run'}
                  </Button>
                )}
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
