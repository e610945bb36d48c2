/**
 * `tickwork up [--project DIR]…` runs the daemon in the foreground (one per
 * TICKWORK_HOME); `tickwork down` stops the running one gracefully.
 */
import { parse, list, str, UsageError } from '../args.js';
import { startApiServer, type ApiServer } from '../../engine/api/api-server.js';
import { CliExit, openHomeStore, projectFileFor } from '../context.js';
import { Daemon } from '../../engine/daemon/daemon.js';
import { acquireDaemonLock, releaseDaemonLock, runningDaemon } from '../../engine/daemon/daemon-lock.js';
import { resolveHomeDir } from '../../engine/home.js';
import { progressPrinter } from '../progress.js';
import { localTimeZone, zonedTimestamp } from '../../../shared/zoned-time.js';
import { plural } from '../../../shared/plural.js';

/** Options `up` accepts (help.ts describes each). */
export const upOptions = { project: { type: 'string', multiple: true }, port: { type: 'string' } } as const;

/** Runs the daemon until SIGTERM/SIGINT; resolves to the exit code. */
export async function upCommand(argv: readonly string[]): Promise<number> {
  const args = parse('up', argv, upOptions, 'none');
  const port = str(args, 'port');
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)) throw new UsageError(`tickwork up: --port ${port}: expected a port number from 1 to 65535`);
  const projectOptions = list(args, 'project');
  const files = (projectOptions.length ? projectOptions : [undefined]).map((p) => projectFileFor(p));
  const store = openHomeStore();
  const lock = acquireDaemonLock(store.home.root);
  if (!lock.ok) throw new CliExit(2, [`tickwork up: a daemon is already running for ${store.home.root} (pid ${lock.holder.pid}); stop it with tickwork down`]);
  // Times in the served project's zone once it is loaded (see Daemon.logZone), this machine's before.
  let stamp = (ms: number): string => zonedTimestamp(ms, localTimeZone());
  const log = (line: string): void => void process.stdout.write(`${stamp(Date.now())} ${line}\n`);
  const print = progressPrinter(log);
  let api: ApiServer | undefined;
  const daemon = new Daemon({
    db: store.db,
    home: store.home,
    projectFiles: files,
    log,
    onEvent: (event) => {
      print(event);
      api?.journalChanged(); // every engine transition appended an event: push it to live views now
    },
    onJournal: () => api?.journalChanged(), // alerts opened or resolved
  });
  stamp = (ms) => daemon.logTime(ms);
  const started = daemon.start();
  if (!started.ok) {
    releaseDaemonLock(store.home.root);
    throw new CliExit(2, [...started.problems, 'tickwork up: no valid project to run']);
  }
  try {
    api = await startApiServer({
      db: store.db,
      homeRoot: store.home.root,
      engine: daemon.engine,
      projects: () => daemon.projectList(),
      scheduler: daemon.scheduler,
      configProblems: () => daemon.configProblems(),
      backfills: daemon.backfills,
      desktop: daemon.desktop,
      ...(port ? { port: Number(port) } : {}),
    });
  } catch (error) {
    await daemon.stop();
    releaseDaemonLock(store.home.root);
    throw new CliExit(2, [`tickwork up: cannot serve the API on 127.0.0.1:${port ?? '(any)'}: ${(error as Error).message}`]);
  }
  log(`tickwork daemon up (pid ${process.pid}, home ${store.home.root}, ${plural(files.length, 'project')}, API http://127.0.0.1:${api.port})`);
  for (const { target, at } of daemon.scheduler.upcoming()) log(`next: ${target.name} at ${daemon.logTime(at)}`);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: NodeJS.Signals): void => {
      log(`${signal}: stopping (running attempts carry on; the next start adopts them)`);
      void api.close().then(() => daemon.stop()).then(resolve);
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
  releaseDaemonLock(store.home.root);
  store.db.close();
  return 0;
}

/** Options `down` accepts: none. */
export const downOptions = {} as const;

/** `tickwork down`: asks the running daemon to stop and waits until it has. */
export async function downCommand(argv: readonly string[]): Promise<number> {
  parse('down', argv, downOptions, 'none');
  const home = resolveHomeDir();
  const daemon = runningDaemon(home);
  if (!daemon) {
    process.stdout.write(`no daemon is running for ${home}\n`);
    return 0;
  }
  process.kill(daemon.pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (runningDaemon(home) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (runningDaemon(home)) throw new CliExit(1, [`tickwork down: the daemon (pid ${daemon.pid}) did not stop within 15 s`]);
  process.stdout.write(`daemon (pid ${daemon.pid}) stopped\n`);
  return 0;
}
