import { InputError } from './fields.js';
import { parseDonorLinkRequest, parseDonorUnlinkRequest } from './donor-link-input.js';

const A = 'dn_0123456789abcdef0123456789abcdef';
const B = 'dn_fedcba9876543210fedcba9876543210';

describe("an officer's donor link request", () => {
  it('given two donor ids and a reason, then it is read as given', () => {
    expect(parseDonorLinkRequest({ donorId: A, linkedDonorId: B, reason: 'initial and full name at one address' })).toEqual({ donorId: A, linkedDonorId: B, reason: 'initial and full name at one address' });
  });

  it.each([
    ['no reason', { donorId: A, linkedDonorId: B }, 'reason'],
    ['a blank reason', { donorId: A, linkedDonorId: B, reason: '  ' }, 'reason'],
    ['a name instead of a donor id', { donorId: 'Ada Lovelace', linkedDonorId: B, reason: 'x' }, 'donorId'],
    ['an upper-case donor id', { donorId: A, linkedDonorId: B.toUpperCase(), reason: 'x' }, 'linkedDonorId'],
  ])('given %s, then it is refused naming the field', (_what, body, field) => {
    let error: unknown;
    try {
      parseDonorLinkRequest(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(field);
  });
});

describe("an officer's undoing of a donor link", () => {
  it('given a reason, then it is read as given', () => {
    expect(parseDonorUnlinkRequest({ reason: 'linked in error' })).toEqual({ reason: 'linked in error' });
  });

  it.each([
    ['no reason', {}],
    ['a blank reason', { reason: ' ' }],
    ['a reason that is not text', { reason: 7 }],
  ])('given %s, then it is refused naming the reason', (_what, body) => {
    expect(() => parseDonorUnlinkRequest(body)).toThrow(InputError);
  });
});
