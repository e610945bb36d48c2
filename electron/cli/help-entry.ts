/**
 * The shape of one command's help entry (CommandHelp) and the helpers that
 * type an entry against the parser's option spec; help.ts holds the entries,
 * help-text.ts renders them.
 */
import type { OptionSpec } from './args.js';

/** How one option is described: [VALUE, text] when it takes a value, else the text. */
type OptionText<O> = O extends { readonly type: 'string' } ? readonly [value: string, text: string] : string;

/** Help of one command; `options` has exactly the keys of `spec`. */
export interface CommandHelp<S extends OptionSpec = OptionSpec> {
  /** One line for the command list of `tickwork --help`. */
  readonly summary: string;
  /** Usage lines without the leading "usage: ", e.g. `tickwork logs RUN [options]`. */
  readonly usage: readonly string[];
  /** The option spec the command's parser uses. */
  readonly spec: S;
  readonly options: { readonly [K in keyof S]: OptionText<S[K]> };
  /** Command lines a user can copy (at least one). */
  readonly examples: readonly string[];
  /** Anything else worth a line (defaults, what a word means). */
  readonly notes?: readonly string[];
  /** Subcommands that parse with a spec of their own (`alerts snooze ID --for 1h`), by name. */
  readonly subcommands?: Readonly<Record<string, SubcommandHelp>>;
}

/** Help of a subcommand with its own options; `options` has exactly the keys of `spec`. */
export interface SubcommandHelp<S extends OptionSpec = OptionSpec> {
  /** What it does, in one line. */
  readonly summary: string;
  /** The option spec the subcommand's parser uses. */
  readonly spec: S;
  readonly options: { readonly [K in keyof S]: OptionText<S[K]> };
}

/** Types an entry against its spec, then widens it for the table. */
export function describe<S extends OptionSpec>(help: CommandHelp<S>): CommandHelp {
  return help as unknown as CommandHelp;
}

/** Types a subcommand's entry against its spec, then widens it. */
export function subcommand<S extends OptionSpec>(help: SubcommandHelp<S>): SubcommandHelp {
  return help as unknown as SubcommandHelp;
}

/** The --project option's description, shared by every command that takes it. */
export const PROJECT: readonly [string, string] = ['DIR', 'the project: DIR/tickwork.yaml or that file (default: this directory or a parent)'];
/** The --json option's description. */
export const JSON_OUT = 'print JSON instead of text';
/** Shown for an option an entry forgot to describe. */
export const UNDESCRIBED = '(undescribed: add it to electron/cli/help.ts)';
/** The --project description of a command that reads runs (the file need not be valid). */
export const runsOf = (what: string): readonly [string, string] => ['DIR', `only ${what} of the project in DIR (its tickwork.yaml; it need not be valid)`];
/** The note of every command that takes a date. */
export const DATE_WORDS_NOTE = 'a date is YYYY-MM-DD or one of today, yesterday, last-trading-day (see tickwork help dates)';
