/**
 * Command-line parsing on Node's util.parseArgs, with usage errors as values
 * the CLI turns into exit code 2 (never a stack trace).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../engine/plan/did-you-mean.js';
import { OPTION_EXAMPLES } from './option-examples.js';

/** A mistake in how a command was called (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Option declarations of one command. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed options and positionals. */
export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

/**
 * Parses `argv` strictly: unknown options are usage errors naming the command,
 * and so are positional arguments unless `positionals` says the command takes them.
 */
export function parse(command: string, argv: readonly string[], options: OptionSpec, positionals: 'none' | 'some' = 'some'): Parsed {
  let result: ReturnType<typeof parseArgs>;
  try {
    result = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`tickwork ${command}: ${parseProblem((error as Error).message, argv, options, command)}`);
  }
  if (positionals === 'none' && result.positionals.length > 0) {
    throw new UsageError(`tickwork ${command}: unexpected argument "${result.positionals[0]}" (this command takes only options; see tickwork --help)`);
  }
  return { values: result.values as Parsed['values'], positionals: result.positionals };
}

/** Node's parseArgs message in words a user can act on: what is wrong with which option, and what to write instead. */
function parseProblem(message: string, argv: readonly string[], options: OptionSpec, command: string): string {
  const help = `tickwork ${command} --help lists the options`;
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message);
  if (unknown) {
    const [, dashes, name] = unknown;
    const suggestion = dashes === '--' ? didYouMean(name!, Object.keys(options)) : undefined;
    return `unknown option ${dashes}${name}${suggestion ? `; did you mean --${suggestion}?` : ''} (${help})`;
  }
  const missing = /^Option '(?:-\w, )?--([\w-]+) <value>' argument missing/.exec(message);
  if (missing) return needsValue(missing[1]!, command);
  const ambiguous = /^Option '(?:-(\w), )?--([\w-]+)(?: <value>)?' argument is ambiguous/.exec(message);
  if (ambiguous) {
    const [, short, name] = ambiguous;
    const value = argv[argv.findIndex((a) => a === `--${name}` || (short !== undefined && a === `-${short}`)) + 1] ?? '';
    // `--date --wait`: the value was left out, not meant to start with a dash.
    if (isOptionOf(value, options)) return needsValue(name!, command);
    return `--${name} ${value}: a value starting with "-" reads as an option; write --${name}=${value} if you meant it`;
  }
  const valueless = /^Option '(?:-\w, )?--([\w-]+)' does not take an argument/.exec(message);
  if (valueless) return `--${valueless[1]} takes no value (write --${valueless[1]} alone; ${help})`;
  return message.replace(/\. To specify a positional argument.*$/s, '');
}

/** `--date needs a value, e.g. --date 2025-02-03`. */
function needsValue(name: string, command: string): string {
  const example = OPTION_EXAMPLES[name];
  return `--${name} needs a value${example ? `, e.g. --${name} ${example}` : ` (tickwork ${command} --help describes it)`}`;
}

/** True when `arg` is one of the command's options (or --help), as `--name`, `--name=…` or `-x`. */
function isOptionOf(arg: string, options: OptionSpec): boolean {
  const long = /^--([\w-]+)/.exec(arg)?.[1];
  if (long !== undefined) return long === 'help' || Object.hasOwn(options, long);
  const short = /^-(\w)$/.exec(arg)?.[1];
  return short !== undefined && (short === 'h' || Object.values(options).some((o) => o.short === short));
}

/** A string option or undefined. */
export function str(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean flag. */
export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}

/** All values of a repeatable option. */
export function list(parsed: Parsed, name: string): string[] {
  const value = parsed.values[name];
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

/** A positive integer option, or `fallback`. */
export function int(parsed: Parsed, name: string, fallback: number, command: string): number {
  const value = str(parsed, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`tickwork ${command}: --${name} ${value}: expected a positive integer`);
  }
  return Number(value);
}

/** Parses repeated `key=value` options into a map. */
export function keyValues(values: readonly string[], option: string, command: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`tickwork ${command}: --${option} ${item}: expected key=value`);
    const key = item.slice(0, eq);
    if (Object.hasOwn(out, key)) throw new UsageError(`tickwork ${command}: --${option} ${key}= given twice (${key}=${out[key]} and ${item}); give each key once`);
    out[key] = item.slice(eq + 1);
  }
  return out;
}
