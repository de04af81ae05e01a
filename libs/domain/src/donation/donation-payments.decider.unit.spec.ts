import { deterministicId, type DonationEvent, type DonationReceivedV5, type EventMetadata } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { countedAmounts } from './donation-amounts.js';
import { amountsOf, evolveDonation, initialDonationState, type DonationRecord } from './donation.decider.js';
import { paymentFactId, recordPaymentNotice, type PaymentNotice, type RecordPaymentNotice } from './donation-payments.decider.js';

const metadata: EventMetadata = { occurredAt: '2026-03-01T12:00:00.000Z', correlationId: 'corr-d1', causationId: 'req-d1', committeeId: 'c-smith', donorId: 'dn_jane' };

const donation: DonationReceivedV5 = {
  donationId: 'd1',
  campaignId: 'cmp-spring',
  committeeId: 'c-smith',
  amountMinor: '10000',
  currency: 'USD',
  donor: { donorId: 'dn_jane', type: 'individual', sealedPii: null, attestations: {}, detailsGiven: null, registrationNumber: null },
  payment: { method: 'card', pspReference: 'ch_1', inKind: null },
  electionId: 'p-2026',
  receivedAt: '2026-03-01T12:00:00.000Z',
  matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
  publicAcknowledgement: null,
};

const received: DonationEvent = { eventId: 'ev-received', type: 'DonationReceived', version: 5, payload: donation, metadata };

const accepted = (acceptedAmountMinor = '10000'): DonationEvent => ({
  eventId: 'ev-accepted',
  type: 'DonationAccepted',
  version: 2,
  metadata,
  payload: {
    donationId: 'd1',
    campaignId: 'cmp-spring',
    committeeId: 'c-smith',
    donorId: 'dn_jane',
    electionId: 'p-2026',
    acceptedAmountMinor,
    currency: 'USD',
    aggregateAfterMinor: acceptedAmountMinor,
    ruleIds: [],
    rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
    figures: {},
    itemized: false,
  },
});

const rejected: DonationEvent = {
  eventId: 'ev-rejected',
  type: 'DonationRejected',
  version: 1,
  metadata,
  payload: {
    donationId: 'd1',
    campaignId: 'cmp-spring',
    committeeId: 'c-smith',
    donorId: 'dn_jane',
    code: 'donor_exceeds_election_limit',
    detail: 'over',
    figures: {},
    ruleIds: [],
    rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
  },
};

const flagged: DonationEvent = {
  eventId: 'ev-flagged',
  type: 'DonationFlagged',
  version: 2,
  metadata,
  payload: { donationId: 'd1', campaignId: 'cmp-spring', reasons: [{ code: 'structuring', detail: 'burst' }], ruleIds: [], rulePackVersion: 'v', figures: {}, deadlines: [] },
};

const notice = (kind: PaymentNotice['kind'], pspEventId: string, amountMinor: bigint, changes: Partial<PaymentNotice> = {}): RecordPaymentNotice => ({
  type: 'RecordPaymentNotice',
  correlationId: 'corr-webhook',
  actor: 'payment-webhook',
  notice: { pspEventId, kind, donationId: 'd1', pspReference: 'ch_1', amountMinor, currency: 'USD', reason: null, occurredAt: '2026-03-02T09:00:00.000Z', ...changes },
});

const spec = deciderSpec({ decide: recordPaymentNotice, evolve: evolveDonation, initialState: initialDonationState });

/** The fact a notice becomes on a donation in `given`, to feed as history to the next case. */
const factOf = (given: DonationEvent[], command: RecordPaymentNotice): DonationEvent => spec.given(given).when(command).decision()[0];

const webhookMetadata = {
  occurredAt: '2026-03-02T09:00:00.000Z',
  correlationId: 'corr-webhook',
  committeeId: 'c-smith',
  donorId: 'dn_jane',
  actor: 'payment-webhook',
};

