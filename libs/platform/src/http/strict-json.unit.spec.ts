import { numberLiteralOf } from '#domain';
import { parseStrictJson, StrictJsonError } from './strict-json.js';

const parse = (text: string, maxDepth = 8): unknown => parseStrictJson(text, { maxDepth });

/** The refusal a text gets: code, field and message. */
const refusal = (text: string, maxDepth = 8): { code: string; field: string | null; message: string } => {
  try {
    parse(text, maxDepth);
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    return { code: error.code, field: error.field, message: error.message };
  }
  throw new Error(`expected ${text} to be refused`);
};

describe('parseStrictJson', () => {
  describe('reads what JSON.parse reads, the same way', () => {
    it.each([
      '{"amountMinor":2500,"currency":"USD","donor":{"type":"individual","name":"Ada"},"tags":[1,true,false,null]}',
      ' \t\r\n{ "a" : [ ] , "b" : { } } \n',
      '"just a string"',
      '-12.5e-3',
      '0',
      'null',
      '[]',
      '{"escapes":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"}',
      '{"lone":"\\ud800"}',
      '{"":1,"a b":2,"\\u0000":3}',
      '{"toString":1,"hasOwnProperty":2,"__defineGetter__":3}',
    ])('%s', (text) => expect(parse(text)).toStrictEqual(JSON.parse(text)));
  });

  it('reads a long array of numbers in linear time', () => {
    const text = `[${Array.from({ length: 20_000 }, () => '1.0').join(',')}]`;
    const started = Date.now();
    expect((parse(text) as unknown[]).length).toBe(20_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  describe('keeps the text of numbers a double does not spell back', () => {
    it.each([
      ['2500.0', 2500],
      ['2.5e3', 2500],
      ['1E3', 1000],
      ['2500.0000000000001', 2500],
      ['9007199254740993', 9007199254740992],
      ['-0', -0],
      ['1.7976931348623157e308', Number.MAX_VALUE],
    ])('%s', (literal, value) => {
      const body = parse(`{"amountMinor":${literal},"list":[1,${literal}]}`) as { amountMinor: number; list: number[] };
      expect(body.amountMinor).toBe(value);
      expect(numberLiteralOf(body, 'amountMinor')).toBe(literal);
      expect(numberLiteralOf(body.list, 1)).toBe(literal);
      expect(numberLiteralOf(body.list, 0)).toBeUndefined();
    });

    it('but not of numbers it spells back, and never as an enumerable member', () => {
      const body = parse('{"amountMinor":2500,"rate":0.25,"odd":2500.0}') as object;
      expect(numberLiteralOf(body, 'amountMinor')).toBeUndefined();
      expect(numberLiteralOf(body, 'rate')).toBeUndefined();
      expect(Object.keys(body)).toEqual(['amountMinor', 'rate', 'odd']);
      expect(JSON.stringify(body)).toBe('{"amountMinor":2500,"rate":0.25,"odd":2500}');
    });
  });

  describe('refuses malformed JSON without quoting it', () => {
    it.each([
      ['an empty text', ''],
      ['blank text', '   '],
      ['a truncated object', '{"donationId":"bad-x","amountMinor":'],
      ['a trailing comma', '{"a":1,}'],
      ['a trailing comma in an array', '[1,2,]'],
      ['single quotes', "{'a':1}"],
      ['an unquoted member name', '{a:1}'],
      ['a comment', '{"a":1 /* 4111111111111111 */}'],
      ['a leading zero', '{"a":0123}'],
      ['a plus sign', '{"a":+1}'],
      ['a bare fraction', '{"a":.5}'],
      ['a dangling decimal point', '{"a":1.}'],
      ['a dangling exponent', '{"a":1e}'],
      ['hexadecimal', '{"a":0x10}'],
      ['NaN', '{"a":NaN}'],
      ['Infinity', '{"a":Infinity}'],
      ['a raw control character in a string', '{"a":"x\u0001y"}'],
      ['a raw newline in a string', '{"a":"x\ny"}'],
      ['an unknown escape', '{"a":"\\x41"}'],
      ['a short \\u escape', '{"a":"\\u00e"}'],
      ['an unclosed string', '{"a":"4111111111111111'],
      ['a byte-order mark', '\ufeff{"a":1}'],
      ['two documents', '{"a":1}{"b":2}'],
      ['text after the value', '{"a":1} x'],
      ['True in capitals', '{"a":True}'],
      ['a misspelt null', '{"a":nul}'],
      ['a word glued to a literal', '{"a":truex}'],
      ['a missing colon', '{"a" 1}'],
      ['a missing comma', '{"a":1 "b":2}'],
    ])('%s', (_what, text) => {
      const { code, field, message } = refusal(text);
      expect({ code, field }).toEqual({ code: 'malformed_json', field: null });
      expect(message).toMatch(/^the request body is not valid JSON: .* at character \d+$/);
      expect(message).not.toContain('4111');
    });
  });

  describe('refuses a number beyond what a double holds, which would become Infinity', () => {
    it.each([
      ['an exponent', '{"amountMinor":1e400}', 'amountMinor'],
      ['a negative exponent overflow', '{"a":[-1e309]}', 'a[0]'],
      ['a 400-digit integer', `{"amountMinor":1${'0'.repeat(400)}}`, 'amountMinor'],
      ['the whole body', '1e999', 'body'],
    ])('%s', (_what, text, field) => {
      expect(refusal(text)).toEqual({ code: 'number_out_of_range', field, message: `${field} is a number beyond what a double holds` });
    });

    it('but takes one that underflows to zero, which a double can write back', () => {
      expect(parse('{"a":1e-400}')).toEqual({ a: 0 });
    });
  });

  describe('refuses nesting deeper than the limit', () => {
    it('takes exactly the limit', () => {
      expect(parse('{"a":{"b":{"c":[[[[{"h":1}]]]]}}}', 8)).toBeDefined();
    });

    it.each([
      ['objects', '{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}}}', 'a.b.c.d.e.f.g.h'],
      ['arrays', '[[[[[[[[[1]]]]]]]]]', '[0][0][0][0][0][0][0][0]'],
      ['both', '{"a":[{"b":[{"c":[{"d":[{"e":1}]}]}]}]}', 'a[0].b[0].c[0].d[0]'],
    ])('%s', (_what, text, field) => {
      expect(refusal(text)).toEqual({ code: 'body_too_deep', field, message: 'the request body nests objects and arrays deeper than 8 levels' });
    });

    it('stops at the limit however deep the text goes, without exhausting the stack', () => {
      expect(refusal('['.repeat(100_000) + ']'.repeat(100_000))).toMatchObject({ code: 'body_too_deep' });
    });
  });

  describe('refuses a member name given twice in one object', () => {
    it.each([
      ['at the top', '{"amountMinor":1,"amountMinor":250000}', 'amountMinor'],
      ['nested', '{"donor":{"name":"A","type":"individual","name":"B"}}', 'donor.name'],
      ['spelt with an escape', '{"amountMinor":1,"amount\\u004dinor":2}', 'amountMinor'],
      ['inside an array', '[{"a":1},{"b":1,"b":1}]', '[1].b'],
      ['with the same value', '{"a":1,"a":1}', 'a'],
      ['that could carry data, shown by position', '{"x":{"4111 1111":1,"4111 1111":2}}', 'x[member #1]'],
    ])('%s', (_what, text, field) => {
      expect(refusal(text)).toEqual({ code: 'duplicate_key', field, message: `${field} appears twice in one object` });
    });

    it('lets the same name appear in different objects', () => {
      expect(parse('{"a":{"name":1},"b":{"name":2}}')).toEqual({ a: { name: 1 }, b: { name: 2 } });
    });
  });

  describe('refuses member names that reach into prototypes, at any depth', () => {
    it.each([
      ['__proto__', '{"__proto__":{"admin":true}}', 'body'],
      ['__proto__ nested', '{"donor":{"__proto__":{"isAdmin":true}}}', 'donor'],
      ['__proto__ spelt with escapes', '{"\\u005f\\u005fproto\\u005f\\u005f":{}}', 'body'],
      ['constructor', '{"constructor":{"prototype":{"x":1}}}', 'body'],
      ['prototype', '{"a":[{"prototype":1}]}', 'a[0]'],
    ])('%s', (_what, text, field) => {
      const { code, field: at } = refusal(text);
      expect({ code, at }).toEqual({ code: 'forbidden_key', at: field });
    });

    it('so nothing is polluted', () => {
      expect(() => parse('{"__proto__":{"polluted":true}}')).toThrow(StrictJsonError);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
});
