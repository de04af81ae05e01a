import { isJsonMediaType, readJsonBody } from './json-body.js';

const options = { limitBytes: 64 * 1024, maxDepth: 8 };
const read = (text: string | Buffer) => readJsonBody(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, options);

describe('isJsonMediaType', () => {
  it.each(['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/merge-patch+json', 'application/problem+json'])(
    'takes %s',
    (type) => expect(isJsonMediaType(type)).toBe(true),
  );

  it.each([undefined, '', 'text/plain', 'text/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/jsonp', 'application/json-seq', 'application/json; foo=bar'])(
    'refuses %p',
    (type) => expect(isJsonMediaType(type)).toBe(false),
  );
});

describe('readJsonBody', () => {
  it('hands back the parsed value', () => {
    expect(read('{"amountMinor":2500}')).toEqual({ value: { amountMinor: 2500 } });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(read(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]))).toEqual({
      problem: expect.objectContaining({ code: 'malformed_json', status: 400, detail: 'the request body is not valid UTF-8' }),
    });
    // An encoded surrogate (CESU-8) is not UTF-8 either.
    expect(read(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).toMatchObject({ problem: { code: 'malformed_json' } });
  });

  it('turns parser refusals into problems with the field', () => {
    expect(read('{"a":1,"a":2}')).toEqual({
      problem: expect.objectContaining({ code: 'duplicate_key', status: 400, field: 'a', type: 'https://hustings.dev/problems/duplicate-key' }),
    });
    expect(read('{"a":')).toEqual({ problem: expect.not.objectContaining({ field: expect.anything() }) });
  });

  describe('refuses a card number anywhere, naming the place and never the digits', () => {
    it.each([
      ['in a known field', '{"donor":{"name":"4111 1111 1111 1111"}}', 'donor.name', 'donor.name holds'],
      ['in an unknown field', '{"notes":{"pan":"5555-5555-5555-4444"}}', 'notes.pan', 'notes.pan holds'],
      ['as a number', '{"card":378282246310005}', 'card', 'card holds'],
      ['as a 19-digit number a double cannot hold', '{"card":6212345678901234569}', 'card', 'card holds'],
      ['as a number written with a fraction', '{"card":4111111111111111.0}', 'card', 'card holds'],
      ['escaped', '{"x":"\\u0034111111111111111"}', 'x', 'x holds'],
      ['in a member name', '{"donor":{"4111111111111111":"x"}}', 'donor', 'a member name of donor holds'],
      ['as the whole body', '4111111111111111', 'body', 'body holds'],
      ['as a whole body a double cannot hold', '6212345678901234569', 'body', 'body holds'],
    ])('%s', (_what, text, field, detailStart) => {
      const result = read(text);
      expect(result).toEqual({ problem: expect.objectContaining({ code: 'card_number_refused', status: 422, field }) });
      const serialised = JSON.stringify(result);
      for (const digits of ['4111', '5555', '378282', '621234']) expect(serialised).not.toContain(digits);
      expect((result as { problem: { detail: string } }).problem.detail.startsWith(detailStart)).toBe(true);
    });

    it('lets a 16-digit number that fails Luhn through', () => {
      expect(read('{"pspReference":"4111111111111112"}')).toEqual({ value: { pspReference: '4111111111111112' } });
    });
  });
});