describe('donation decider: recordPaymentNotice', () => {
  describe('given no donation', () => {
    it('refuses any notice', () => {
      spec.given([]).when(notice('refunded', 'evt_r1', 100n)).thenRejects('donation_not_found', 'no donation d1');
    });
  });

  describe('given a donation of $100.00 received', () => {
    const given = spec.given([received]);

    it('records a capture, on the donor\'s partition, with an id derived from the provider event id alone', () => {
      given.when(notice('captured', 'evt_c1', 10_000n)).then([
        {
          eventId: deterministicId('psp-event', 'evt_c1'),
          type: 'PaymentCaptured',
          version: 1,
          metadata: { ...webhookMetadata, causationId: 'psp-event:evt_c1' },
          payload: { donationId: 'd1', campaignId: 'cmp-spring', amountMinor: '10000', currency: 'USD', pspReference: 'ch_1', pspEventId: 'evt_c1' },
        },
      ]);
      expect(paymentFactId('evt_c1')).toBe(deterministicId('psp-event', 'evt_c1'));
    });

    it('records a failure with the provider\'s reason, or a plain one', () => {
      const [failed] = given.when(notice('failed', 'evt_f1', 10_000n, { reason: 'card_declined' })).decision();
      expect(failed).toMatchObject({ type: 'PaymentFailed', payload: { reason: 'card_declined', pspEventId: 'evt_f1' } });
      expect(given.when(notice('failed', 'evt_f2', 10_000n)).decision()[0]).toMatchObject({ payload: { reason: 'payment failed' } });
    });

    it('records a refund decided through the provider, before compliance has decided', () => {
      given.when(notice('refunded', 'evt_r1', 4_000n, { reason: 'donor asked' })).then([
        {
          eventId: paymentFactId('evt_r1'),
          type: 'DonationRefunded',
          version: 1,
          metadata: { ...webhookMetadata, causationId: 'psp-event:evt_r1' },
          payload: { donationId: 'd1', campaignId: 'cmp-spring', amountMinor: '4000', currency: 'USD', reason: 'donor asked', decidedBy: 'payment-webhook', pspReference: 'ch_1' },
        },
      ]);
    });

    it('records a chargeback of everything', () => {
      expect(given.when(notice('charged_back', 'evt_cb1', 10_000n)).decision()).toMatchObject([
        { type: 'ChargebackReceived', payload: { amountMinor: '10000', pspReference: 'ch_1', reason: 'chargeback' } },
      ]);
    });

    describe('refuses', () => {
      it('another currency', () => {
        given.when(notice('captured', 'evt_c1', 10_000n, { currency: 'EUR' })).thenRejects('currency_mismatch', 'donation d1 is in USD, not EUR');
      });

      it('an amount of zero', () => {
        given.when(notice('refunded', 'evt_r1', 0n)).thenRejects('amount_must_be_positive');
      });

      it('a notice about another payment than the donation\'s', () => {
        given.when(notice('refunded', 'evt_r1', 100n, { pspReference: 'ch_2' })).thenRejects('psp_reference_mismatch', 'donation d1 was paid with ch_1, not ch_2');
      });

      it('a capture or failure of another amount than received', () => {
        given.when(notice('captured', 'evt_c1', 9_999n)).thenRejects('payment_amount_mismatch', 'donation d1 is for 10000 minor units, not 9999');
        given.when(notice('failed', 'evt_f1', 10_001n)).thenRejects('payment_amount_mismatch');
      });

      it('a refund or chargeback of more than was received', () => {
        given.when(notice('refunded', 'evt_r1', 10_001n)).thenRejects('reversal_exceeds_remaining', 'donation d1 has 10000 minor units left to give back, not 10001');
        given.when(notice('charged_back', 'evt_cb1', 10_001n)).thenRejects('reversal_exceeds_remaining');
      });
    });
  });

  describe('given a donation received without a payment reference', () => {
    it('takes the provider\'s reference as it comes', () => {
      const noReference: DonationEvent = { ...received, payload: { ...donation, payment: { method: 'card', pspReference: null } } } as DonationEvent;
      expect(spec.given([noReference]).when(notice('captured', 'evt_c1', 10_000n, { pspReference: 'ch_9' })).decision()).toHaveLength(1);
    });
  });

  describe('given the notice was already recorded', () => {
    const refund = notice('refunded', 'evt_r1', 10_000n);
    const given = spec.given([received, accepted(), factOf([received, accepted()], refund)]);

    it('records nothing for a redelivery, though nothing is left to refund', () => {
      given.when(refund).then([]);
    });

    it('refuses the same provider event id with other content', () => {
      given.when(notice('refunded', 'evt_r1', 5_000n)).thenRejects('payment_event_conflict', 'provider event evt_r1 was recorded with other content');
      given.when(notice('charged_back', 'evt_r1', 10_000n)).thenRejects('payment_event_conflict');
    });

    it('refuses another refund: nothing remains', () => {
      given.when(notice('refunded', 'evt_r2', 1n)).thenRejects('reversal_exceeds_remaining', 'donation d1 has 0 minor units left to give back, not 1');
    });
  });

  describe('given $30.00 of $100.00 refunded', () => {
    const given = spec.given([received, accepted(), factOf([received, accepted()], notice('refunded', 'evt_r1', 3_000n))]);

    it('refunds up to what is left, and no more', () => {
      expect(given.when(notice('refunded', 'evt_r2', 7_000n)).decision()).toHaveLength(1);
      given.when(notice('refunded', 'evt_r2', 7_001n)).thenRejects('reversal_exceeds_remaining', 'donation d1 has 7000 minor units left to give back, not 7001');
    });

    it('takes a chargeback only for what is left', () => {
      expect(given.when(notice('charged_back', 'evt_cb1', 7_000n)).decision()).toMatchObject([{ type: 'ChargebackReceived', payload: { amountMinor: '7000' } }]);
      given.when(notice('charged_back', 'evt_cb1', 10_000n)).thenRejects('reversal_exceeds_remaining');
    });
  });

  describe('given the payment was captured', () => {
    const given = spec.given([received, factOf([received], notice('captured', 'evt_c1', 10_000n))]);

    it('refuses a second capture or a late failure under another provider event', () => {
      given.when(notice('captured', 'evt_c2', 10_000n)).thenRejects('payment_already_captured', 'the payment of donation d1 was already captured');
      given.when(notice('failed', 'evt_f1', 10_000n)).thenRejects('payment_already_captured');
    });

    it('records nothing for the same capture delivered again', () => {
      given.when(notice('captured', 'evt_c1', 10_000n)).then([]);
    });
  });

  describe('given the payment failed', () => {
    const given = spec.given([received, factOf([received], notice('failed', 'evt_f1', 10_000n))]);

    it('records a capture after all (the provider retried)', () => {
      expect(given.when(notice('captured', 'evt_c1', 10_000n)).decision()).toMatchObject([{ type: 'PaymentCaptured' }]);
    });

    it('refuses a refund or chargeback of money never taken', () => {
      given.when(notice('refunded', 'evt_r1', 100n)).thenRejects('payment_not_captured', 'the payment of donation d1 failed: nothing can go back');
      given.when(notice('charged_back', 'evt_cb1', 100n)).thenRejects('payment_not_captured');
    });
  });
});

