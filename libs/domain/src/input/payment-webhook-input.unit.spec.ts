import { InputError } from './fields.js';
import { parsePaymentWebhook } from './payment-webhook-input.js';

const valid = {
  id: 'evt_1PqRsT',
  type: 'payment.refunded',
  donationId: 'don-1',
  pspReference: 'ch_123',
  amountMinor: 1000,
  currency: 'USD',
  reason: 'donor asked',
  occurredAt: '2026-03-02T09:00:00+01:00',
};

function refusal(body: unknown): { code: string; field: string } {
  try {
    parsePaymentWebhook(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return { code: (error as InputError).code, field: (error as InputError).field };
  }
  throw new Error('expected the body to be refused');
}

describe('payment webhook body', () => {
  it('reads a refund, with amounts as bigint and the instant in UTC', () => {
    expect(parsePaymentWebhook(valid)).toEqual({
      pspEventId: 'evt_1PqRsT',
      kind: 'refunded',
      donationId: 'don-1',
      pspReference: 'ch_123',
      amountMinor: 1000n,
      currency: 'USD',
      reason: 'donor asked',
      occurredAt: '2026-03-02T08:00:00.000Z',
    });
  });

  it.each([
    ['payment.captured', 'captured'],
    ['payment.failed', 'failed'],
    ['payment.refunded', 'refunded'],
    ['payment.charged_back', 'charged_back'],
  ])('reads type %s as %s', (type, kind) => {
    expect(parsePaymentWebhook({ ...valid, type }).kind).toBe(kind);
  });

  it('takes the reason as optional', () => {
    const { reason: _reason, ...withoutReason } = valid;
    expect(parsePaymentWebhook(withoutReason).reason).toBeNull();
  });

  describe('refuses', () => {
    const without = (field: keyof typeof valid): Record<string, unknown> => {
      const copy: Record<string, unknown> = { ...valid };
      delete copy[field];
      return copy;
    };

    it.each<[string, unknown, { code: string; field: string }]>([
      ['a body that is not an object', [valid], { code: 'invalid_request', field: 'body' }],
      ['a field it does not know', { ...valid, livemode: true }, { code: 'invalid_request', field: 'livemode' }],
      ['a missing id', without('id'), { code: 'invalid_request', field: 'id' }],
      ['an id with a space', { ...valid, id: 'evt 1' }, { code: 'invalid_request', field: 'id' }],
      ['an unknown type', { ...valid, type: 'payment.disputed' }, { code: 'invalid_request', field: 'type' }],
      ['a type without its prefix', { ...valid, type: 'refunded' }, { code: 'invalid_request', field: 'type' }],
      ['a missing donation id', without('donationId'), { code: 'invalid_request', field: 'donationId' }],
      ['a donation id that is no client id', { ...valid, donationId: '../x' }, { code: 'invalid_request', field: 'donationId' }],
      ['a missing payment reference', without('pspReference'), { code: 'invalid_request', field: 'pspReference' }],
      ['a missing amount', without('amountMinor'), { code: 'invalid_request', field: 'amountMinor' }],
      ['an amount as a string', { ...valid, amountMinor: '1000' }, { code: 'amount_must_be_integer', field: 'amountMinor' }],
      ['an amount as a float', { ...valid, amountMinor: 10.5 }, { code: 'amount_must_be_integer', field: 'amountMinor' }],
      ['an amount beyond safe integers', { ...valid, amountMinor: 2 ** 53 }, { code: 'amount_out_of_range', field: 'amountMinor' }],
      ['a currency we do not take', { ...valid, currency: 'XYZ' }, { code: 'currency_not_supported', field: 'currency' }],
      ['a missing instant', without('occurredAt'), { code: 'invalid_request', field: 'occurredAt' }],
      ['an instant without a time zone', { ...valid, occurredAt: '2026-03-02T09:00:00' }, { code: 'date_invalid', field: 'occurredAt' }],
      ['a reason that is not text', { ...valid, reason: 42 }, { code: 'invalid_request', field: 'reason' }],
    ])('%s', (_what, body, expected) => {
      expect(refusal(body)).toEqual(expected);
    });
  });
});
