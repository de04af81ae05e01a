import type { CommitteeRegisteredV2, ConduitRecipientAddedV1, EventMetadata } from '#contracts';
import type { CampaignState } from '../committee/campaign.decider.js';
import type { CommitteeState } from '../committee/committee.decider.js';
import { paymentFactId, type PaymentNoticeKind } from '../donation/donation-payments.decider.js';
import { evolveDonation, initialDonationState, type DonationState } from '../donation/donation.decider.js';
import { recordCheckoutPayment, type RecordCheckoutPayment } from './checkout-payment.js';
import { evolveCheckout, initialCheckoutState, receiveCheckout, shareDonationId, type CheckoutState, type ReceiveCheckout } from './checkout.decider.js';
import type { ConduitState } from './conduit.decider.js';

/*
 * A provider's notice about a split checkout's one payment, given/when/then: what the checkout
 * records and what each share records, all decided at once for one atomic append.
 */
const metadata: EventMetadata = { occurredAt: '2026-09-02T10:00:00.000Z', correlationId: 'corr-co1', causationId: 'req-co1', committeeId: 'c-conduit', donorId: 'dn_jane' };
const committee = (committeeId: string, data: Partial<CommitteeRegisteredV2> = {}): CommitteeState => ({
  status: 'registered',
  committeeId,
  name: `Committee ${committeeId}`,
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [{ electionId: 'g-2026', kind: 'general', date: '2026-11-03' }],
  defaultElectionId: 'g-2026',
  registeredBy: 'admin',
  tenantId: 'party-a',
  ...data,
});
const listed = (id: string): [string, ConduitRecipientAddedV1] => [id, { conduitCommitteeId: 'c-conduit', recipientCommitteeId: id, kind: 'hustings', committeeType: 'authorized_committee', name: id, fecId: null }];
const conduit: ConduitState = { status: 'registered', committeeId: 'c-conduit', fecId: 'C00000001', name: 'Victory Fund', tenantId: 'party-a', registeredBy: 'admin', recipients: new Map([listed('c-ada'), listed('c-bo'), listed('c-cy')]) };
const campaign: CampaignState = { status: 'opened', campaignId: 'cmp-split', committeeId: 'c-conduit', name: 'Split it', currency: 'USD', opensAt: '2026-01-01T00:00:00.000Z', closesAt: null };
const recipients = new Map([['c-ada', committee('c-ada')], ['c-bo', committee('c-bo')], ['c-cy', committee('c-cy')]]);

/** A checkout received with the given split, and each share's donation as received. */
function given(split: Record<string, bigint>): { state: CheckoutState; shares: Map<string, DonationState> } {
  const allocations = Object.entries(split).map(([recipientCommitteeId, amountMinor]) => ({ recipientCommitteeId, amountMinor, currency: null, electionId: null }));
  const command: ReceiveCheckout = {
    type: 'ReceiveCheckout',
    eventId: 'ev-co1',
    metadata,
    data: {
      checkoutId: 'co1',
      campaignId: 'cmp-split',
      amountMinor: allocations.reduce((sum, a) => sum + a.amountMinor, 0n),
      currency: 'USD',
      donor: { donorId: 'dn_jane', type: 'individual', sealedPii: null, attestations: {}, detailsGiven: null, registrationNumber: null },
      payment: { method: 'card', pspReference: 'pi_1', inKind: null },
      receivedAt: '2026-09-02T10:00:00.000Z',
      publicAcknowledgement: null,
      allocations,
    },
    campaign,
    conduit,
    recipients,
  };
  const decided = receiveCheckout(command, initialCheckoutState());
  return {
    state: evolveCheckout(initialCheckoutState(), decided.checkout[0]),
    shares: new Map(decided.shares.map(({ event }) => [event.payload.donationId, evolveDonation(initialDonationState(), event)])),
  };
}

const notice = (kind: PaymentNoticeKind, amountMinor: bigint, pspEventId = 'evt_1'): RecordCheckoutPayment['notice'] => ({
  pspEventId,
  kind,
  pspReference: 'pi_1',
  amountMinor,
  currency: 'USD',
  reason: null,
  occurredAt: '2026-09-03T00:00:00.000Z',
});
const when = (on: ReturnType<typeof given>, n: RecordCheckoutPayment['notice']) =>
  recordCheckoutPayment({ type: 'RecordCheckoutPayment', notice: n, correlationId: 'corr-psp', actor: 'payment-webhook', shares: on.shares }, on.state);
const amounts = (decision: ReturnType<typeof when>) => decision.shares.map(({ facts }) => facts.map((f) => [f.type, f.payload.amountMinor]));
const ada = shareDonationId('co1', 'c-ada');
const bo = shareDonationId('co1', 'c-bo');
const cy = shareDonationId('co1', 'c-cy');

