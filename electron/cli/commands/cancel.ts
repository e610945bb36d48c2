/** `tickwork cancel RUN [--json]`: stops a run and its processes. */
import { parse, flag, UsageError } from '../args.js';
import { CliExit, openHomeStore } from '../context.js';
import { cancelRun } from '../../engine/run/cancel-run.js';
import { callDaemon, daemonApi } from '../daemon-client.js';

/** Options the parser accepts (help.ts describes each). */
export const cancelOptions = { json: { type: 'boolean' } } as const;

/** Runs the command; resolves to the exit code. */
export async function cancelCommand(argv: readonly string[]): Promise<number> {
  const args = parse('cancel', argv, cancelOptions);
  const id = args.positionals[0];
  if (!id || !/^\d+$/.test(id) || args.positionals.length > 1) throw new UsageError('tickwork cancel: expected one run id, e.g. tickwork cancel 42');
  const store = openHomeStore();
  const api = daemonApi(store.home.root);
  if (api) {
    // The daemon drives the run: it cancels it and stops its processes itself.
    try {
      const { state } = await callDaemon(api, 'runs.cancel', { id: Number(id) });
      process.stdout.write(flag(args, 'json') ? JSON.stringify({ run: Number(id), state }) + '\n' : `run ${id} ${state === 'cancelled' ? 'cancelled' : `already ${state}; nothing to cancel`}\n`);
      return 0;
    } catch (error) {
      throw new CliExit(2, [`tickwork cancel: ${(error as Error).message}`]);
    }
  }
  const result = await cancelRun(store.db, Number(id), () => Date.now());
  if (flag(args, 'json')) process.stdout.write(JSON.stringify({ run: Number(id), ...result }) + '\n');
  switch (result.kind) {
    case 'not_found':
      throw new CliExit(2, [`tickwork cancel: no run ${id}`]);
    case 'already_finished':
      if (!flag(args, 'json')) process.stdout.write(`run ${id} already ${result.state}; nothing to cancel\n`);
      return 0;
    case 'cancelled':
      if (!flag(args, 'json')) process.stdout.write(`run ${id} cancelled (${result.stoppedProcesses} process group${result.stoppedProcesses === 1 ? '' : 's'} stopped)\n`);
      return 0;
  }
}
