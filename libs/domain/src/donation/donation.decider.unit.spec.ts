import type { CampaignOpenedV1, CommitteeRegisteredV2, DonationEvent, DonationReceived, DonationReceivedV5, EventMetadata } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { initialCampaignState, type CampaignState } from '../committee/campaign.decider.js';
import { initialCommitteeState, type CommitteeState } from '../committee/committee.decider.js';
import { evolveDonation, initialDonationState, receiveDonation, type ReceiveDonation } from './donation.decider.js';

const metadata: EventMetadata = {
  occurredAt: '2026-03-01T12:00:00.000Z',
  correlationId: 'corr-d1',
  causationId: 'req-d1',
  committeeId: 'c-smith',
  donorId: 'dn_jane',
};

const fecCommittee: CommitteeRegisteredV2 = {
  committeeId: 'c-smith',
  name: 'Smith for Congress',
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [
    { electionId: 'p-2026', kind: 'primary', date: '2026-06-02' },
    { electionId: 'g-2026', kind: 'general', date: '2026-11-03' },
  ],
  defaultElectionId: 'p-2026',
  registeredBy: 'officer-1',
  tenantId: 'party-a',
};
const committeeState = (data: Partial<CommitteeRegisteredV2> = {}): CommitteeState => ({ status: 'registered', ...fecCommittee, ...data });

const campaignData: CampaignOpenedV1 = {
  campaignId: 'cmp-spring',
  committeeId: 'c-smith',
  name: 'Spring push',
  currency: 'USD',
  opensAt: '2026-02-01T00:00:00.000Z',
  closesAt: '2026-06-01T00:00:00.000Z',
};
const campaignState = (data: Partial<CampaignOpenedV1> = {}): CampaignState => ({ status: 'opened', ...campaignData, ...data });

type Data = ReceiveDonation['data'];
const donation: Data = {
  donationId: 'd1',
  campaignId: 'cmp-spring',
  amountMinor: 2_500n,
  currency: 'USD',
  donor: {
    donorId: 'dn_jane',
    type: 'individual',
    sealedPii: null,
    attestations: { usCitizenOrPermanentResident: true },
    detailsGiven: { mailingAddress: false, occupation: true, employer: true },
    registrationNumber: null,
  },
  payment: { method: 'card', pspReference: 'psp-1', inKind: null },
  electionId: null,
  receivedAt: '2026-03-01T12:00:00.000Z',
  publicAcknowledgement: null,
};

/** `now`, when given, is the server's clock at intake (the command's occurredAt). */
const receive = (data: Partial<Data> = {}, context: { campaign?: CampaignState; committee?: CommitteeState; now?: string } = {}): ReceiveDonation => ({
  type: 'ReceiveDonation',
  eventId: 'ev-received-d1',
  metadata: context.now === undefined ? metadata : { ...metadata, occurredAt: context.now },
  data: { ...donation, ...data },
  campaign: context.campaign ?? campaignState(),
  committee: context.committee ?? committeeState(),
});

const payload: DonationReceivedV5 = {
  donationId: 'd1',
  campaignId: 'cmp-spring',
  committeeId: 'c-smith',
  amountMinor: '2500',
  currency: 'USD',
  donor: donation.donor,
  payment: { method: 'card', pspReference: 'psp-1', inKind: null },
  electionId: 'p-2026',
  receivedAt: '2026-03-01T12:00:00.000Z',
  matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
  publicAcknowledgement: null,
};
const received = (changes: Partial<DonationReceivedV5> = {}): DonationReceived => ({
  eventId: 'ev-received-d1',
  type: 'DonationReceived',
  version: 5,
  payload: { ...payload, ...changes },
  metadata,
});

const spec = deciderSpec({ decide: receiveDonation, evolve: evolveDonation, initialState: initialDonationState });

