/**
 * renderer/api: the one way the renderer reaches the engine — typed calls of
 * shared/api-contract.ts over HTTP, one multiplexed event stream feeding the
 * query cache, and the hooks views read. Views import from here only.
 */
export { call, ApiCallError, DaemonUnreachableError } from './client.js';
export { connectEngine, type EngineConnection } from './engine-connection.js';
export { EngineProvider, useEngine, useConnectionState } from './engine-context.js';
export type { ConnectionState } from './event-stream.js';
export { useRunList, useRun, useProjects } from './queries.js';
export { useRunAttempts, useRunEvents, useRerunChoices, useRerunPreview, useRerun, useCancelRun, type RunEventLog } from './run-detail.js';
export { flattenRunPages, type RunPage } from './run-pages.js';
export { useOpenAlerts, useAlertHistory, useAlertAction, useHealth, OPEN_ALERT_LIMIT } from './alerts-health.js';
export { useStartRun } from './start-run.js';
export { fetchLogWindow, searchLogLines, findFirstError, logDownloadUrl, type SearchProgress } from './logs.js';
export { useTargetSummaries, useSchedules, useTimelineRuns, useTimelinePeriods, useClosedDays, useTriggerTarget, useScheduleSwitch, useRefreshSchedules, loadedRange } from './overview.js';
export { useProjectGraph, useCalendarDays, useRunPreviews, useTriggerRuns, type TriggerParams } from './launch.js';
export { shellBridge, useShellAction } from './shell-bridge.js';
export { useBackfillPreview, useStartBackfill, useBackfill, useBackfillScope, useBackfillList, useCancelBackfill, useRetryBackfill, usePartitionMatrix } from './backfills.js';
