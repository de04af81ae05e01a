import { InputError } from './fields.js';
import { parseDonationRequest } from './intake-input.js';

const body = (donor: Record<string, unknown>): unknown => ({
  amountMinor: 2500,
  currency: 'USD',
  donor: { type: 'individual', name: 'Ada Lovelace', ...donor },
  payment: { method: 'card', pspReference: 'ch_1' },
});

const refusal = (donor: Record<string, unknown>): { code: string; field: string } => {
  try {
    parseDonationRequest(body(donor));
  } catch (error) {
    if (error instanceof InputError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('donor.publicAcknowledgement (consent to the donor wall)', () => {
  describe('given a donation without it', () => {
    it('when parsed, then nobody consented: absent and null alike', () => {
      expect(parseDonationRequest(body({})).publicAcknowledgement).toBeNull();
      expect(parseDonationRequest(body({ publicAcknowledgement: null })).publicAcknowledgement).toBeNull();
    });
  });

  describe('given a consent', () => {
    it('when only a display name is sent, then the amount stays hidden', () => {
      expect(parseDonationRequest(body({ publicAcknowledgement: { displayName: '  Ada L. ' } })).publicAcknowledgement).toEqual({
        displayName: 'Ada L.',
        showAmount: false,
      });
    });

    it('when showAmount is true, then the amount may be shown; false keeps it hidden', () => {
      const of = (showAmount: boolean) => parseDonationRequest(body({ publicAcknowledgement: { displayName: 'Ada', showAmount } })).publicAcknowledgement;
      expect(of(true)).toEqual({ displayName: 'Ada', showAmount: true });
      expect(of(false)).toEqual({ displayName: 'Ada', showAmount: false });
    });
  });

  describe('given a consent that cannot be taken', () => {
    it.each<[string, Record<string, unknown>, { code: string; field: string }]>([
      ['not an object', { publicAcknowledgement: true }, { code: 'invalid_request', field: 'donor.publicAcknowledgement' }],
      ['no display name', { publicAcknowledgement: { showAmount: true } }, { code: 'invalid_request', field: 'donor.publicAcknowledgement.displayName' }],
      ['an empty display name', { publicAcknowledgement: { displayName: '   ' } }, { code: 'invalid_request', field: 'donor.publicAcknowledgement.displayName' }],
      ['a display name too long', { publicAcknowledgement: { displayName: 'x'.repeat(81) } }, { code: 'text_too_long', field: 'donor.publicAcknowledgement.displayName' }],
      ['a display name with control characters', { publicAcknowledgement: { displayName: 'Ada\nL' } }, { code: 'text_forbidden_characters', field: 'donor.publicAcknowledgement.displayName' }],
      ['showAmount as a string', { publicAcknowledgement: { displayName: 'Ada', showAmount: 'yes' } }, { code: 'invalid_request', field: 'donor.publicAcknowledgement.showAmount' }],
      ['an anonymous donor', { name: undefined, publicAcknowledgement: { displayName: 'Ada' } }, { code: 'invalid_request', field: 'donor.publicAcknowledgement' }],
    ])('when it has %s, then it is refused, naming the field', (_case, donor, expected) => {
      expect(refusal(donor)).toEqual(expected);
    });
  });
});