describe('a refund or chargeback before the capture notice (out of order)', () => {
  const refunded = [received, accepted(), factOf([received, accepted()], notice('refunded', 'evt_r1', 4_000n))];
  const given = spec.given(refunded);

  it('given a refund recorded while the payment was pending, when the capture arrives, then it is recorded and counts nothing again', () => {
    const [capture] = given.when(notice('captured', 'evt_c1', 10_000n)).decision();
    expect(capture).toMatchObject({ type: 'PaymentCaptured' });
    const after = spec.given([...refunded, capture]).state;
    expect(after).toMatchObject({ refundedAmountMinor: 4_000n, payment: { status: 'captured' } });
    expect(countedAmounts(amountsOf(after as DonationRecord)).countedMinor).toBe(6_000n);
    expect(countedAmounts(amountsOf(spec.given(refunded).state as DonationRecord)).countedMinor).toBe(6_000n);
  });

  it('given a refund recorded while pending, when the same refund is delivered again after the capture, then nothing is recorded', () => {
    const capture = factOf(refunded, notice('captured', 'evt_c1', 10_000n));
    spec.given([...refunded, capture]).when(notice('refunded', 'evt_r1', 4_000n)).then([]);
  });

  it('given a chargeback recorded while pending, when a failure notice arrives, then payment_already_reversed', () => {
    const chargedBack = [received, factOf([received], notice('charged_back', 'evt_cb1', 10_000n))];
    spec.given(chargedBack).when(notice('failed', 'evt_f1', 10_000n)).thenRejects('payment_already_reversed');
    given.when(notice('failed', 'evt_f1', 10_000n)).thenRejects('payment_already_reversed');
  });
});

