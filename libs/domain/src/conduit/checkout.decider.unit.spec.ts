import type { CheckoutReceived, CommitteeRegisteredV2, ConduitRecipientAddedV1, EventMetadata } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import type { CampaignState } from '../committee/campaign.decider.js';
import type { CommitteeState } from '../committee/committee.decider.js';
import { initialDonationState, evolveDonation, type DonationState } from '../donation/donation.decider.js';
import { reverseCheckoutPayment, sharePartEventId, type ReverseCheckoutPayment } from './checkout-reversal.js';
import { evolveCheckout, initialCheckoutState, receiveCheckout, shareDonationId, type ReceiveCheckout } from './checkout.decider.js';
import type { ConduitState } from './conduit.decider.js';

const metadata: EventMetadata = { occurredAt: '2026-09-02T10:00:00.000Z', correlationId: 'corr-co1', causationId: 'req-co1', committeeId: 'c-conduit', donorId: 'dn_jane' };

const committee = (committeeId: string, data: Partial<CommitteeRegisteredV2> = {}): CommitteeState => ({
  status: 'registered',
  committeeId,
  name: `Committee ${committeeId}`,
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [
    { electionId: 'p-2026', kind: 'primary', date: '2026-06-02' },
    { electionId: 'g-2026', kind: 'general', date: '2026-11-03' },
  ],
  defaultElectionId: 'g-2026',
  registeredBy: 'admin',
  tenantId: 'party-a',
  ...data,
});
const listed = (id: string): [string, ConduitRecipientAddedV1] => [id, { conduitCommitteeId: 'c-conduit', recipientCommitteeId: id, kind: 'hustings', committeeType: 'authorized_committee', name: id, fecId: null }];
const conduit: ConduitState = { status: 'registered', committeeId: 'c-conduit', fecId: 'C00000001', name: 'Victory Fund', tenantId: 'party-a', registeredBy: 'admin', recipients: new Map([listed('c-ada'), listed('c-bo'), listed('c-cy')]) };
const campaign: CampaignState = { status: 'opened', campaignId: 'cmp-split', committeeId: 'c-conduit', name: 'Split it', currency: 'USD', opensAt: '2026-01-01T00:00:00.000Z', closesAt: null };
const recipients = new Map([['c-ada', committee('c-ada')], ['c-bo', committee('c-bo')], ['c-cy', committee('c-cy')]]);

const checkout = (allocations: ReceiveCheckout['data']['allocations'], context: Partial<Pick<ReceiveCheckout, 'campaign' | 'conduit'>> = {}): ReceiveCheckout => ({
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
  campaign: context.campaign ?? campaign,
  conduit: context.conduit ?? conduit,
  recipients,
});
const to = (recipientCommitteeId: string, amountMinor: bigint, electionId: string | null = null) => ({ recipientCommitteeId, amountMinor, currency: null, electionId });
const threeWay = checkout([to('c-ada', 5_000n), to('c-bo', 3_000n, 'p-2026'), to('c-cy', 2_000n)]);

const spec = deciderSpec({ decide: receiveCheckout, evolve: evolveCheckout, initialState: initialCheckoutState });

