/**
 * A planned task's first attempt as a person may see it before it runs
 * (`run --dry-run`, plan previews): templates filled, secret-named values of
 * the config's env and params masked by name, and by value wherever they
 * were pasted into the command, cwd or other variables.
 */
import type { CommandSpec } from '../../../shared/config-model.js';
import type { RunRecord, TaskSpec } from '../../../shared/run-model.js';
import { redactRecord, redactText, secretValues } from '../../../shared/secrets.js';
import { renderTask, templateContext } from './render-task.js';

/** A task's resolved command, cwd and config env, secrets masked. */
export interface MaskedTask {
  /** argv, or the script of a shell command. */
  readonly command: readonly string[] | string;
  readonly kind: CommandSpec['kind'];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

/** Renders `spec` for attempt 1 of a run not created yet (`{{run_id}}` is `<new>`) and masks its secrets. */
export function maskedTask(run: Pick<RunRecord, 'partition' | 'params'>, pipeline: string, spec: TaskSpec): MaskedTask {
  const rendered = renderTask(spec, templateContext(run, '<new>', pipeline, 1));
  const configEnv = Object.fromEntries(Object.keys(spec.env).map((k) => [k, rendered.env[k] ?? '']));
  const secrets = secretValues(configEnv, run.params);
  const mask = (text: string): string => redactText(text, secrets);
  return {
    command: rendered.command.kind === 'argv' ? rendered.command.argv.map(mask) : mask(rendered.command.script),
    kind: rendered.command.kind,
    cwd: mask(rendered.cwd),
    env: redactRecord(configEnv, secrets),
  };
}
