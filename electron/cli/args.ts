/**
 * Command-line parsing on Node's util.parseArgs, with usage errors as values
 * the CLI turns into exit code 2 (never a stack trace).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

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

/** Parses `argv` strictly: unknown options are usage errors naming the command. */
export function parse(command: string, argv: readonly string[], options: OptionSpec): Parsed {
  try {
    const result = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: result.values as Parsed['values'], positionals: result.positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`tickwork ${command}: ${message}`);
  }
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
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`tickwork ${command}: --${name} ${value}: expected a positive integer`);
  return Number(value);
}

/** Parses repeated `key=value` options into a map. */
export function keyValues(values: readonly string[], option: string, command: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`tickwork ${command}: --${option} ${item}: expected key=value`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
