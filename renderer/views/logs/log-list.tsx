/**
 * The log's lines as a virtualized listbox: only the rows in view (plus a
 * margin) are in the DOM, each a fixed 18 px row. Keyboard: ↑/↓ move the
 * cursor line (Shift extends the selection), PgUp/PgDn, Home/End; a click
 * selects a line, Shift+click a range. Scrolling near either end asks for
 * more lines; while following, the list stays pinned to the bottom and a
 * scroll away from it (wheel, keys, scrollbar) stops following.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogLine } from '../../../shared/log-model.js';
import type { LogBuffer } from './log-buffer.js';
import { lineRuns, plainText, rangesIn } from './line-text.js';

/** Height of one row in px (logs.css matches). */
export const ROW_HEIGHT = 18;
/** Rows from an end at which more lines are asked for. */
const NEAR = 40;

/** A selection of lines by their start offsets (stable while lines are added at either end). */
export interface LineSelection {
  readonly anchor: number;
  readonly focus: number;
}

/** What the list shows and reports. */
export interface LogListProps {
  readonly buffer: LogBuffer;
  readonly shift: number;
  readonly version: number;
  readonly follow: boolean;
  readonly onUserScrolledAway: () => void;
  readonly selection: LineSelection | null;
  readonly onSelect: (selection: LineSelection) => void;
  /** The current match's line start (marked), and the pattern that marks matches. */
  readonly matchStart: number | null;
  readonly markPattern: RegExp | null;
  /** The index to bring into view (a jump), with a counter so the same index can be asked again. */
  readonly reveal: { readonly index: number; readonly seq: number } | null;
  readonly onNearStart: () => void;
  readonly onNearEnd: () => void;
  /** Keys the view handles (n/N, Ctrl+C); return true when handled. */
  readonly onKey: (event: KeyboardEvent<HTMLDivElement>) => boolean;
  /** Reports the start offset of the top visible line (where a first search starts). */
  readonly onTopLine: (offset: number) => void;
  readonly label: string;
}

/** See the file comment. */
export function LogList(props: LogListProps) {
  const { buffer, follow, selection, matchStart, markPattern, reveal } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const lines = buffer.lines;
  const virtualizer = useVirtualizer({ count: lines.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const programmatic = useRef(false);

  // Lines added before the first keep what is on screen where it is; following keeps the bottom in view.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    programmatic.current = true;
    if (follow) element.scrollTop = element.scrollHeight;
    else if (props.shift !== 0) element.scrollTop += props.shift * ROW_HEIGHT;
    requestAnimationFrame(() => (programmatic.current = false));
  }, [props.version, follow, props.shift]);

  useLayoutEffect(() => {
    if (!reveal || reveal.index < 0) return;
    programmatic.current = true;
    virtualizer.scrollToIndex(reveal.index, { align: 'center' });
    requestAnimationFrame(() => (programmatic.current = false));
  }, [reveal, virtualizer]);

  const [low, high] = selection ? [Math.min(selection.anchor, selection.focus), Math.max(selection.anchor, selection.focus)] : [-1, -2];
  const focusIndex = useMemo(() => (selection ? lines.findIndex((line) => line.start === selection.focus) : -1), [lines, selection]);

  const onScroll = (): void => {
    const element = scroller.current;
    if (!element) return;
    const items = virtualizer.getVirtualItems();
    const first = items.find((item) => item.start >= element.scrollTop) ?? items[0];
    if (first && lines[first.index]) props.onTopLine(lines[first.index]!.start);
    if (programmatic.current) return;
    const fromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    if (follow && fromBottom > ROW_HEIGHT * 2) props.onUserScrolledAway();
    if (element.scrollTop < NEAR * ROW_HEIGHT) props.onNearStart();
    if (fromBottom < NEAR * ROW_HEIGHT) props.onNearEnd();
  };
  useEffect(() => {
    // A short first window (or a jump near an end) may need more lines before any scroll happens.
    const element = scroller.current;
    if (!element || follow) return;
    if (element.scrollTop < NEAR * ROW_HEIGHT) props.onNearStart();
    if (element.scrollHeight - element.scrollTop - element.clientHeight < NEAR * ROW_HEIGHT) props.onNearEnd();
  }, [props.version]); // only on a change of lines: the callbacks are new each render

  const move = (to: number, extend: boolean): void => {
    const index = Math.max(0, Math.min(lines.length - 1, to));
    const line = lines[index];
    if (!line) return;
    props.onSelect({ anchor: extend && selection ? selection.anchor : line.start, focus: line.start });
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (props.onKey(event)) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const at = focusIndex >= 0 ? focusIndex : (virtualizer.getVirtualItems()[0]?.index ?? 0);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in steps) {
      event.preventDefault();
      if (focusIndex < 0 && !event.shiftKey) move(at, false);
      else move(at + steps[event.key]!, event.shiftKey);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      move(event.key === 'Home' ? 0 : lines.length - 1, event.shiftKey);
    }
  };

  // Only a rendered row can be the active descendant (the cursor line may be scrolled out of the DOM).
  const rendered = virtualizer.getVirtualItems();
  const activeId = focusIndex >= 0 && rendered.some((item) => item.index === focusIndex) ? lineId(lines[focusIndex]!) : undefined;
  return (
    <div
      ref={scroller}
      className="log-scroller"
      role="listbox"
      aria-label={props.label}
      aria-multiselectable="true"
      aria-activedescendant={activeId}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      {/* React sets these styles through the CSSOM, which the CSP allows (it forbids style attributes in markup only). */}
      <div className="log-spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index]!;
          const selected = line.start >= low && line.start <= high;
          return (
            <div
              key={line.start}
              id={lineId(line)}
              role="option"
              aria-selected={selected}
              className={rowClass(line, selected, line.start === matchStart, item.index === focusIndex)}
              style={{ transform: `translateY(${item.start}px)` }}
              onMouseDown={(event) => {
                if (event.shiftKey) event.preventDefault(); // no text selection on a range click
              }}
              onClick={(event) => props.onSelect({ anchor: event.shiftKey && selection ? selection.anchor : line.start, focus: line.start })}
            >
              <LineText line={line} pattern={markPattern} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function LineText({ line, pattern }: { readonly line: LogLine; readonly pattern: RegExp | null }) {
  const runs = useMemo(() => lineRuns(line.text, pattern ? rangesIn(plainText(line.text), pattern) : []), [line.text, pattern]);
  const content: ReactNode[] = runs.map((run, k) => {
    const style = run.color || run.background ? { ...(run.color ? { color: run.color } : {}), ...(run.background ? { backgroundColor: run.background } : {}) } : undefined;
    const inner = run.mark ? <mark>{run.text}</mark> : run.text;
    return run.classes || style ? (
      <span key={k} className={run.classes || undefined} style={style}>
        {inner}
      </span>
    ) : (
      <span key={k}>{inner}</span>
    );
  });
  return (
    <span className="log-text">
      {content.length ? content : '\u200b'}
      {line.kind === 'piece' && <span className="log-continued" aria-label="continues on the next row">↩</span>}
    </span>
  );
}

function lineId(line: LogLine): string {
  return `log-line-${line.start}`;
}

function rowClass(line: LogLine, selected: boolean, match: boolean, cursor: boolean): string {
  let name = 'log-row';
  if (line.kind) name += ` is-${line.kind}`;
  if (selected) name += ' is-selected';
  if (match) name += ' is-match';
  if (cursor) name += ' is-cursor';
  return name;
}
