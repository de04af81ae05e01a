import { attachNumberLiterals, renderPath, type PathSegment } from '#domain';

/**
 * A JSON reader for untrusted request bodies. JSON.parse keeps the last of two equal member
 * names, builds `__proto__` members, nests as deep as the stack allows and rounds numbers
 * silently; this one refuses the first three with a named code and the place, and keeps the
 * text of every number a double cannot spell back (NUMBER_LITERALS). A number beyond what a
 * double holds at all (1e400, a 400-digit integer) is refused, as I-JSON (RFC 7493) asks: it
 * would become Infinity, which JSON cannot even write back. It follows RFC 8259's
 * grammar exactly: no comments, trailing commas, single quotes, leading zeros, NaN or BOM.
 * Errors never quote the body: they give a character position or a path.
 */

export type StrictJsonCode = 'malformed_json' | 'body_too_deep' | 'duplicate_key' | 'forbidden_key' | 'number_out_of_range';

export class StrictJsonError extends Error {
  constructor(
    readonly code: StrictJsonCode,
    /** The path of the offending member (`donor.name`), or null for a syntax error. */
    readonly field: string | null,
    detail: string,
  ) {
    super(detail);
    this.name = 'StrictJsonError';
  }
}

/** Member names that reach into an object's prototype when code assigns or merges them. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface StrictJsonOptions {
  /** Objects and arrays nested deeper than this are refused; the body itself is level 1. */
  maxDepth: number;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

class Reader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  document(): unknown {
    this.space();
    const value = this.value([]);
    this.space();
    if (this.at < this.text.length) this.malformed('unexpected text after the JSON value');
    return value;
  }

  private malformed(what: string): never {
    throw new StrictJsonError('malformed_json', null, `the request body is not valid JSON: ${what} at character ${this.at}`);
  }

  private space(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.at);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.at += 1;
    }
  }

  private value(path: PathSegment[]): unknown {
    const c = this.text[this.at];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number(path).value;
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return this.malformed(c === undefined ? 'the body ends where a value should be' : 'a value was expected');
  }

  private enter(path: PathSegment[]): void {
    if (path.length + 1 > this.maxDepth) {
      throw new StrictJsonError('body_too_deep', renderPath(path), `the request body nests objects and arrays deeper than ${this.maxDepth} levels`);
    }
    this.at += 1;
    this.space();
  }

  /** After a member or element: true for another one, false at the closing bracket. */
  private more(close: string): boolean {
    this.space();
    const c = this.text[this.at];
    if (c !== ',' && c !== close) this.malformed(`',' or '${close}' was expected`);
    this.at += 1;
    if (c === close) return false;
    this.space();
    return true;
  }

  /** Reads one member or element into the container; keeps the number's text when it must. */
  private element(container: Record<string, unknown>, key: string, path: PathSegment[], segment: PathSegment, literals: Record<string, string>): void {
    const c = this.text[this.at];
    if (c === '-' || (c >= '0' && c <= '9')) {
      const { value, literal } = this.number([...path, segment]);
      container[key] = value;
      if (literal !== null) literals[key] = literal;
      return;
    }
    container[key] = this.value([...path, segment]);
  }

  private object(path: PathSegment[]): Record<string, unknown> {
    this.enter(path);
    const object: Record<string, unknown> = {};
    const literals: Record<string, string> = {};
    if (this.text[this.at] === '}') {
      this.at += 1;
      return object;
    }
    for (let position = 0; ; position += 1) {
      if (this.text[this.at] !== '"') this.malformed('a member name in double quotes was expected');
      const key = this.string();
      const segment = { key, position };
      if (FORBIDDEN_KEYS.has(key)) {
        throw new StrictJsonError('forbidden_key', renderPath(path), `the member name "${key}" is not allowed anywhere in a request body`);
      }
      if (Object.prototype.hasOwnProperty.call(object, key)) {
        throw new StrictJsonError('duplicate_key', renderPath([...path, segment]), `${renderPath([...path, segment])} appears twice in one object`);
      }
      this.space();
      if (this.text[this.at] !== ':') this.malformed("':' was expected");
      this.at += 1;
      this.space();
      this.element(object, key, path, segment, literals);
      if (!this.more('}')) break;
    }
    attachNumberLiterals(object, Object.keys(literals).length > 0 ? literals : null);
    return object;
  }

  private array(path: PathSegment[]): unknown[] {
    this.enter(path);
    const array: unknown[] = [];
    const literals: Record<string, string> = {};
    if (this.text[this.at] === ']') {
      this.at += 1;
      return array;
    }
    for (let index = 0; ; index += 1) {
      this.element(array as unknown as Record<string, unknown>, String(index), path, index, literals);
      if (!this.more(']')) break;
    }
    attachNumberLiterals(array, Object.keys(literals).length > 0 ? literals : null);
    return array;
  }

  private number(path: PathSegment[]): { value: number; literal: string | null } {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (match === null) return this.malformed('a number was expected');
    this.at += match[0].length;
    const next = this.text[this.at];
    if (next !== undefined && /[0-9A-Za-z.+-]/.test(next)) this.malformed('a number is badly formed');
    const value = Number(match[0]);
    if (!Number.isFinite(value)) {
      throw new StrictJsonError('number_out_of_range', renderPath(path), `${renderPath(path)} is a number beyond what a double holds`);
    }
    return { value, literal: String(value) === match[0] ? null : match[0] };
  }

  private string(): string {
    this.at += 1;
    let result = '';
    let start = this.at;
    for (;;) {
      const c = this.text.charCodeAt(this.at);
      if (Number.isNaN(c)) return this.malformed('a string is not closed');
      if (c < 0x20) return this.malformed('a control character must be escaped in a string');
      if (c === 0x22) break;
      if (c !== 0x5c) {
        this.at += 1;
        continue;
      }
      result += this.text.slice(start, this.at) + this.escape();
      start = this.at;
    }
    result += this.text.slice(start, this.at);
    this.at += 1;
    return result;
  }

  private escape(): string {
    const c = this.text[this.at + 1];
    if (c === 'u') {
      const hex = this.text.slice(this.at + 2, this.at + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.malformed('a \\u escape needs four hexadecimal digits');
      this.at += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const escaped = c === undefined ? undefined : ESCAPES.get(c);
    if (escaped === undefined) this.malformed('an unknown escape in a string');
    this.at += 2;
    return escaped as string;
  }
}

/** Parses a request body strictly; throws StrictJsonError, naming the place but never the content. */
export function parseStrictJson(text: string, options: StrictJsonOptions): unknown {
  return new Reader(text, options.maxDepth).document();
}
