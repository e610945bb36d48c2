/**
 * `tickwork ui [--no-open] [--project DIR]`: opens the dashboard of the
 * running daemon in the default browser, signed in through a one-time login
 * URL (the daemon trades it for a session cookie); `--no-open` prints that
 * URL on one line instead, for scripts. Exit 2 when no daemon runs.
 */
import { spawn } from 'node:child_process';
import { parse, str, flag } from '../args.js';
import { CliExit, projectFileFor } from '../context.js';
import { ApiCallError, callDaemon, daemonApi, loginUrl, withNext } from '../daemon-client.js';
import { resolveHomeDir } from '../../engine/home.js';

/** Options the parser accepts (help.ts describes each). */
export const uiOptions = { 'no-open': { type: 'boolean' }, project: { type: 'string' } } as const;

/** Runs the command. */
export async function uiCommand(argv: readonly string[]): Promise<number> {
  const args = parse('ui', argv, uiOptions, 'none');
  const home = resolveHomeDir();
  const api = daemonApi(home);
  if (!api) {
    throw new CliExit(2, [
      `tickwork ui: no daemon is running for ${home}: the dashboard is served by it.`,
      'Start one with `tickwork up` (in your project, or with --project DIR), then run `tickwork ui` again.',
    ]);
  }
  const projectOption = str(args, 'project');
  let next = '/';
  if (projectOption !== undefined) {
    const file = projectFileFor(projectOption);
    const served = await callDaemon(api, 'projects.list', {}).catch(unreachable);
    if (!served.some((p) => p.file === file)) {
      throw new CliExit(2, [`tickwork ui: the running daemon does not serve ${file}; restart it with it: tickwork down, then tickwork up --project ${projectOption}`]);
    }
    next = `/runs?project=${encodeURIComponent(file)}`;
  }
  const { url } = await loginUrl(api).catch(unreachable);
  const full = withNext(url, next);
  if (flag(args, 'no-open')) {
    process.stdout.write(full + '\n');
    return 0;
  }
  const opened = await openBrowser(full);
  if (opened !== true) {
    process.stderr.write(`tickwork ui: could not open a browser (${opened}); open this URL (it works once, for 2 minutes):\n`);
    process.stdout.write(full + '\n');
    return 0;
  }
  process.stderr.write(`tickwork ui: opened the dashboard in your browser (http://127.0.0.1:${api.port}/)\n`);
  return 0;
}

/** A daemon that stopped answering between the check and the call. */
function unreachable(error: unknown): never {
  if (error instanceof ApiCallError) throw new CliExit(2, [`tickwork ui: the daemon refused: ${error.message}`]);
  throw new CliExit(2, [`tickwork ui: the daemon does not answer (${(error as Error).message}); is it starting or stopping? Try again, or restart it with tickwork up`]);
}

/** The platform's opener, as a program and its arguments (no shell: the URL holds `&`). */
export function browserCommand(url: string, platform: NodeJS.Platform = process.platform): readonly [string, readonly string[]] {
  if (platform === 'darwin') return ['open', [url]];
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

/** Starts the opener detached; true once it started, else why not. */
function openBrowser(url: string): Promise<true | string> {
  const [program, programArgs] = browserCommand(url);
  return new Promise((resolve) => {
    const child = spawn(program, programArgs, { detached: true, stdio: 'ignore' });
    child.once('error', (error) => resolve(`${program}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : error.message}`));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