describe('checkout decider', () => {
  describe('given no checkout', () => {
    const given = spec.given([]);

    it('splits $100.00 into three donations, each to its recipient, its election, keyed by its recipient and caused by the checkout', () => {
      const { checkout: [received], shares } = given.when(threeWay).decision();
      expect(received.payload.shares).toEqual([
        { donationId: shareDonationId('co1', 'c-ada'), recipientCommitteeId: 'c-ada', amountMinor: '5000', electionId: 'g-2026' },
        { donationId: shareDonationId('co1', 'c-bo'), recipientCommitteeId: 'c-bo', amountMinor: '3000', electionId: 'p-2026' },
        { donationId: shareDonationId('co1', 'c-cy'), recipientCommitteeId: 'c-cy', amountMinor: '2000', electionId: 'g-2026' },
      ]);
      expect(received.payload).toMatchObject({ checkoutId: 'co1', conduitCommitteeId: 'c-conduit', amountMinor: '10000', donorId: 'dn_jane' });
      expect(shares.map((s) => [s.streamId, s.event.payload.committeeId, s.event.payload.campaignId, s.event.metadata.committeeId, s.event.metadata.causationId])).toEqual([
        [`donation-${shareDonationId('co1', 'c-ada')}`, 'c-ada', 'cmp-split', 'c-ada', 'ev-co1'],
        [`donation-${shareDonationId('co1', 'c-bo')}`, 'c-bo', 'cmp-split', 'c-bo', 'ev-co1'],
        [`donation-${shareDonationId('co1', 'c-cy')}`, 'c-cy', 'cmp-split', 'c-cy', 'ev-co1'],
      ]);
    });

    it('refuses a campaign whose committee is not a conduit: conduit_not_found', () => {
      given.when(checkout([to('c-ada', 100n)], { conduit: { status: 'none' } })).thenRejects('conduit_not_found');
    });

    it('refuses an election the recipient does not hold: election_unknown', () => {
      given.when(checkout([to('c-ada', 100n, 'runoff-2026')])).thenRejects('election_unknown');
    });

    it('refuses a recipient listed by the conduit but no longer found: committee_not_found', () => {
      const gone = { ...conduit, recipients: new Map([...conduit.recipients, listed('c-gone')]) };
      given.when(checkout([to('c-gone', 100n)], { conduit: gone })).thenRejects('committee_not_found');
    });

    it('refuses a payment in another currency than the campaign: currency_mismatch', () => {
      const command = threeWay;
      given.when({ ...command, data: { ...command.data, currency: 'GBP' } }).thenRejects('currency_mismatch');
    });

    it('refuses a sum one cent off: allocations_sum_mismatch', () => {
      given.when({ ...threeWay, data: { ...threeWay.data, amountMinor: 10_001n } }).thenRejects('allocations_sum_mismatch');
    });
  });

  describe('given the checkout received', () => {
    const first = spec.given([]).when(threeWay).decision().checkout[0] as CheckoutReceived;
    const given = spec.given([first]);

    it('a retry of the same checkout writes nothing', () => {
      given.when(threeWay).then({ checkout: [], shares: [] });
    });

    it('a retry matches a stored checkout whose keys came back in the store\'s order', () => {
      const stored = { ...first, payload: { ...first.payload, shares: first.payload.shares.map(({ electionId, amountMinor, recipientCommitteeId, donationId }) => ({ electionId, amountMinor, recipientCommitteeId, donationId })) } };
      spec.given([stored]).when(threeWay).then({ checkout: [], shares: [] });
    });

    it('the same checkout id with another split is refused: checkout_already_exists', () => {
      given.when(checkout([to('c-ada', 6_000n), to('c-bo', 2_000n, 'p-2026'), to('c-cy', 2_000n)])).thenRejects('checkout_already_exists');
    });
  });
});

describe('a reversal of the checkout\'s one payment', () => {
  const decided = spec.given([]).when(threeWay).decision();
  const received = decided.checkout[0];
  const state = evolveCheckout(initialCheckoutState(), received);
  const shares = new Map<string, DonationState>(decided.shares.map(({ event }) => [event.payload.donationId, evolveDonation(initialDonationState(), event)]));
  const reverse = (amountMinor: bigint, kind: 'refund' | 'chargeback' = 'refund', pspEventId = 'evt_r1', given = shares): ReverseCheckoutPayment => ({
    type: 'ReverseCheckoutPayment',
    notice: { pspEventId, kind, pspReference: 'pi_1', amountMinor, currency: 'USD', occurredAt: '2026-09-03T00:00:00.000Z' },
    correlationId: 'corr-r1',
    actor: 'payment-webhook',
    shares: given,
  });

  it('given $100.00 split 50/30/20, a $25.00 refund goes back $12.50, $7.50 and $5.00', () => {
    const [event] = reverseCheckoutPayment(reverse(2_500n), state);
    expect(event.payload.parts.map((p) => p.amountMinor)).toEqual(['1250', '750', '500']);
    expect(event.payload).toMatchObject({ policy: 'pro_rata', kind: 'refund', amountMinor: '2500' });
  });

  it('given a share already partly refunded on its own, the spread follows what each share has left', () => {
    const ada = shareDonationId('co1', 'c-ada');
    const refundedAda = evolveDonation(shares.get(ada)!, {
      eventId: 'r0', type: 'DonationRefunded', version: 1, metadata, payload: { donationId: ada, campaignId: 'cmp-split', amountMinor: '5000', currency: 'USD', reason: 'x', decidedBy: 'x', pspReference: 'pi_1' },
    });
    const [event] = reverseCheckoutPayment(reverse(5_000n, 'chargeback', 'evt_cb', new Map(shares).set(ada, refundedAda)), state);
    expect(event.payload.parts).toEqual([
      { donationId: shareDonationId('co1', 'c-bo'), amountMinor: '3000' },
      { donationId: shareDonationId('co1', 'c-cy'), amountMinor: '2000' },
    ]);
  });

  it('refuses more than the shares have left: reversal_exceeds_remaining', () => {
    expect(() => reverseCheckoutPayment(reverse(10_001n), state)).toThrow(expect.objectContaining({ code: 'reversal_exceeds_remaining' }));
  });

  it('the same provider event again spreads nothing; with another amount it is refused', () => {
    const [event] = reverseCheckoutPayment(reverse(2_500n), state);
    const after = evolveCheckout(state, event);
    expect(reverseCheckoutPayment(reverse(2_500n), after)).toEqual([]);
    expect(() => reverseCheckoutPayment(reverse(2_600n), after)).toThrow(expect.objectContaining({ code: 'payment_event_conflict' }));
  });

  it('names each share\'s part as a provider event of its own', () => {
    expect(sharePartEventId('evt_r1', 'd1')).toBe('evt_r1/d1');
  });
});
