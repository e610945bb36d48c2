/**
 * The timeline's facts in words: what the tooltip, the focus details and the
 * table say about a bar, a fire tick, a missed slot or a shaded span.
 */
import type { ShadeRect, TimelineItem, TimelineLayout } from '../../timeline/schedule-timeline.js';
import type { SlotOutcome } from '../../../shared/schedule-model.js';
import { formatDuration } from '../../format/run-format.js';

/** How a time reads (the view's zone). */
export type TimeText = (ms: number) => string;

/** One fact as a row of the table (and the text of the details). */
export interface TimelineFact {
  readonly id: string;
  readonly at: number;
  readonly lane: string;
  readonly what: string;
  readonly detail: string;
  /** The run it is or led to, for a link. */
  readonly runId: number | null;
}

const SLOT_WHAT: Readonly<Record<SlotOutcome, string>> = {
  paused: 'Slot skipped (paused)',
  skipped_by_policy: 'Slot skipped by policy',
  caught_up: 'Slot caught up',
  catch_up_pending: 'Slot to catch up',
};

/** The fact of one item of the layout. */
export function itemFact(item: TimelineItem, layout: TimelineLayout, time: TimeText): TimelineFact {
  const lane = layout.lanes[item.lane]?.label ?? '';
  switch (item.kind) {
    case 'run': {
      const { run } = item;
      const ended = run.finishedAt !== null ? `, ended ${time(run.finishedAt)}` : '';
      return {
        id: `run-${run.id}-${item.lane}`,
        at: item.start,
        lane,
        what: `Run ${run.id} ${run.state}`,
        detail: `${run.partitionKey.replace(/^date=/, '')} · ${run.trigger} · started ${time(item.start)}${ended} · ${formatDuration(item.end - item.start)}`,
        runId: run.id,
      };
    }
    case 'fire':
      return { id: `fire-${item.key}-${item.at}`, at: item.at, lane, what: item.paused ? 'Next fire (paused: will be skipped)' : 'Next fire', detail: time(item.at), runId: null };
    case 'slot':
      return {
        id: `slot-${item.key}-${item.at}`,
        at: item.at,
        lane,
        what: SLOT_WHAT[item.outcome],
        detail: `slot ${time(item.at)}${item.runId !== null ? ` → run ${item.runId}` : ''}`,
        runId: item.runId,
      };
    default:
      return assertNever(item);
  }
}

/** The fact of a shaded span. */
export function shadeFact(shade: ShadeRect, time: TimeText): TimelineFact {
  const span = shade.kind === 'clock_change' ? time(shade.from) : `${time(shade.from)} – ${time(shade.to)}`;
  return { id: `shade-${shade.kind}-${shade.from}`, at: shade.from, lane: 'all', what: shade.label, detail: span, runId: null };
}

/** Every fact of the layout in time order: spans, runs, slots and fires. */
export function layoutFacts(items: readonly TimelineItem[], layout: TimelineLayout, time: TimeText): TimelineFact[] {
  return [...layout.shades.map((s) => shadeFact(s, time)), ...items.map((item) => itemFact(item, layout, time))].sort((a, b) => a.at - b.at);
}

function assertNever(value: never): never {
  throw new Error(`unexpected timeline item ${JSON.stringify(value)}`);
}
