/**
 * The one contract of the desktop shell's native actions (the only things
 * IPC carries; data goes over the HTTP + SSE API as in a browser). Each
 * method has a name, a validator of its params (pure: raw value → the typed
 * params, or a message saying what is wrong) and a result type. The channel
 * names, the preload's exposed object and the main process's handlers are
 * all derived from `SHELL_CONTRACT`, so no list of channels is kept by hand.
 *
 * Results that a person can cause to fail (the log is not written yet, the
 * file is not one the daemon serves) are values (`ShellOutcome`); a
 * rejected promise means the call itself was refused (a foreign sender, bad
 * params): a bug or an attack, not something to word for a person.
 */
import { checkPreference, type DesktopPreferences } from './shell-preferences.js';
import { isAbsolutePath, isPlainObject } from './value-checks.js';

/** A validator's answer: the typed value, or what is wrong with the input. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** What a native action did: done, or why not (a sentence for the person who asked). */
export type ShellOutcome = { readonly done: true } | { readonly done: false; readonly problem: string };

/** revealLog: the log file of attempt `attempt` of task `task` in run `run`. */
export interface RevealLogParams {
  readonly run: number;
  readonly task: string;
  readonly attempt: number;
}

/** openInEditor: a served tickwork.yaml (absolute path) at a line and, optionally, a column (1-based). */
export interface OpenInEditorParams {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/** One method of the contract: its params' validator; `R` is its result (a type only). */
export interface ShellMethodSpec<P, R> {
  readonly check: (raw: unknown) => Checked<P>;
  /** Never read: carries the result type. */
  readonly result?: R;
}

/** The fields setPreferences may change (never `projects`: see shared/shell-preferences.ts). */
const DESKTOP_PREFERENCE_FIELDS = ['launchAtLogin', 'keepRunningOnQuit', 'notify'] as const satisfies ReadonlyArray<keyof DesktopPreferences>;

/** Pipeline and job names (config/project-sections.ts NAME_PATTERN): no path separators, no `..` at the start. */
const TASK_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** See the file comment. */
export const SHELL_CONTRACT = {
  revealLog: spec<RevealLogParams, ShellOutcome>((raw) =>
    fields(raw, ['run', 'task', 'attempt'], (r) => {
      if (!isPositiveInt(r.run)) return fail('run must be a positive whole number');
      if (typeof r.task !== 'string' || !TASK_NAME.test(r.task)) return fail('task must be a pipeline or job name');
      if (!isPositiveInt(r.attempt)) return fail('attempt must be a positive whole number');
      return pass({ run: r.run, task: r.task, attempt: r.attempt });
    }),
  ),
  openInEditor: spec<OpenInEditorParams, ShellOutcome>((raw) =>
    fields(raw, ['file', 'line', 'column'], (r) => {
      if (typeof r.file !== 'string' || !isAbsolutePath(r.file)) return fail('file must be an absolute path');
      if (!/(^|[\\/])tickwork\.ya?ml$/.test(r.file)) return fail('file must be a tickwork.yaml');
      if (!isPositiveInt(r.line)) return fail('line must be a positive whole number');
      if (r.column !== undefined && !isPositiveInt(r.column)) return fail('column must be a positive whole number');
      return pass(r.column === undefined ? { file: r.file, line: r.line } : { file: r.file, line: r.line, column: r.column });
    }),
  ),
  getPreferences: spec<Record<string, never>, DesktopPreferences>((raw) => fields(raw, [], () => pass({}))),
  setPreferences: spec<Partial<DesktopPreferences>, DesktopPreferences>((raw) =>
    fields(raw, DESKTOP_PREFERENCE_FIELDS, (r) => {
      const patch: Record<string, unknown> = {};
      for (const name of DESKTOP_PREFERENCE_FIELDS) {
        if (r[name] === undefined) continue;
        const checked = checkPreference(name, r[name]);
        if (!checked.ok) return fail(`${checked.field} must be ${checked.expected}`);
        patch[name] = checked.value;
      }
      return pass(patch as Partial<DesktopPreferences>);
    }),
  ),
} as const;

/** The name of one native action. */
export type ShellMethod = keyof typeof SHELL_CONTRACT;

/** The params of `M`. */
export type ShellParams<M extends ShellMethod> = (typeof SHELL_CONTRACT)[M] extends ShellMethodSpec<infer P, unknown> ? P : never;

/** The result of `M`. */
export type ShellResult<M extends ShellMethod> = (typeof SHELL_CONTRACT)[M] extends ShellMethodSpec<unknown, infer R> ? R : never;

/** Every method name, in the contract's order (what the preload exposes and setup-ipc handles). */
export const SHELL_METHODS = Object.keys(SHELL_CONTRACT) as ShellMethod[];

/** What the preload exposes as `window.tickworkShell`: one async function per method. */
export type ShellBridge = { readonly [M in ShellMethod]: (params: ShellParams<M>) => Promise<ShellResult<M>> };

/** The name `window.tickworkShell` is exposed under. */
export const SHELL_BRIDGE_KEY = 'tickworkShell';

/** The IPC channel of `method`. */
export function shellChannel(method: ShellMethod): string {
  return `tickwork-shell:${method}`;
}

/** Checks `raw` against `method`'s params. */
export function checkShellParams<M extends ShellMethod>(method: M, raw: unknown): Checked<ShellParams<M>> {
  return (SHELL_CONTRACT[method] as unknown as ShellMethodSpec<ShellParams<M>, ShellResult<M>>).check(raw);
}

function spec<P, R>(check: (raw: unknown) => Checked<P>): ShellMethodSpec<P, R> {
  return { check };
}

function pass<T>(value: T): Checked<T> {
  return { ok: true, value };
}

function fail(error: string): { readonly ok: false; readonly error: string } {
  return { ok: false, error };
}

/** `raw` must be a plain object with no keys beyond `allowed`; then `body` checks the fields. */
function fields<T>(raw: unknown, allowed: readonly string[], body: (record: Record<string, unknown>) => Checked<T>): Checked<T> {
  if (!isPlainObject(raw)) return fail('params must be an object');
  const extra = Object.keys(raw).filter((key) => !allowed.includes(key));
  if (extra.length > 0) return fail(`unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`);
  return body(raw);
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
