import { randomBytes } from 'node:crypto';
import type { DonorPersonalData } from '#contracts';
import {
  newDataKey,
  openPersonalData,
  PersonalDataError,
  sealedGeneration,
  sealPersonalData,
  unwrapDataKey,
  wrapDataKey,
  type MasterKey,
} from './envelope.js';

const master: MasterKey = { version: 1, key: randomBytes(32) };
const jane = { donorId: 'dn_0123456789abcdef0123456789abcdef', generation: 1 };
const bob = { donorId: 'dn_fedcba9876543210fedcba9876543210', generation: 1 };
const data: DonorPersonalData = {
  name: 'Jane Q. Smith',
  address: { line1: '12 Elm Street', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
  email: 'jane@example.org',
  occupation: 'Teacher',
  employer: 'Springfield School District',
};

/** The reason a call failed with, or a failure of the test if it did not. */
function refusal(open: () => unknown): string {
  try {
    open();
  } catch (error) {
    if (error instanceof PersonalDataError) return error.reason;
    throw error;
  }
  throw new Error('expected a PersonalDataError');
}

/** Flips one bit of the base64url part at `index` of a dotted value. */
function flipBit(value: string, index: number): string {
  const parts = value.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('sealing personal data with a donor key', () => {
  const dataKey = newDataKey();

  it('opens what it sealed, for the donor it was sealed for', () => {
    const sealed = sealPersonalData(dataKey, jane, data);
    expect(openPersonalData(dataKey, jane.donorId, sealed)).toEqual(data);
  });

  it('shows nothing of the plaintext, and seals the same data differently each time', () => {
    const sealed = sealPersonalData(dataKey, jane, data);
    for (const clear of ['Jane', 'Smith', 'jane@example.org', '62701', 'Elm', 'Teacher', 'Springfield']) expect(sealed).not.toContain(clear);
    expect(sealPersonalData(dataKey, jane, data)).not.toBe(sealed);
    expect(sealed).toMatch(/^pii1\.1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('pads, so a longer name does not give a longer ciphertext', () => {
    const short = sealPersonalData(dataKey, jane, { ...data, name: 'Al Li' });
    const longer = sealPersonalData(dataKey, jane, { ...data, name: 'Alexandra Li' });
    expect(short.length).toBe(longer.length);
  });

  it('records the generation of the key it used, readable without the key', () => {
    expect(sealedGeneration(sealPersonalData(dataKey, { ...jane, generation: 7 }, data))).toBe(7);
  });

  it.each([
    ['nonce', 2],
    ['ciphertext', 3],
    ['tag', 4],
  ])('refuses a value with an altered %s', (_part, index) => {
    expect(refusal(() => openPersonalData(dataKey, jane.donorId, flipBit(sealPersonalData(dataKey, jane, data), index)))).toBe('not_authentic');
  });

  it('refuses a value moved onto another donor, even one whose key opens it', () => {
    const sealed = sealPersonalData(dataKey, jane, data);
    expect(refusal(() => openPersonalData(dataKey, bob.donorId, sealed))).toBe('not_authentic');
  });

  it('refuses a value whose generation was rewritten', () => {
    const sealed = sealPersonalData(dataKey, jane, data).replace(/^pii1\.1\./, 'pii1.2.');
    expect(refusal(() => openPersonalData(dataKey, jane.donorId, sealed))).toBe('not_authentic');
  });

  it('refuses to open under another data key', () => {
    expect(refusal(() => openPersonalData(newDataKey(), jane.donorId, sealPersonalData(dataKey, jane, data)))).toBe('not_authentic');
  });

  it.each(['', 'pii1', 'pii2.1.a.b.c', 'pii1.0.a.b.c', 'pii1.1.a.b', 'pii1.1.AAAA.AAAA.AAAA', 'pii1.1.a+b.c.d', 'sealed:abc'])(
    'refuses %j as malformed',
    (sealed) => {
      expect(refusal(() => openPersonalData(dataKey, jane.donorId, sealed))).toBe('malformed');
    },
  );

  it('refuses keys of the wrong length', () => {
    expect(() => sealPersonalData(randomBytes(16), jane, data)).toThrow(RangeError);
  });
});

describe('wrapping a data key with the master key', () => {
  const dataKey = newDataKey();

  it('unwraps with the master key of the version it names', () => {
    const wrapped = wrapDataKey(master, jane, dataKey);
    expect(unwrapDataKey([master], 1, jane, wrapped)).toEqual(dataKey);
    expect(wrapped).not.toContain(dataKey.toString('base64url'));
  });

  it('unwraps a key wrapped by a previous master key while a newer one is current', () => {
    const next: MasterKey = { version: 2, key: randomBytes(32) };
    const wrapped = wrapDataKey(master, jane, dataKey);
    expect(unwrapDataKey([next, master], 1, jane, wrapped)).toEqual(dataKey);
  });

  it('refuses a version no configured master key has', () => {
    expect(refusal(() => unwrapDataKey([master], 2, jane, wrapDataKey(master, jane, dataKey)))).toBe('master_key_unknown');
  });

  it('refuses another master key under the same version', () => {
    const impostor: MasterKey = { version: 1, key: randomBytes(32) };
    expect(refusal(() => unwrapDataKey([impostor], 1, jane, wrapDataKey(master, jane, dataKey)))).toBe('not_authentic');
  });

  it('refuses a wrapped key moved to another donor or generation, or relabelled with another version', () => {
    const wrapped = wrapDataKey(master, jane, dataKey);
    expect(refusal(() => unwrapDataKey([master], 1, bob, wrapped))).toBe('not_authentic');
    expect(refusal(() => unwrapDataKey([master], 1, { ...jane, generation: 2 }, wrapped))).toBe('not_authentic');
    const relabelled: MasterKey = { version: 2, key: master.key };
    expect(refusal(() => unwrapDataKey([relabelled], 2, jane, wrapped))).toBe('not_authentic');
  });

  it('refuses an altered wrapped key', () => {
    expect(refusal(() => unwrapDataKey([master], 1, jane, flipBit(wrapDataKey(master, jane, dataKey), 1)))).toBe('not_authentic');
  });
});