describe('donation decider: receiveDonation', () => {
  describe('given no donation', () => {
    const given = spec.given([]);

    it('records it, as a decimal string of minor units, counted towards the committee default election', () => {
      given.when(receive()).then([received()]);
    });

    it('counts it towards the election the donor designates', () => {
      given.when(receive({ electionId: 'g-2026' })).then([received({ electionId: 'g-2026' })]);
    });

    it('leaves the election empty for a committee that has none and needs none', () => {
      const committee = committeeState({ jurisdiction: 'UK-PPERA-PARTY', currency: 'GBP', elections: [], defaultElectionId: null });
      const campaign = campaignState({ currency: 'GBP' });
      given.when(receive({ currency: 'GBP' }, { committee, campaign })).then([received({ currency: 'GBP', electionId: null })]);
    });

    it('takes a donation at the instant the campaign opens, and up to the instant before it closes', () => {
      given.when(receive({ receivedAt: '2026-02-01T00:00:00.000Z' })).then([received({ receivedAt: '2026-02-01T00:00:00.000Z' })]);
      const lastInstant = receive({ receivedAt: '2026-05-31T23:59:59.999Z' }, { now: '2026-06-01T00:00:00.000Z' });
      given.when(lastInstant).then([{ ...received({ receivedAt: '2026-05-31T23:59:59.999Z' }), metadata: lastInstant.metadata }]);
    });

    it('takes a receipt from inside the window posted after the campaign closed, for ten days', () => {
      const posted = receive({ receivedAt: '2026-05-30T15:00:00.000Z' }, { now: '2026-06-10T23:59:59.999Z' });
      given.when(posted).then([{ ...received({ receivedAt: '2026-05-30T15:00:00.000Z' }), metadata: posted.metadata }]);
    });

    describe('refuses', () => {
      it('a campaign that does not exist', () => {
        given.when(receive({}, { campaign: initialCampaignState() })).thenRejects('campaign_not_found', 'campaign cmp-spring does not exist');
      });

      it('a committee that is not registered', () => {
        given.when(receive({}, { committee: initialCommitteeState() })).thenRejects('committee_not_found', 'committee c-smith is not registered');
      });

      it('an amount of zero or less', () => {
        given.when(receive({ amountMinor: 0n })).thenRejects('amount_must_be_positive', 'amountMinor must be greater than zero');
        given.when(receive({ amountMinor: -1n })).thenRejects('amount_must_be_positive');
      });

      it('a currency the campaign does not take', () => {
        given.when(receive({ currency: 'GBP' })).thenRejects('currency_mismatch', 'campaign cmp-spring takes USD, not GBP');
      });

      it('a designated election that is not the committee', () => {
        given.when(receive({ electionId: 'r-2026' })).thenRejects('election_unknown', "election r-2026 is not one of committee c-smith's");
      });

      it('an undesignated donation to an FEC committee without a default election', () => {
        const committee = committeeState({ defaultElectionId: null });
        given.when(receive({}, { committee })).thenRejects('election_required', 'this committee has no default election: designate one');
      });

      it('a donation before the campaign opens, or from the instant it closes', () => {
        given.when(receive({ receivedAt: '2026-01-31T23:59:59.999Z' })).thenRejects('campaign_not_open', 'campaign opens at 2026-02-01T00:00:00.000Z');
        const atClose = receive({ receivedAt: '2026-06-01T00:00:00.000Z' }, { now: '2026-06-01T00:00:00.000Z' });
        given.when(atClose).thenRejects('campaign_closed', 'campaign closed at 2026-06-01T00:00:00.000Z');
      });

      it('a receipt from inside the window posted ten days or more after the campaign closed', () => {
        const late = receive({ receivedAt: '2026-05-30T15:00:00.000Z' }, { now: '2026-06-11T00:00:00.000Z' });
        given.when(late).thenRejects('campaign_closed', /receipts from its window were taken for 10 days after/);
      });

      it('a receipt time more than five minutes ahead of the server clock', () => {
        given.when(receive({ receivedAt: '2026-03-01T12:05:00.000Z' })).then([received({ receivedAt: '2026-03-01T12:05:00.000Z' })]);
        given.when(receive({ receivedAt: '2026-03-01T12:05:00.001Z' })).thenRejects('received_at_in_future', 'receivedAt is more than 5 minutes ahead of the server\'s clock');
      });
    });
  });

  describe('given the donation was received', () => {
    const given = spec.given([received()]);

    it('yields nothing for a repeat of the same donation, even at a later receipt time', () => {
      given.when(receive()).then([]);
      given.when(receive({ receivedAt: '2026-03-01T12:00:05.000Z' })).then([]);
    });

    it('counts the committee default as the same election when the repeat designates it', () => {
      given.when(receive({ electionId: 'p-2026' })).then([]);
    });

    it.each<[string, Partial<Data>]>([
      ['amount', { amountMinor: 2_501n }],
      ['donor', { donor: { ...donation.donor, donorId: 'dn_john' } }],
      ['payment reference', { payment: { method: 'card', pspReference: 'psp-2', inKind: null } }],
      ['election', { electionId: 'g-2026' }],
      ['consent to the donor wall', { publicAcknowledgement: { sealedDisplayName: 'pii1.1.x', showAmount: false } }],
    ])('refuses the same donation id with another %s', (_field, change) => {
      given.when(receive(change)).thenRejects('donation_already_exists', 'donation d1 exists with different content');
    });
  });

  describe('given the donation was received with consent to the donor wall', () => {
    const consent = { sealedDisplayName: 'pii1.1.first-sealing', showAmount: true };
    const given = spec.given([received({ publicAcknowledgement: consent })]);

    it('records the consent as given, sealed name and all', () => {
      spec.given([]).when(receive({ publicAcknowledgement: consent })).then([received({ publicAcknowledgement: consent })]);
    });

    it('yields nothing for a repeat whose display name was sealed again (another nonce)', () => {
      given.when(receive({ publicAcknowledgement: { ...consent, sealedDisplayName: 'pii1.1.second-sealing' } })).then([]);
    });

    it('refuses a repeat that changes whether the amount may be shown', () => {
      given.when(receive({ publicAcknowledgement: { ...consent, showAmount: false } })).thenRejects('donation_already_exists');
    });
  });
});

