/**
 * A fast YAML reader for valid files: js-yaml with YAML 1.2 core-schema
 * types that keep each scalar's source text (so `0800` in an argv list stays
 * "0800", as the positional parser keeps it), turned into the same `yaml`
 * node types the validator reads. Used only when the whole file is valid;
 * any doubt goes to the positional parser (load-project.ts).
 */
import { FAILSAFE_SCHEMA, Type, load } from 'js-yaml';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** A resolved non-string scalar and the text it was written as. */
class SourcedScalar {
  constructor(readonly value: number | boolean, readonly source: string) {}
}

// The regular expressions of the YAML 1.2 core schema (as the `yaml` package resolves them).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function toNumber(text: string): number {
  if (text.startsWith('0o')) return parseInt(text.slice(2), 8);
  if (text.startsWith('0x')) return parseInt(text.slice(2), 16);
  if (/\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return NaN;
  return Number(text);
}

const SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (data: string | null) => data === null || NULL.test(data), construct: () => null }),
    new Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (data: string | null) => data !== null && BOOL.test(data),
      construct: (data: string) => new SourcedScalar(/^t/i.test(data), data),
    }),
    new Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (data: string | null) => data !== null && INT.test(data),
      construct: (data: string) => new SourcedScalar(toNumber(data), data),
    }),
    new Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (data: string | null) => data !== null && FLOAT.test(data),
      construct: (data: string) => new SourcedScalar(toNumber(data), data),
    }),
  ],
});

/** Parses `source` into a node tree without positions; throws on anything js-yaml refuses (e.g. duplicate keys). */
export function parseFast(source: string, file: string): Document {
  const data = load(source, { schema: SCHEMA, filename: file });
  const doc = new Document();
  doc.contents = toNode(data, new Map()) as Document['contents'];
  return doc;
}

/**
 * js-yaml returns an alias as the same object as its anchor; `seen` turns it
 * into the same node, so nested aliases (a "billion laughs" file) cost their
 * written size here, not their expanded size.
 */
function toNode(value: unknown, seen: Map<object, unknown>): unknown {
  if (value instanceof SourcedScalar) {
    const scalar = new Scalar(value.value);
    scalar.source = value.source;
    return scalar;
  }
  if (value === null || typeof value !== 'object') return new Scalar(value);
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    seen.set(value, seq);
    for (const item of value) seq.items.push(toNode(item, seen));
    return seq;
  }
  const map = new YAMLMap();
  seen.set(value, map);
  for (const [key, item] of Object.entries(value)) map.items.push(new Pair(new Scalar(key), toNode(item, seen)));
  return map;
}
