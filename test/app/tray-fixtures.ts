/** Records the tray tests feed the tray state with: API-shaped runs, schedules and projects. */
import type { RunRecord } from '../../shared/run-model.js';
import type { ScheduleInfo } from '../../shared/schedule-model.js';
import type { RunState } from '../../shared/state-machines.js';
import type { TrayMenuItem } from '../../electron/app/tray-model.js';

/** A runs.list row: run `id` of `targets` in `state`, times in UTC ms. */
export function runRecord(id: number, state: RunState, times: { createdAt?: number; startedAt?: number | null; finishedAt?: number | null } = {}, extra: Partial<RunRecord> = {}): RunRecord {
  const createdAt = times.createdAt ?? 1_000 * id;
  return {
    id, project: 'desk', projectFile: '/p/tickwork.yaml', targets: ['metrics'], selection: 'upstream', force: false,
    partition: { date: '2025-03-10' }, partitionKey: 'date=2025-03-10', params: {}, pools: {}, trigger: 'schedule',
    idempotencyKey: null, maxActive: null, dataReadyAt: null, state, reason: null, ownerToken: null, ownerPid: null, ownerStart: null,
    createdAt, startedAt: times.startedAt === undefined ? (state === 'queued' ? null : createdAt) : times.startedAt,
    finishedAt: times.finishedAt === undefined ? (state === 'queued' || state === 'running' ? null : createdAt + 1_000) : times.finishedAt,
    ...extra,
  };
}

/** A schedules.list row named `name` firing at `nextFires`. */
export function scheduleInfo(name: string, nextFires: readonly number[], paused: ScheduleInfo['paused'] = null): ScheduleInfo {
  return {
    key: `/p/tickwork.yaml#pipeline:${name}`, project: 'desk', projectFile: '/p/tickwork.yaml', kind: 'pipeline', name, cron: '0 18 * * 1-5',
    timezone: 'America/New_York', calendar: null, catchup: 'latest', catchupWindowMs: 0, partitions: null, paused, nextFires, lastSlot: null,
  };
}

/** The labels of a menu, submenus indented by two spaces, separators as `---`. */
export function menuOutline(items: readonly TrayMenuItem[], depth = 0): string[] {
  return items.flatMap((item) => {
    const pad = '  '.repeat(depth);
    if (item.type === 'separator') return [`${pad}---`];
    const line = `${pad}${item.label ?? ''}${item.type === 'submenu' ? ' ▸' : ''}${item.enabled ? '' : ' (disabled)'}`;
    return [line, ...(item.submenu ? menuOutline(item.submenu, depth + 1) : [])];
  });
}

/** The item labelled `label` anywhere in the menu (throws when absent). */
export function findItem(items: readonly TrayMenuItem[], label: string): TrayMenuItem {
  for (const item of items) {
    if (item.label === label) return item;
    const inner = item.submenu ? findItemOrNull(item.submenu, label) : null;
    if (inner) return inner;
  }
  throw new Error(`no menu item "${label}" in:\n${menuOutline(items).join('\n')}`);
}

function findItemOrNull(items: readonly TrayMenuItem[], label: string): TrayMenuItem | null {
  try {
    return findItem(items, label);
  } catch {
    return null;
  }
}
