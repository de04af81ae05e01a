import { canonicalJson } from './canonical-json.js';
import { hashEvent, hashOfTexts, type HashedFields } from './hash-chain.js';

/** Fields whose scalars exercise JSON.stringify's escaping: quotes, backslashes, line separators, non-BMP, lone surrogates. */
const awkward = ['', 'plain', '"quoted"', 'back\\slash', 'line\u2028sep', 'emoji \u{1F600}', 'lone \ud800', 'tab\tand\nnewline', 'é'];

function fieldsOf(i: number): HashedFields {
  const pick = (offset: number) => awkward[(i + offset) % awkward.length];
  return {
    prevHash: i % 3 === 0 ? '' : `${pick(1)}${i}`,
    streamId: `donation-${pick(2)}`,
    revision: i,
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: `Type${pick(3)}`,
    version: (i % 4) + 1,
    recordedAt: `2026-12-06T21:${String(i % 60).padStart(2, '0')}:00.000Z`,
    payload: { z: pick(4), a: [1, { y: pick(5), b: null }], 10: 'index-like key', amountMinor: String(i * 100) },
    metadata: { occurredAt: '2026-12-06T00:00:00Z', correlationId: pick(6), causationId: pick(8), committeeId: 'C1', actor: pick(7), traceId: i % 2 === 0 ? undefined : pick(0) },
  };
}

describe('hashOfTexts', () => {
  it('given events with awkward strings, index-like keys and undefined members, when hashed from their canonical payload and metadata texts, then each hash equals hashEvent of the whole event', () => {
    for (let i = 0; i < 200; i++) {
      const fields = fieldsOf(i);
      expect(hashOfTexts(fields, canonicalJson(fields.payload), canonicalJson(fields.metadata))).toBe(hashEvent(fields));
    }
  });

  it('given a different payload text, when hashed, then the hash differs: the texts are what the hash covers', () => {
    const fields = fieldsOf(1);
    expect(hashOfTexts(fields, canonicalJson({ ...(fields.payload as object), amountMinor: '1' }), canonicalJson(fields.metadata))).not.toBe(hashEvent(fields));
  });

  it('given a non-finite revision, when hashed, then it is refused as canonicalJson refuses it', () => {
    const fields = { ...fieldsOf(2), revision: Number.NaN };
    expect(() => hashOfTexts(fields, '{}', '{}')).toThrow(TypeError);
    expect(() => hashEvent(fields)).toThrow(TypeError);
  });
});
