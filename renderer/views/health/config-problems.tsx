/**
 * The problems of project files whose last edit is invalid: each as
 * `file:line:col`, its field and message, and what the daemon does about
 * the file meanwhile — keeps serving its last good config, or (a file that
 * never loaded) serves nothing of it.
 */
import type { ConfigFileProblems } from '../../../shared/health-model.js';
import { problemLocation } from './health-format.js';
import { OpenInEditorButton } from '../../components/shell-buttons.js';

/** See the file comment. */
export function ConfigProblems({ files }: { readonly files: readonly ConfigFileProblems[] }) {
  if (files.length === 0) {
    return (
      <section className="health-card health-config is-ok" aria-labelledby="config-title">
        <h2 id="config-title">Project files</h2>
        <p className="health-calm">Every served tickwork.yaml is valid.</p>
      </section>
    );
  }
  return (
    <section className="health-card health-config is-bad" aria-labelledby="config-title">
      <h2 id="config-title">
        Config problems <span className="health-count">{files.reduce((n, f) => n + f.problems.length, 0)}</span>
      </h2>
      {files.map((file) => (
        <div key={file.file} className="config-file">
          <p className="config-file-head">
            <code className="config-file-name">{file.file}</code> is invalid.{' '}
            {file.keepsLastGood ? (
              <strong className="config-keeps">The daemon keeps using the last good config of this file until the edit is fixed.</strong>
            ) : (
              <strong className="config-keeps">It never loaded, so nothing of it is served.</strong>
            )}
          </p>
          <ul className="config-problem-list" aria-label={`Problems in ${file.file}`}>
            {file.problems.map((problem, i) => (
              <li key={i} className="config-problem">
                <code className="config-location">{problemLocation(problem)}</code>
                {problem.field && <code className="config-field">{problem.field}</code>}
                <span className="config-message">{problem.message}</span>
                <OpenInEditorButton target={{ file: file.file, line: Math.max(1, problem.line), ...(problem.col > 0 ? { column: problem.col } : {}) }} label={`Open ${problemLocation(problem)} in editor`} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