describe('a capture or failure of the checkout\'s one payment', () => {
  it('given $100.00 split 50/30/20, when the $100.00 payment is captured, then each share records its own capture once, and the checkout nothing', () => {
    const decision = when(given({ 'c-ada': 5_000n, 'c-bo': 3_000n, 'c-cy': 2_000n }), notice('captured', 10_000n));
    expect(decision.checkout).toEqual([]);
    expect(decision.shares.map((s) => s.donationId)).toEqual([ada, bo, cy]);
    expect(amounts(decision)).toEqual([[['PaymentCaptured', '5000']], [['PaymentCaptured', '3000']], [['PaymentCaptured', '2000']]]);
    expect(decision.shares[0].facts[0].eventId).toBe(paymentFactId('evt_1/' + ada));
  });

  it('given the capture recorded on every share, when it is delivered again, then nothing is recorded', () => {
    const on = given({ 'c-ada': 5_000n, 'c-bo': 5_000n });
    const first = when(on, notice('captured', 10_000n));
    const shares = new Map(on.shares);
    for (const { donationId, facts } of first.shares) shares.set(donationId, facts.reduce(evolveDonation, shares.get(donationId)!));
    expect(when({ ...on, shares }, notice('captured', 10_000n))).toEqual({ checkout: [], shares: [] });
  });

  it('given $100.00, when a failure of the $100.00 payment comes, then each share records the failure with the reason', () => {
    const decision = when(given({ 'c-ada': 5_000n, 'c-bo': 5_000n }), { ...notice('failed', 10_000n), reason: 'card declined' });
    expect(decision.shares.map(({ facts }) => [facts[0].type, (facts[0].payload as { reason: string }).reason])).toEqual([
      ['PaymentFailed', 'card declined'],
      ['PaymentFailed', 'card declined'],
    ]);
  });

  it('refuses a capture of another amount than the checkout\'s: payment_amount_mismatch', () => {
    expect(() => when(given({ 'c-ada': 5_000n, 'c-bo': 5_000n }), notice('captured', 9_999n))).toThrow(expect.objectContaining({ code: 'payment_amount_mismatch' }));
  });

  it('refuses another currency or another payment reference', () => {
    const on = given({ 'c-ada': 5_000n });
    expect(() => when(on, { ...notice('captured', 5_000n), currency: 'CAD' })).toThrow(expect.objectContaining({ code: 'currency_mismatch' }));
    expect(() => when(on, { ...notice('captured', 5_000n), pspReference: 'pi_2' })).toThrow(expect.objectContaining({ code: 'psp_reference_mismatch' }));
  });

  it('refuses a checkout never received: checkout_not_found', () => {
    expect(() => recordCheckoutPayment({ type: 'RecordCheckoutPayment', notice: notice('captured', 1n), correlationId: 'c', actor: 'a', shares: new Map() }, initialCheckoutState())).toThrow(
      expect.objectContaining({ code: 'checkout_not_found' }),
    );
  });
});

describe('a refund or chargeback of the checkout\'s one payment, pro rata by default', () => {
  it('given $100.00 split 50/30/20, when $25.00 is refunded, then the checkout records the spread and each share its part, $12.50, $7.50 and $5.00', () => {
    const decision = when(given({ 'c-ada': 5_000n, 'c-bo': 3_000n, 'c-cy': 2_000n }), notice('refunded', 2_500n));
    expect(decision.checkout.map((e) => e.payload.parts.map((p) => p.amountMinor))).toEqual([['1250', '750', '500']]);
    expect(amounts(decision)).toEqual([[['DonationRefunded', '1250']], [['DonationRefunded', '750']], [['DonationRefunded', '500']]]);
  });

  it('given shares of $33.33, $33.33 and $33.34, when one cent is charged back, then the cent goes to the share with the largest remainder, the third', () => {
    // Exact shares of 1 cent over 10,000: 0.3333, 0.3333, 0.3334; every floor is 0, and the cent
    // goes to the largest remainder. Equal remainders go to the earlier share in the checkout.
    const decision = when(given({ 'c-ada': 3_333n, 'c-bo': 3_333n, 'c-cy': 3_334n }), notice('charged_back', 1n));
    expect(decision.shares.map((s) => s.donationId)).toEqual([cy]);
    expect(amounts(decision)).toEqual([[['ChargebackReceived', '1']]]);
  });

  it('given three equal shares, when $1.00 is refunded, then the remainder cent goes to the first share (ties to the earlier): 34, 33, 33', () => {
    const decision = when(given({ 'c-ada': 1_000n, 'c-bo': 1_000n, 'c-cy': 1_000n }), notice('refunded', 100n));
    expect(amounts(decision)).toEqual([[['DonationRefunded', '34']], [['DonationRefunded', '33']], [['DonationRefunded', '33']]]);
  });

  it('given the spread recorded on the checkout but no share part yet (a crash between appends), when delivered again, then only the parts are recorded', () => {
    const on = given({ 'c-ada': 5_000n, 'c-bo': 5_000n });
    const first = when(on, notice('refunded', 1_000n));
    const spread = { ...on, state: first.checkout.reduce(evolveCheckout, on.state) };
    const again = when(spread, notice('refunded', 1_000n));
    expect(again.checkout).toEqual([]);
    expect(amounts(again)).toEqual([[['DonationRefunded', '500']], [['DonationRefunded', '500']]]);
  });

  it('refuses more than the shares have left: reversal_exceeds_remaining', () => {
    expect(() => when(given({ 'c-ada': 5_000n }), notice('refunded', 5_001n))).toThrow(expect.objectContaining({ code: 'reversal_exceeds_remaining' }));
  });
});