describe('donation lifecycle', () => {
  const statusAfter = (events: DonationEvent[]): string => spec.given(events).state.status;
  const refund = (amount: bigint, id = 'evt_r1') => (given: DonationEvent[]): DonationEvent => factOf(given, notice('refunded', id, amount));
  const chargeback = (amount: bigint, id = 'evt_cb1') => (given: DonationEvent[]): DonationEvent => factOf(given, notice('charged_back', id, amount));
  const story = (...steps: (DonationEvent | ((given: DonationEvent[]) => DonationEvent))[]): DonationEvent[] =>
    steps.reduce<DonationEvent[]>((events, step) => [...events, typeof step === 'function' ? step(events) : step], []);

  it.each<[string, string, DonationEvent[]]>([
    ['received, undecided', 'received', story(received)],
    ['accepted in full', 'accepted', story(received, accepted())],
    ['accepted for less than received', 'partly_accepted', story(received, accepted('6000'))],
    ['flagged for review', 'flagged', story(received, flagged)],
    ['rejected', 'rejected', story(received, rejected)],
    ['accepted, then partly refunded', 'partly_refunded', story(received, accepted(), refund(3_000n))],
    ['accepted, then refunded in two parts', 'refunded', story(received, accepted(), refund(3_000n), refund(7_000n, 'evt_r2'))],
    ['rejected, then refunded in full', 'refunded', story(received, rejected, refund(10_000n))],
    ['refunded before compliance decided, then accepted', 'refunded', story(received, refund(10_000n), accepted())],
    ['accepted, then charged back in part', 'charged_back', story(received, accepted(), chargeback(100n))],
    ['refunded in part, then the rest charged back', 'charged_back', story(received, accepted(), refund(3_000n), chargeback(7_000n))],
    ['captured: the payment does not change the compliance status', 'accepted', story(received, accepted(), (g) => factOf(g, notice('captured', 'evt_c1', 10_000n)))],
  ])('%s: %s', (_story, status, events) => {
    expect(statusAfter(events)).toBe(status);
  });

  it('keeps the payment\'s own status: captured after a failure', () => {
    const events = story(received, (g) => factOf(g, notice('failed', 'evt_f1', 10_000n, { reason: 'card_declined' })));
    expect(spec.given(events).state).toMatchObject({ payment: { status: 'failed', failure: 'card_declined', capturedAmountMinor: 0n } });
    const captured = story(...events, (g) => factOf(g, notice('captured', 'evt_c1', 10_000n)));
    expect(spec.given(captured).state).toMatchObject({ payment: { status: 'captured', failure: null, capturedAmountMinor: 10_000n } });
  });
});
