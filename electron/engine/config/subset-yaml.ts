/**
 * A reader for the plain subset of YAML that tickwork.yaml files are
 * written in, giving exactly what js-yaml gives with the core-schema types
 * of fast-yaml.ts, several times faster: it works line by line, with
 * regular expressions (compiled to native code) where js-yaml walks
 * character by character in JavaScript that a one-second command never
 * gets to optimize (a 1000-pipeline file: ~35 ms with js-yaml).
 *
 * The subset: block mappings whose keys are plain words, block sequences
 * of inline values, and inline values that are plain, single-quoted or
 * escape-free double-quoted scalars, or flow collections closed on their
 * own line; comments; spaces for indentation. Anything else (tabs, anchors,
 * tags, block scalars, multi-line scalars or flows, `- key: value` items,
 * duplicate keys, documents markers, CRLF) returns undefined and the file
 * goes to js-yaml as before. So this reader only has to agree with js-yaml
 * on what it accepts; a test checks it does, file by file and on
 * generated documents.
 */
import { resolvePlain } from './core-scalars.js';

/** The document, or undefined when the text leaves the subset. */
export function readSubset(source: string): { readonly value: unknown } | undefined {
  if (UNUSUAL_SPACE.test(source)) return undefined;
  const lines: Line[] = [];
  for (const raw of source.split('\n')) {
    const indent = raw.length - raw.replace(/^ +/, '').length;
    const content = raw.slice(indent).replace(/ +$/, '');
    if (content === '' || content.startsWith('#')) continue;
    if (raw.startsWith('---') || raw.startsWith('...') || raw.startsWith('%')) return undefined;
    lines.push({ indent, content });
  }
  if (lines.length === 0) return undefined;
  const reader = new BlockReader(lines);
  try {
    const value = reader.block(0);
    return reader.done() ? { value } : undefined;
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

interface Line {
  readonly indent: number;
  readonly content: string;
}

/** Thrown (and caught in readSubset) the moment the text leaves the subset. */
class OutsideSubset extends Error {}

function outside(): never {
  throw new OutsideSubset();
}

/** Tabs, carriage returns, a byte-order mark and the Unicode spaces YAML and JavaScript trim differently. */
const UNUSUAL_SPACE = /[\t\r\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** `key:` or `key: value`, with a plain word for the key. */
const MAPPING_ENTRY = /^([A-Za-z_][A-Za-z0-9_.-]*):(?: +(.*))?$/;
/** A plain word as a flow mapping's key, with the `: ` after it. */
const FLOW_KEY = /[A-Za-z_][A-Za-z0-9_.-]*: /y;
/** A flow scalar (up to the next `,`, `]` or `}`). */
const FLOW_PLAIN = /[^,[\]{}]+/y;
/** First characters that make a plain scalar something else (indicators), `-` allowed before a digit or dot. */
const NOT_PLAIN_START = /^(?:[[\]{},#&*!|>'"%@`?:]|-(?![0-9.]))/;

class BlockReader {
  private at = 0;

  constructor(private readonly lines: readonly Line[]) {}

  /** True once every line was read. */
  done(): boolean {
    return this.at === this.lines.length;
  }

  /** The mapping or sequence whose entries sit at `indent`, from the current line on. */
  block(indent: number): unknown {
    const first = this.lines[this.at]!;
    if (first.indent !== indent) outside();
    return first.content === '-' || first.content.startsWith('- ') ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    while (this.at < this.lines.length && this.lines[this.at]!.indent >= indent) {
      const line = this.lines[this.at]!;
      if (line.indent !== indent) outside();
      const entry = MAPPING_ENTRY.exec(line.content) ?? outside();
      this.at++;
      setEntry(map, entry[1]!, this.valueAfter(entry[2] ?? '', indent));
    }
    return map;
  }

  private sequence(indent: number): unknown[] {
    const seq: unknown[] = [];
    while (this.at < this.lines.length && this.lines[this.at]!.indent >= indent) {
      const line = this.lines[this.at]!;
      if (line.indent !== indent || !line.content.startsWith('- ')) outside(); // `-` alone opens a nested block: outside
      const rest = line.content.slice(2).replace(/^ +/, '');
      // A compact mapping or sequence, or an item whose value is a nested block.
      if (MAPPING_ENTRY.test(rest) || rest.startsWith('-') || rest.startsWith('#')) outside();
      this.at++;
      seq.push(this.valueAfter(rest, indent));
    }
    return seq;
  }

  /** The value written after `key:` (or `- `) on a line at `indent`: inline, or the block nested below it. */
  private valueAfter(text: string, indent: number): unknown {
    const next = this.lines[this.at];
    const nested = next !== undefined && next.indent > indent;
    if (text === '' || text.startsWith('#')) return nested ? this.block(next.indent) : null;
    if (nested) outside(); // a scalar continued on the next line
    return inlineValue(text);
  }
}

/**
 * Sets a mapping entry, leaving to js-yaml a repeated key and the keys it
 * reads differently: it resolves keys through the same types (`true:` would
 * become "[object Object]"), and `__proto__` is special to it.
 */
function setEntry(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__' || typeof resolvePlain(key) !== 'string' || Object.hasOwn(map, key)) outside();
  map[key] = value;
}

/** A value written on one line after its key or dash, a trailing comment allowed. */
function inlineValue(text: string): unknown {
  const first = text[0]!;
  if (first === '[' || first === '{' || first === '"' || first === "'") {
    const flow = new FlowReader(text);
    const value = flow.value();
    flow.end();
    return value;
  }
  if (NOT_PLAIN_START.test(text)) outside();
  const comment = text.indexOf(' #');
  const plain = (comment === -1 ? text : text.slice(0, comment)).trimEnd();
  // `: ` would start a mapping, a trailing `:` a key; js-yaml reads both otherwise.
  if (plain.includes(': ') || plain.endsWith(':')) outside();
  return resolvePlain(plain);
}

/** Reads flow collections and quoted scalars within one line. */
class FlowReader {
  private at = 0;

  constructor(private readonly text: string) {}

  value(): unknown {
    this.skipSpaces();
    const c = this.text[this.at];
    if (c === '[') return this.sequence();
    if (c === '{') return this.mapping();
    if (c === '"') return this.doubleQuoted();
    if (c === "'") return this.singleQuoted();
    FLOW_PLAIN.lastIndex = this.at;
    const match = FLOW_PLAIN.exec(this.text) ?? outside();
    const plain = match[0].trimEnd();
    // A `:` or `#` inside a flow scalar, or an indicator first, is read differently by YAML's rules for flows: leave it to js-yaml.
    if (plain === '' || NOT_PLAIN_START.test(plain) || plain.includes(':') || plain.includes('#')) outside();
    this.at += match[0].length;
    return resolvePlain(plain);
  }

  /** Only spaces and a comment may follow the value. */
  end(): void {
    this.skipSpaces();
    if (this.at < this.text.length && !(this.text[this.at] === '#' && this.text[this.at - 1] === ' ')) outside();
  }

  private sequence(): unknown[] {
    const seq: unknown[] = [];
    this.at++; // [
    this.skipSpaces();
    if (this.text[this.at] === ']') {
      this.at++;
      return seq;
    }
    for (;;) {
      seq.push(this.value());
      if (this.separator(']')) return seq;
    }
  }

  private mapping(): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    this.at++; // {
    this.skipSpaces();
    if (this.text[this.at] === '}') {
      this.at++;
      return map;
    }
    for (;;) {
      FLOW_KEY.lastIndex = this.at;
      const match = FLOW_KEY.exec(this.text) ?? outside();
      this.at += match[0].length;
      this.skipSpaces();
      if (this.text[this.at] === ',' || this.text[this.at] === '}') outside(); // `{a: }`: an empty value
      setEntry(map, match[0].slice(0, -2), this.value());
      if (this.separator('}')) return map;
    }
  }

  /** After an item: true at the closing bracket, false after a comma (never before a closing bracket). */
  private separator(close: string): boolean {
    this.skipSpaces();
    const c = this.text[this.at];
    this.at++;
    if (c === close) return true;
    if (c !== ',') outside();
    this.skipSpaces();
    if (this.text[this.at] === close) outside(); // a trailing comma
    return false;
  }

  private doubleQuoted(): string {
    const close = this.text.indexOf('"', this.at + 1);
    if (close === -1) outside();
    const body = this.text.slice(this.at + 1, close);
    if (body.includes('\\')) outside(); // escapes: js-yaml's
    this.at = close + 1;
    return body;
  }

  private singleQuoted(): string {
    let body = '';
    let from = this.at + 1;
    for (;;) {
      const quote = this.text.indexOf("'", from);
      if (quote === -1) outside();
      body += this.text.slice(from, quote);
      if (this.text[quote + 1] !== "'") {
        this.at = quote + 1;
        return body;
      }
      body += "'";
      from = quote + 2;
    }
  }

  private skipSpaces(): void {
    while (this.text[this.at] === ' ') this.at++;
  }
}