describe('donation decider: evolveDonation', () => {
  const at = (occurredAt: string): EventMetadata => ({ ...metadata, occurredAt });
  const later: DonationEvent[] = [
    {
      eventId: 'ev-accepted',
      type: 'DonationAccepted',
      version: 2,
      metadata: at('2026-03-01T12:00:01.000Z'),
      payload: {
        donationId: 'd1',
        campaignId: 'cmp-spring',
        committeeId: 'c-smith',
        donorId: 'dn_jane',
        electionId: 'p-2026',
        acceptedAmountMinor: '2500',
        currency: 'USD',
        aggregateAfterMinor: '2500',
        ruleIds: ['individual-limit-per-election'],
        rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
        figures: { limitMinor: '350000' },
        itemized: true,
      },
    },
    {
      eventId: 'ev-refund',
      type: 'DonationRefunded',
      version: 1,
      metadata: at('2026-03-02T09:00:00.000Z'),
      payload: { donationId: 'd1', campaignId: 'cmp-spring', amountMinor: '1000', currency: 'USD', reason: 'donor asked', decidedBy: 'officer-1', pspReference: 'rf-1' },
    },
    {
      eventId: 'ev-chargeback',
      type: 'ChargebackReceived',
      version: 1,
      metadata: at('2026-03-09T09:00:00.000Z'),
      payload: { donationId: 'd1', campaignId: 'cmp-spring', amountMinor: '1500', currency: 'USD', pspReference: 'cb-1', reason: 'fraud' },
    },
  ];

  it('ignores facts about a donation it has not received', () => {
    expect(spec.given(later).state).toEqual({ status: 'none' });
  });

  it('keeps the decision, the amounts accepted, refunded and charged back, and when each happened with the status it left', () => {
    const state = spec.given([{ ...received(), recordedAt: '2026-03-01T12:00:00.250Z' }, ...later]).state;
    expect(state).toMatchObject({
      status: 'charged_back',
      received: payload,
      decision: 'accepted',
      acceptedAmountMinor: 2_500n,
      refundedAmountMinor: 1_000n,
      chargedBackAmountMinor: 1_500n,
      payment: { status: 'pending', capturedAmountMinor: 0n, failure: null },
      rejection: null,
      flags: [],
      itemized: true,
      excessHeld: null,
      bestEffortsRequest: null,
    });
    expect(state.status !== 'none' && state.history).toStrictEqual([
      { eventId: 'ev-received-d1', type: 'DonationReceived', at: '2026-03-01T12:00:00.250Z', status: 'received', amountMinor: 2_500n },
      { eventId: 'ev-accepted', type: 'DonationAccepted', at: '2026-03-01T12:00:01.000Z', status: 'accepted', amountMinor: 2_500n },
      { eventId: 'ev-refund', type: 'DonationRefunded', at: '2026-03-02T09:00:00.000Z', status: 'partly_refunded', amountMinor: 1_000n },
      { eventId: 'ev-chargeback', type: 'ChargebackReceived', at: '2026-03-09T09:00:00.000Z', status: 'charged_back', amountMinor: 1_500n },
    ]);
    expect(state.status !== 'none' && [...state.paymentFacts.keys()]).toEqual(['ev-refund', 'ev-chargeback']);
  });

  it('keeps the code and detail of a rejection', () => {
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
    const state = spec.given([received(), rejected]).state;
    expect(state).toMatchObject({ status: 'rejected', rejection: { code: 'donor_exceeds_election_limit', detail: 'over' }, acceptedAmountMinor: 0n });
  });

  it('keeps a partly accepted donation\'s held excess and the best-efforts request due, each in the history', () => {
    const decidedAt = at('2026-03-01T12:00:01.000Z');
    const base = { donationId: 'd1', campaignId: 'cmp-spring', committeeId: 'c-smith', donorId: 'dn_jane', ruleIds: [], rulePackVersion: 'US-FEC-CANDIDATE/2025-2026' };
    const decision: DonationEvent[] = [
      {
        eventId: 'ev-accepted',
        type: 'DonationAccepted',
        version: 2,
        metadata: decidedAt,
        payload: { ...base, electionId: 'p-2026', acceptedAmountMinor: '2000', currency: 'USD', aggregateAfterMinor: '350000', figures: {}, itemized: true },
      },
      {
        eventId: 'ev-held',
        type: 'ExcessiveContributionHeld',
        version: 1,
        metadata: decidedAt,
        payload: {
          ...base,
          electionId: 'p-2026',
          receivedAmountMinor: '2500',
          acceptedAmountMinor: '2000',
          excessAmountMinor: '500',
          currency: 'USD',
          remedies: ['refund', 'redesignation', 'reattribution'],
          dueOn: '2026-04-30',
          figures: {},
        },
      },
      { eventId: 'ev-request', type: 'BestEffortsRequestOpened', version: 1, metadata: decidedAt, payload: { ...base, missingDetails: ['mailing_address'], dueOn: '2026-03-31' } },
    ];
    const state = spec.given([received(), ...decision]).state;
    expect(state).toMatchObject({
      status: 'partly_accepted',
      acceptedAmountMinor: 2_000n,
      itemized: true,
      excessHeld: { amountMinor: 500n, dueOn: '2026-04-30' },
      bestEffortsRequest: { missingDetails: ['mailing_address'], dueOn: '2026-03-31' },
    });
    expect(state.status !== 'none' && state.history.map((h) => [h.type, h.status, h.amountMinor])).toEqual([
      ['DonationReceived', 'received', 2_500n],
      ['DonationAccepted', 'partly_accepted', 2_000n],
      ['ExcessiveContributionHeld', 'partly_accepted', 500n],
      ['BestEffortsRequestOpened', 'partly_accepted', null],
    ]);
  });

  describe('11 CFR 110.1(b)(2)(ii): an undesignated gift counts toward the next election after the committee local day it is made', () => {
    // Primary on 2 June 2026, general on 3 November; the committee's default is the primary and its zone New York (EDT, UTC-4).
    const given = spec.given([]);
    const open = campaignState({ closesAt: null });
    const committee = committeeState({ timeZone: 'America/New_York' } as Partial<CommitteeRegisteredV2>);
    const at = (receivedAt: string) => receive({ receivedAt }, { campaign: open, committee, now: '2026-12-01T00:00:00.000Z' });

    it.each([
      ['2026-06-03T03:59:00.000Z', 'p-2026', '23:59 on primary day in New York: still the primary'],
      ['2026-06-03T04:00:00.000Z', 'g-2026', 'midnight after primary day in New York: the general, not the default'],
      ['2026-06-03T04:01:00.000Z', 'g-2026', 'a minute after'],
      ['2026-11-04T04:59:00.000Z', 'g-2026', '23:59 on general election day (EST)'],
    ])('received at %s it counts toward %s (%s)', (receivedAt, electionId) => {
      expect(given.when(at(receivedAt)).decision()[0].payload.electionId).toBe(electionId);
    });

    it('received after every listed election, it counts toward the committee default', () => {
      expect(given.when(at('2026-11-04T05:00:00.000Z')).decision()[0].payload.electionId).toBe('p-2026');
    });

    it('a designated gift keeps its designation whenever it is made', () => {
      expect(given.when(receive({ receivedAt: '2026-07-01T12:00:00.000Z', electionId: 'p-2026' }, { campaign: open, committee, now: '2026-12-01T00:00:00.000Z' })).decision()[0].payload.electionId).toBe('p-2026');
    });
  });
});
