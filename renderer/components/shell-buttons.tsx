/**
 * Buttons for the desktop app's native actions: reveal an attempt's log in
 * the file manager, open a tickwork.yaml at a line in the editor. They
 * render nothing in a browser (no shell bridge there).
 */
import type { OpenInEditorParams, RevealLogParams, ShellBridge } from '../../shared/shell-contract.js';
import { useShellAction } from '../api/index.js';

const reveal = (bridge: ShellBridge, params: RevealLogParams) => bridge.revealLog(params);
const openInEditor = (bridge: ShellBridge, params: OpenInEditorParams) => bridge.openInEditor(params);

/** "Reveal in folder" for one attempt's log (disabled until the attempt is known). */
export function RevealLogButton({ target }: { readonly target: Omit<RevealLogParams, 'attempt'> & { readonly attempt: number | null } }) {
  const action = useShellAction(reveal);
  if (!action.available) return null;
  const { attempt } = target;
  return (
    <>
      <button type="button" className="button" disabled={attempt === null || action.pending} onClick={() => attempt !== null && action.run({ run: target.run, task: target.task, attempt })} title="Show this attempt's log file in the file manager">
        Reveal in folder
      </button>
      {action.problem !== null && <span className="inline-error" role="alert">{action.problem}</span>}
    </>
  );
}

/** "Open in editor" at one problem's line of a project file. */
export function OpenInEditorButton({ target, label }: { readonly target: OpenInEditorParams; readonly label: string }) {
  const action = useShellAction(openInEditor);
  if (!action.available) return null;
  return (
    <>
      <button type="button" className="button button-small" disabled={action.pending} onClick={() => action.run(target)} aria-label={label} title={`Open ${target.file} at line ${target.line}`}>
        Open in editor
      </button>
      {action.problem !== null && <span className="inline-error" role="alert">{action.problem}</span>}
    </>
  );
}
