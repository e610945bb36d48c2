/**
 * The Logs view's lines: opens at the tail, grows at either end on demand,
 * jumps to an offset (a match, the first error, the start), and while
 * following an attempt that still writes, long-polls logs.window from the
 * buffer's end (the daemon answers as soon as there is a new line; one
 * request at a time, no stream per log). States: loading → ready (or
 * failed); a jump or a reload goes back to loading with the old lines shown.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogTarget } from '../../../shared/log-model.js';
import { fetchLogWindow } from '../../api/index.js';
import { appendWindow, atEnd, atStart, bufferOf, nextFrom, prependWindow, type LogBuffer } from './log-buffer.js';

/** Bytes per window the view asks for. */
const WINDOW = 192 * 1024;
/** How long one long poll may wait for output. */
const POLL_WAIT_MS = 25_000;

/** What the view reads. */
export interface LogBufferState {
  readonly buffer: LogBuffer | null;
  /** Rows added before the old first line by the last change (the list shifts its scroll by it). */
  readonly shift: number;
  /** Bumped by every change, so a shift of the same size is applied again. */
  readonly version: number;
  /** The attempt shown and the task's attempts. */
  readonly attempt: number | null;
  readonly attempts: readonly number[];
  readonly error: string | null;
  readonly loading: boolean;
}

/** The buffer's actions. */
export interface LogBufferActions {
  loadEarlier(): void;
  loadLater(): void;
  /** Replaces the lines with those around `offset`; resolves once they are in. */
  jumpTo(offset: number): Promise<void>;
  /** Reloads the tail (the Follow toggle, a new attempt). */
  reloadTail(): void;
}

const EMPTY: LogBufferState = { buffer: null, shift: 0, version: 0, attempt: null, attempts: [], error: null, loading: true };

/** See the file comment. `follow`: keep reading what the attempt writes. */
export function useLogBuffer(target: LogTarget, follow: boolean): LogBufferState & LogBufferActions {
  const [state, setState] = useState<LogBufferState>(EMPTY);
  const [tailKey, setTailKey] = useState(0);
  const current = useRef(state);
  current.current = state;
  const busy = useRef({ earlier: false, later: false });
  const pinned = useRef<LogTarget>(target); // the attempt the lines are of, once known
  const key = `${target.run}\u0000${target.task}\u0000${target.attempt ?? ''}`;

  const change = useCallback((next: (old: LogBufferState) => LogBufferState) => setState((old) => ({ ...next(old), version: old.version + 1 })), []);
  const fail = useCallback((error: unknown) => {
    if ((error as Error).name !== 'AbortError') change((old) => ({ ...old, error: (error as Error).message, loading: false }));
  }, [change]);

  // Open at the tail.
  useEffect(() => {
    const abort = new AbortController();
    setState((old) => ({ ...old, loading: true, error: null }));
    busy.current = { earlier: false, later: false };
    fetchLogWindow({ ...target, tail: true, maxBytes: WINDOW }, abort.signal).then((window) => {
      pinned.current = { run: target.run, task: target.task, attempt: window.attempt };
      change(() => ({ buffer: bufferOf(window), shift: 0, version: 0, attempt: window.attempt, attempts: window.attempts, error: null, loading: false }));
    }, fail);
    return () => abort.abort();
  }, [key, tailKey, change, fail]);

  // Follow: long-poll from the end while the attempt writes.
  const writing = state.buffer?.writing === true;
  const reachesEnd = state.buffer !== null && atEnd(state.buffer);
  useEffect(() => {
    if (!follow || !writing || !reachesEnd) return;
    const abort = new AbortController();
    void (async () => {
      while (!abort.signal.aborted) {
        const buffer = current.current.buffer;
        if (!buffer) return;
        try {
          const window = await fetchLogWindow({ ...pinned.current, fromByte: nextFrom(buffer), waitMs: POLL_WAIT_MS, maxBytes: 4 * WINDOW }, abort.signal);
          if (abort.signal.aborted) return;
          const { buffer: grown, shift } = appendWindow(buffer, window);
          change((old) => ({ ...old, buffer: grown, shift, attempts: window.attempts }));
          current.current = { ...current.current, buffer: grown };
          if (!window.writing) return;
        } catch (error) {
          if ((error as Error).name === 'AbortError') return;
          await new Promise((resolve) => setTimeout(resolve, 1_000)); // the daemon restarts: the banner says so; try again
        }
      }
    })();
    return () => abort.abort();
  }, [follow, writing, reachesEnd, key, tailKey, change]);

  const loadEarlier = useCallback(() => {
    const buffer = current.current.buffer;
    if (!buffer || atStart(buffer) || busy.current.earlier) return;
    busy.current.earlier = true;
    fetchLogWindow({ ...pinned.current, toByte: buffer.from, maxBytes: WINDOW }).then((window) => {
      busy.current.earlier = false;
      const now = current.current.buffer;
      if (!now || now.from !== buffer.from) return; // jumped meanwhile
      const { buffer: grown, shift } = prependWindow(now, window);
      change((old) => ({ ...old, buffer: grown, shift }));
    }, (error: unknown) => {
      busy.current.earlier = false;
      fail(error);
    });
  }, [change, fail]);

  const loadLater = useCallback(() => {
    const buffer = current.current.buffer;
    if (!buffer || atEnd(buffer) || busy.current.later) return;
    busy.current.later = true;
    fetchLogWindow({ ...pinned.current, fromByte: nextFrom(buffer), maxBytes: WINDOW }).then((window) => {
      busy.current.later = false;
      const now = current.current.buffer;
      if (!now || now.to !== buffer.to) return;
      const { buffer: grown, shift } = appendWindow(now, window);
      change((old) => ({ ...old, buffer: grown, shift }));
    }, (error: unknown) => {
      busy.current.later = false;
      fail(error);
    });
  }, [change, fail]);

  const jumpTo = useCallback(async (offset: number) => {
    const [before, after] = await Promise.all([
      fetchLogWindow({ ...pinned.current, toByte: offset, maxBytes: WINDOW / 2 }),
      fetchLogWindow({ ...pinned.current, fromByte: offset, maxBytes: WINDOW / 2 }),
    ]);
    const { buffer } = appendWindow(bufferOf(before), after);
    busy.current = { earlier: false, later: false };
    change((old) => ({ ...old, buffer, shift: 0, error: null }));
    current.current = { ...current.current, buffer };
  }, [change]);

  const reloadTail = useCallback(() => setTailKey((k) => k + 1), []);

  return { ...state, loadEarlier, loadLater, jumpTo, reloadTail };
}
