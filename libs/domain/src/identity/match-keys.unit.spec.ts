import { matchKeysOf } from './match-keys.js';

const KEY = 'unit-test-donor-id-key-of-at-least-32-chars';
const none = { paymentInstrument: null, address: null, email: null, device: null };

describe('match keys', () => {
  it('given one card, address, email and device, when keyed twice, then the keys agree and hold no plaintext', () => {
    const input = { paymentInstrument: 'fp_card_1', address: { line1: '1 Main St', postalCode: '10001' }, email: 'Ada@Example.org', device: 'dev-9' };
    const keys = matchKeysOf(KEY, 'party-a', input);
    expect(matchKeysOf(KEY, 'party-a', input)).toEqual(keys);
    for (const value of Object.values(keys)) expect(value).toMatch(/^mk_[0-9a-f]{32}$/);
    expect(JSON.stringify(keys)).not.toMatch(/fp_card|Main|ada|dev-9/i);
  });
  it('given the address written another way (case, punctuation, ZIP+4 spacing), then it is the same key', () => {
    const a = matchKeysOf(KEY, 'party-a', { ...none, address: { line1: '1 Main St.', postalCode: '10001' } });
    const b = matchKeysOf(KEY, 'party-a', { ...none, address: { line1: '1 MAIN ST', postalCode: '100 01' } });
    expect(a.address).toBe(b.address);
  });
  it('given another tenant or another kind, then the same text keys differently', () => {
    const a = matchKeysOf(KEY, 'party-a', { ...none, paymentInstrument: 'x', device: 'x' });
    const b = matchKeysOf(KEY, 'party-b', { ...none, paymentInstrument: 'x' });
    expect(a.paymentInstrument).not.toBe(b.paymentInstrument);
    expect(a.paymentInstrument).not.toBe(a.device);
  });
  it('given nothing, or an address without its first line, then every key is null', () => {
    expect(matchKeysOf(KEY, 'party-a', { ...none, address: { line1: null, postalCode: '10001' } })).toEqual(none);
  });
});
