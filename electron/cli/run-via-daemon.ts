/**
 * `tickwork run` while a daemon runs: the run is created and driven by the
 * daemon (through its local API), and `--wait` follows it over the event
 * stream instead of starting a second engine.
 */
import type { EventRecord } from '../../shared/run-model.js';
import type { RunRequest } from '../engine/run/plan-run.js';
import { isRunTerminal, type RunState, type TaskState } from '../../shared/state-machines.js';
import { ApiCallError, callDaemon, followRunEvents, type DaemonApi } from './daemon-client.js';
import { noteOfEvent } from '../engine/store/run-notes.js';
import { progressPrinter, type ProgressEvent, type ProgressOptions } from './progress.js';
import { CliExit } from './context.js';
import { humanOutput } from './line-writer.js';
import { followHint, summaryLine } from './run-summary.js';
import { runHeader, runLabels } from './run-header.js';

/** `run --wait` lost the daemon it was following: the runs carry on, this command only stopped watching. */
export const EXIT_LOST_DAEMON = 3;

/** What to ask the daemon for: the run as planned locally, and how to report it. */
export interface DaemonRunRequest {
  readonly request: RunRequest;
  readonly projectFile: string;
  readonly wait: boolean;
  readonly json: boolean;
  /** The journal's newest seq before the trigger: --wait streams from there, not from the start of history. */
  readonly afterSeq: number;
  /** The last lines of a failed task's output, printed under its `✗` line. */
  readonly failureOutput?: ProgressOptions['failureOutput'];
}

/** Triggers the run in the daemon; null when the daemon does not serve this project (run locally then). */
export async function runViaDaemon(api: DaemonApi, call: DaemonRunRequest): Promise<number | null> {
  const { request } = call;
  let ids: number[];
  try {
    ({ ids } = await callDaemon(api, 'runs.trigger', {
      project: call.projectFile,
      targets: [...request.targets],
      selection: request.selection,
      force: request.force,
      ...(request.date ? { date: request.date } : {}),
      partition: { ...request.partition },
      params: { ...request.params },
      // This shell's env_passthrough values go with the request: the daemon's own environment must not decide (README: Environment rule).
      ...(request.env ? { passthrough: { ...request.env.values } } : {}),
    }));
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof ApiCallError && error.status === 404) return null; // not a project the daemon serves
    process.stdout.write(call.json ? JSON.stringify({ skipped: true, reason: message }) + '\n' : `${message}\n`);
    return error instanceof ApiCallError && error.status === 409 ? 0 : 1; // 409: skipped by the overlap policy
  }
  const say = humanOutput(call.json);
  // The same header as without a daemon (its journal events from afterSeq on still reach the follower below).
  const created = await Promise.all(ids.map((id) => callDaemon(api, 'runs.get', { id })));
  for (const { run, tasks } of created) {
    say(runHeader(run.id, tasks.map((t) => t.pipeline), run.partition));
    for (const task of tasks) {
      if (task.state === 'cached') say(`  = ${task.pipeline} reused: ${task.reason ?? ''}`);
      if (task.state === 'upstream_failed') say(`  ⊘ ${task.pipeline} not run: ${task.reason ?? ''}`);
    }
  }
  const them = ids.length === 1 ? 'it' : 'them';
  if (call.wait) {
    say(`the daemon drives ${them}; following ${them} here (Ctrl-C stops following, not the run${ids.length === 1 ? '' : 's'})`);
    const labels = runLabels(created.map(({ run }) => run));
    const print = progressPrinter(say, { labels, ...(call.failureOutput ? { failureOutput: call.failureOutput } : {}) });
    try {
      await followRunEvents(api, { runIds: ids, afterSeq: call.afterSeq }, (event) => {
        const progress = toEngineEvent(event);
        if (progress) print(progress);
      }, (event) => event.kind === 'run' && event.to !== null && isRunTerminal(event.to as RunState));
    } catch (error) {
      say.flush();
      // Exit 3, not 1: no run failed; this command only stopped watching.
      throw new CliExit(EXIT_LOST_DAEMON, [
        `tickwork run: stopped following; the run carries on (lost the daemon while following run ${ids.join(', ')}: ${(error as Error).message}). \`tickwork resume\` or the next daemon drives it; \`tickwork runs\` shows it`,
      ]);
    }
  } else say(`the daemon drives ${them}; ${followHint(ids)}`);
  say.flush();
  const states: Array<{ id: number; state: string }> = [];
  for (const id of ids) {
    const { run, tasks } = await callDaemon(api, 'runs.get', { id });
    states.push({ id, state: run.state });
    if (call.json) process.stdout.write(JSON.stringify({ ...run, tasks }) + '\n');
  }
  if (call.wait && !call.json && ids.length > 1) {
    say(summaryLine(states));
    say.flush();
  }
  return !call.wait || states.every((s) => s.state === 'succeeded') ? 0 : 1;
}

/** A journal row as a progress event, timed by the journal (the moment the daemon committed it), not by its arrival here. */
function toEngineEvent(event: EventRecord): ProgressEvent | null {
  const note = noteOfEvent(event);
  if (note && event.runId !== null) return { type: 'note', runId: event.runId, pipeline: note.pipeline, message: note.message, at: event.at };
  if (event.runId === null || event.to === null) return null;
  const reason = typeof event.data?.reason === 'string' ? event.data.reason : undefined;
  if (event.kind === 'run' && event.from !== null) {
    return { type: 'run', runId: event.runId, from: event.from as RunState, to: event.to as RunState, at: event.at, ...(reason ? { reason } : {}) };
  }
  if (event.kind === 'task' && event.from !== null && typeof event.data?.pipeline === 'string') {
    const attempt = typeof event.data.attempt === 'number' ? event.data.attempt : 0;
    return { type: 'task', runId: event.runId, pipeline: event.data.pipeline, from: event.from as TaskState, to: event.to as TaskState, attempt, at: event.at, ...(reason ? { reason } : {}) };
  }
  return null;
}
