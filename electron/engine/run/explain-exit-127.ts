/**
 * Exit status 127 is how a shell says "command not found"; an attempt that
 * ended so says it in words. An argv command's program is looked up on PATH
 * again (the reason, and a line in its log, name it and the PATH searched); a
 * shell command's own "not found" message is read from the end of its log.
 */
import fs from 'node:fs';
import type { TaskSpec } from '../../../shared/run-model.js';
import type { AttemptVerdict } from './attempt-outcome.js';
import { commandNotFound } from '../exec/resolve-program.js';
import { readTail } from '../exec/local-executor.js';

/** Bytes of a shell command's log searched for the shell's "not found" line. */
const SHELL_MESSAGE_BYTES = 4096;

/**
 * The names a shell said it could not find, in `output` order. Covers dash
 * (`sh: 1: NAME: not found`, `tickwork-task: 1: eval: NAME: not found`),
 * bash (`sh: line 1: NAME: command not found`), busybox ash and zsh
 * (`zsh:1: command not found: NAME`).
 */
export function shellNotFoundNames(output: string): string[] {
  const names: string[] = [];
  // The first word is the shell's $0: `sh`, `/bin/bash`, or the wrapper's `tickwork-task` (which runs the command through eval).
  const posix = /^[^\s:]+(?:: line \d+|: \d+)?(?:: eval)?: (.+?): (?:command )?not found\s*$/;
  const zsh = /^[^\s:]+:(?:\d+:)? command not found: (.+?)\s*$/;
  for (const line of output.split('\n')) {
    const match = posix.exec(line) ?? zsh.exec(line);
    if (match) names.push(match[1]!);
  }
  return names;
}

/** The verdict of an attempt that exited 127, with `command not found: NAME` in its summary when that is why. */
export function explainExit127(verdict: AttemptVerdict, task: { readonly spec: TaskSpec }, logPath: string): AttemptVerdict {
  const { command, env, cwd } = task.spec;
  if (verdict.exitCode !== 127 || verdict.state !== 'failed') return verdict;
  if (command.kind === 'shell') {
    const name = shellNotFoundNames(readTail(logPath, SHELL_MESSAGE_BYTES)).at(-1);
    return name === undefined ? verdict : { ...verdict, summary: `command not found: ${name}; exit code 127` };
  }
  const program = command.argv[0] ?? '';
  if (program.includes('{{')) return verdict;
  const why = commandNotFound(program, env.PATH ?? process.env.PATH, cwd);
  if (why === null) return verdict;
  try {
    fs.appendFileSync(logPath, `tickwork: ${why}\n`);
  } catch {
    // the log is gone: the reason still says it
  }
  return { ...verdict, summary: `${why}; exit code 127` };
}
