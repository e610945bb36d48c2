/**
 * /runs/:id/tasks/:task[?attempt=N]: one attempt's log. Opens at the tail
 * (a window, never the whole file), follows a running attempt until the user
 * scrolls up (Follow resumes), `/` (and Ctrl+F in the log: the browser's
 * find sees only the rendered rows) focuses the search, Enter/n and
 * Shift+Enter/N step through matches found by the daemon (search-stepping.ts),
 * First error jumps to the first error line, lines selected with click,
 * Shift+click or Shift+arrows are copied with Copy or Ctrl+C, and Download
 * saves the whole file. Without ?attempt it shows the latest attempt and
 * moves to a new one when the task retries.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'wouter';
import { findFirstError, logDownloadUrl, searchLogLines, useRun } from '../../api/index.js';
import { RevealLogButton } from '../../components/shell-buttons.js';
import type { LogMatch, LogTarget } from '../../../shared/log-model.js';
import { StateBadge } from '../../components/state-badge.js';
import { formatSize } from '../../../shared/sizes.js';
import { useLogBuffer } from './use-log-buffer.js';
import { copyText, indexOfOffset } from './log-buffer.js';
import { LogList, type LineSelection } from './log-list.js';
import { afterAnswer, firstRequest, stepOfKey, type StepDirection, type StepRequest } from './search-stepping.js';
import { markPattern, plainText } from './line-text.js';
import './logs.css';

/** See the file comment. */
export function LogsView({ run, task }: { readonly run: number; readonly task: string }) {
  const [search, setSearch] = useSearchParams();
  const attemptParam = Number(search.get('attempt'));
  const explicit = Number.isSafeInteger(attemptParam) && attemptParam > 0 ? attemptParam : undefined;
  const target: LogTarget = useMemo(() => ({ run, task, ...(explicit ? { attempt: explicit } : {}) }), [run, task, explicit]);
  const [follow, setFollow] = useState(true);
  const logs = useLogBuffer(target, follow);
  const runQuery = useRun(run);
  const taskRecord = runQuery.data?.tasks.find((t) => t.pipeline === task);

  // A retry while the latest attempt is shown: show the new one.
  const latestKnown = taskRecord?.attempts ?? 0;
  const { attempt, reloadTail } = logs;
  useEffect(() => {
    if (!explicit && attempt !== null && latestKnown > attempt) reloadTail();
  }, [explicit, attempt, latestKnown, reloadTail]);

  const [selection, setSelection] = useState<LineSelection | null>(null);
  const [reveal, setReveal] = useState<{ index: number; seq: number } | null>(null);
  const [status, setStatus] = useState('');
  const topLine = useRef(0);
  const searchBox = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [match, setMatch] = useState<LogMatch | null>(null);
  const searching = useRef<AbortController | null>(null);
  const pattern = useMemo(() => markPattern(query, { regex, caseSensitive }), [query, regex, caseSensitive]);
  useEffect(() => setMatch(null), [query, regex, caseSensitive, logs.attempt]);

  // `/` focuses the search box from anywhere in the view (not while typing elsewhere).
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      searchBox.current?.focus();
      searchBox.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => () => searching.current?.abort(), []);

  const showAt = useCallback(async (offset: number) => {
    setFollow(false);
    const buffer = logs.buffer;
    const inside = buffer && offset >= buffer.from && offset < buffer.to;
    if (!inside) await logs.jumpTo(offset);
    return offset;
  }, [logs]);
  // After a jump the buffer changed: reveal the wanted line once it is in.
  const pendingReveal = useRef<number | null>(null);
  useEffect(() => {
    if (pendingReveal.current === null || !logs.buffer) return;
    const index = indexOfOffset(logs.buffer, pendingReveal.current);
    pendingReveal.current = null;
    setReveal((old) => ({ index, seq: (old?.seq ?? 0) + 1 }));
  }, [logs.buffer]);
  const revealOffset = useCallback(async (offset: number) => {
    pendingReveal.current = offset;
    await showAt(offset);
    if (logs.buffer && offset >= logs.buffer.from && offset < logs.buffer.to) {
      setReveal((old) => ({ index: indexOfOffset(logs.buffer!, offset), seq: (old?.seq ?? 0) + 1 }));
      pendingReveal.current = null;
    }
  }, [showAt, logs.buffer]);

  const step = useCallback(async (direction: StepDirection) => {
    if (!query || logs.attempt === null) return;
    if (!pattern && regex) return setStatus('That is not a valid regular expression.');
    searching.current?.abort();
    const abort = new AbortController();
    searching.current = abort;
    const context = { current: match, anchor: topLine.current, size: logs.buffer?.size ?? 0 };
    let request: StepRequest = firstRequest(direction, context);
    setStatus('Searching…');
    try {
      for (;;) {
        const answer = await searchLogLines(
          { run, task, attempt: logs.attempt, query, regex, caseSensitive, fromByte: request.fromByte, direction: request.direction },
          { signal: abort.signal, onProgress: (scanned) => setStatus(`Searching… ${Math.round(scanned * 100)}%`) },
        );
        const outcome = afterAnswer(request, answer, context);
        if (outcome.kind === 'wrap') {
          request = outcome.request;
          continue;
        }
        if (outcome.kind === 'none') {
          setMatch(null);
          setStatus(`No match for “${query}”.`);
          return;
        }
        setMatch(outcome.match);
        setSelection({ anchor: outcome.match.line.start, focus: outcome.match.line.start });
        await revealOffset(outcome.match.line.start);
        const where = `at byte ${outcome.match.line.start.toLocaleString('en-US')}`;
        setStatus(outcome.only ? `The only match, ${where}.` : outcome.wrapped ? `Match ${where} (wrapped to the ${direction === 'next' ? 'start' : 'end'}).` : `Match ${where}.`);
        return;
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') setStatus(`Search failed: ${(error as Error).message}`);
    }
  }, [query, regex, caseSensitive, pattern, match, logs.attempt, logs.buffer, run, task, revealOffset]);

  const jumpToFirstError = useCallback(async () => {
    if (logs.attempt === null) return;
    searching.current?.abort();
    const abort = new AbortController();
    searching.current = abort;
    setStatus('Looking for the first error…');
    try {
      const answer = await findFirstError({ run, task, attempt: logs.attempt }, { signal: abort.signal, onProgress: (s) => setStatus(`Looking for the first error… ${Math.round(s * 100)}%`) });
      if (!answer.match) return setStatus('No error line in this log.');
      setSelection({ anchor: answer.match.line.start, focus: answer.match.line.start });
      await revealOffset(answer.match.line.start);
      setStatus(`First error at byte ${answer.match.line.start.toLocaleString('en-US')}.`);
      list.current?.focus();
    } catch (error) {
      if ((error as Error).name !== 'AbortError') setStatus(`Could not look for errors: ${(error as Error).message}`);
    }
  }, [logs.attempt, run, task, revealOffset]);

  const selectedCount = useMemo(() => {
    if (!selection || !logs.buffer) return 0;
    const a = indexOfOffset(logs.buffer, selection.anchor);
    const b = indexOfOffset(logs.buffer, selection.focus);
    return Math.abs(a - b) + 1;
  }, [selection, logs.buffer]);
  const copy = useCallback(async () => {
    if (!selection || !logs.buffer) return;
    const text = copyText(logs.buffer, indexOfOffset(logs.buffer, selection.anchor), indexOfOffset(logs.buffer, selection.focus), plainText);
    try {
      await navigator.clipboard.writeText(text);
      setStatus(`Copied ${selectedCount} ${selectedCount === 1 ? 'line' : 'lines'}.`);
    } catch {
      setStatus('The browser refused the clipboard.');
    }
  }, [selection, logs.buffer, selectedCount]);

  const onListKey = (event: KeyboardEvent<HTMLDivElement>): boolean => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'c' && selection && !window.getSelection()?.toString()) {
      event.preventDefault();
      void copy();
      return true;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
      // The browser's find sees only the rows in the DOM: in the log, Ctrl+F is the daemon's search.
      event.preventDefault();
      searchBox.current?.focus();
      searchBox.current?.select();
      return true;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || event.key === 'Enter') return false;
    const direction = stepOfKey(event.key, event.shiftKey);
    if (!direction || !query) return false;
    event.preventDefault();
    void step(direction);
    return true;
  };

  const resumeFollow = (): void => {
    if (follow) return setFollow(false);
    setFollow(true);
    setMatch(null);
    if (logs.buffer && logs.buffer.to < logs.buffer.size) logs.reloadTail();
  };

  const pickAttempt = (value: string): void =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      next.set('attempt', value);
      return next;
    });

  const buffer = logs.buffer;
  const notFound = logs.error !== null && /^no such run|has no task|has no attempt|ran no attempt/.test(logs.error);
  return (
    <section className="view view-logs" aria-labelledby="logs-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/runs">Runs</Link>
        <span aria-hidden="true"> / </span>
        <Link href={`/runs/${run}`}>Run {run}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{task}</span>
      </nav>
      <div className="view-head">
        <h1 id="logs-title">
          Log of {task} <span className="title-sub">run {run}{logs.attempt !== null ? `, attempt ${logs.attempt}` : ''}</span>
        </h1>
        {taskRecord && <StateBadge state={taskRecord.state} />}
      </div>
      {logs.error !== null && !buffer ? (
        <p className="empty" role="alert">
          {notFound ? `${capitalize(logs.error)}.` : `Could not load the log: ${logs.error}`}
        </p>
      ) : (
        <>
          <div className="log-toolbar" role="toolbar" aria-label="Log tools">
            <label className="log-field">
              <span className="field-label">Attempt</span>
              <select value={logs.attempt ?? ''} onChange={(event) => pickAttempt(event.currentTarget.value)} disabled={logs.attempts.length === 0}>
                {logs.attempts.map((n) => (
                  <option key={n} value={n}>
                    {n === logs.attempts[logs.attempts.length - 1] ? `${n} (latest)` : n}
                  </option>
                ))}
              </select>
            </label>
            <form
              className="log-search"
              role="search"
              aria-label="Search the log"
              onSubmit={(event) => {
                event.preventDefault();
              }}
            >
              <input
                ref={searchBox}
                type="search"
                aria-label="Search log"
                placeholder="Search (/)"
                value={query}
                aria-invalid={regex && query !== '' && pattern === null}
                onChange={(event) => setQuery(event.currentTarget.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    void step(event.shiftKey ? 'prev' : 'next');
                  } else if (event.key === 'Escape') {
                    searching.current?.abort();
                    list.current?.focus();
                  }
                }}
              />
              <button type="button" className="button" onClick={() => void step('prev')} disabled={!query} aria-label="Previous match" title="Previous match (N, Shift+Enter)">
                ↑
              </button>
              <button type="button" className="button" onClick={() => void step('next')} disabled={!query} aria-label="Next match" title="Next match (n, Enter)">
                ↓
              </button>
              <label className="log-check">
                <input type="checkbox" checked={caseSensitive} onChange={(event) => setCaseSensitive(event.currentTarget.checked)} />
                Match case
              </label>
              <label className="log-check">
                <input type="checkbox" checked={regex} onChange={(event) => setRegex(event.currentTarget.checked)} />
                Regex
              </label>
            </form>
            <div className="log-actions">
              <button type="button" className="button" onClick={() => void jumpToFirstError()} disabled={logs.attempt === null}>
                First error
              </button>
              <button type="button" className="button" onClick={() => void copy()} disabled={selectedCount === 0}>
                {selectedCount > 1 ? `Copy ${selectedCount} lines` : 'Copy line'}
              </button>
              <a className="button" href={logDownloadUrl({ run, task, ...(logs.attempt !== null ? { attempt: logs.attempt } : {}) })} download>
                Download
              </a>
              <RevealLogButton target={{ run, task, attempt: logs.attempt }} />
              <button type="button" className={`button${follow ? ' is-on' : ''}`} aria-pressed={follow} onClick={resumeFollow} title="Keep the newest output in view">
                Follow
              </button>
            </div>
          </div>
          <div className="log-frame">
            {buffer && buffer.lines.length > 0 ? (
              <ListWithRef
                listRef={list}
                buffer={buffer}
                shift={logs.shift}
                version={logs.version}
                follow={follow}
                onUserScrolledAway={() => setFollow(false)}
                selection={selection}
                onSelect={setSelection}
                matchStart={match?.line.start ?? null}
                markPattern={pattern}
                reveal={reveal}
                onNearStart={logs.loadEarlier}
                onNearEnd={logs.loadLater}
                onKey={onListKey}
                onTopLine={(offset) => (topLine.current = offset)}
                label={`Log lines of ${task}, attempt ${logs.attempt ?? ''}`}
              />
            ) : (
              <p className="empty log-empty">{logs.loading ? 'Loading…' : buffer?.writing ? 'No output yet; waiting for the first line…' : 'This attempt wrote no output.'}</p>
            )}
          </div>
          <div className="log-footer">
            <span role="status" aria-live="polite" className="log-status">
              {status}
            </span>
            {buffer && (
              <span className="log-position mono">
                {positionText(buffer.from, buffer.to, buffer.size)}
                {buffer.cutBytes > 0 && ` · ${formatSize(buffer.cutBytes)} cut from the middle (log_max)`}
                {buffer.writing ? ' · writing' : ''}
              </span>
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** The list inside a wrapper that forwards focus (the view focuses the list after a jump). */
function ListWithRef({ listRef, ...props }: Parameters<typeof LogList>[0] & { readonly listRef: React.RefObject<HTMLDivElement | null> }) {
  return (
    <div className="log-list-wrap" ref={(element) => void (listRef.current = element?.querySelector<HTMLDivElement>('[role="listbox"]') ?? null)}>
      <LogList {...props} />
    </div>
  );
}

function positionText(from: number, to: number, size: number): string {
  if (size === 0) return 'empty';
  const pct = (n: number): string => `${Math.round((n / size) * 100)}%`;
  return `bytes ${formatSize(from)}–${formatSize(to)} of ${formatSize(size)} (${pct(from)}–${pct(to)})`;
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || !element.tagName) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
