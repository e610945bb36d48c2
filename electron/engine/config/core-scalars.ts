/**
 * YAML 1.2 core-schema resolution of plain scalars, keeping the source text
 * of every non-string (so `0800` in an argv list stays "0800", as the
 * positional parser keeps it). Shared by the js-yaml schema (fast-yaml.ts)
 * and the subset reader (subset-yaml.ts), so both read a scalar alike.
 */

/** A resolved non-string scalar and the text it was written as. */
export class SourcedScalar {
  constructor(
    readonly value: number | boolean,
    readonly source: string,
  ) {}
}

// The regular expressions of the YAML 1.2 core schema (as the `yaml` package resolves them).
export const NULL = /^(?:~|[Nn]ull|NULL)?$/;
export const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
export const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
export const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** The number a core-schema int or float is written as. */
export function toNumber(text: string): number {
  if (text.startsWith('0o')) return parseInt(text.slice(2), 8);
  if (text.startsWith('0x')) return parseInt(text.slice(2), 16);
  if (/\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return NaN;
  return Number(text);
}

/** A core-schema int or float written as `text`. */
export function toNumberScalar(text: string): SourcedScalar {
  return new SourcedScalar(toNumber(text), text);
}

/** A bool written as `text`. */
export function toBool(text: string): SourcedScalar {
  return new SourcedScalar(/^t/i.test(text), text);
}

/** A plain (unquoted) scalar as the core schema resolves it, trying null, bool, int and float in that order (as js-yaml's implicit types do). */
export function resolvePlain(text: string): null | string | SourcedScalar {
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return toBool(text);
  if (INT.test(text) || FLOAT.test(text)) return toNumberScalar(text);
  return text;
}
