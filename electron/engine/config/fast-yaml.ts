/**
 * A fast YAML reader for valid files: the subset reader (subset-yaml.ts),
 * else js-yaml, with YAML 1.2 core-schema
 * types that keep each scalar's source text (so `0800` in an argv list stays
 * "0800", as the positional parser keeps it), turned into the same `yaml`
 * node types the validator reads. Used only when the whole file is valid;
 * any doubt goes to the positional parser (load-project.ts).
 */
import { FAILSAFE_SCHEMA, Type, load } from 'js-yaml';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { BOOL, FLOAT, INT, NULL, SourcedScalar, toBool, toNumberScalar } from './core-scalars.js';
import { readSubset } from './subset-yaml.js';

const SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (data: string | null) => data === null || NULL.test(data), construct: () => null }),
    new Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (data: string | null) => data !== null && BOOL.test(data),
      construct: toBool,
    }),
    new Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (data: string | null) => data !== null && INT.test(data),
      construct: toNumberScalar,
    }),
    new Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (data: string | null) => data !== null && FLOAT.test(data),
      construct: toNumberScalar,
    }),
  ],
});

/** What js-yaml reads from `source` with the core-schema types above; throws on anything it refuses (e.g. duplicate keys). */
export function readWithJsYaml(source: string, file: string): unknown {
  return load(source, { schema: SCHEMA, filename: file });
}

/** Parses `source` into a node tree without positions (the subset reader first, else js-yaml); throws on anything js-yaml refuses. */
export function parseFast(source: string, file: string): Document {
  const subset = readSubset(source);
  const data = subset === undefined ? readWithJsYaml(source, file) : subset.value;
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
