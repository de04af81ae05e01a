import type { EventMetadata, RecurringPlanCreatedV4, RecurringPlanEvent } from '#contracts';
import { CURRENT_VERSIONS, deterministicId } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import type { CampaignState } from '../committee/campaign.decider.js';
import type { CommitteeState } from '../committee/committee.decider.js';
import { initialDonationState, receiveDonation } from '../donation/donation.decider.js';
import {
  initiateDueInstalment,
  instalmentDonation,
  instalmentsToSettle,
  planNextDueAt,
  refuseInstalment,
  type InitiateInstalment,
  type RefuseInstalment,
} from './recurring-instalment.js';
import { evolveRecurringPlan, initialRecurringPlanState } from './recurring-plan.decider.js';
import { instalmentDonationId } from './recurring-schedule.js';

const metadata = (occurredAt: string): EventMetadata => ({
  occurredAt,
  correlationId: 'tick-1',
  causationId: 'tick-1',
  committeeId: 'c-ukp',
  donorId: 'dn_ada',
  actor: 'recurring-scheduler',
});

const plan: RecurringPlanCreatedV4 = {
  planId: 'plan-1',
  campaignId: 'monthly',
  committeeId: 'c-ukp',
  amountMinor: '1000',
  currency: 'GBP',
  donor: { donorId: 'dn_ada', type: 'individual', sealedPii: 'sealed:ada', attestations: { ownFunds: true }, detailsGiven: { mailingAddress: true, occupation: false, employer: false }, registrationNumber: null },
  payment: { method: 'bank_transfer', mandateReference: 'mandate-77' },
  electionId: null,
  dayOfMonth: 15,
  startsOn: '2026-01-15',
  consent: { consentedAt: '2026-01-10T09:29:00.000Z', text: 'Monthly £10.00 until I cancel.', version: 'monthly-v3' },
  createdBy: 'intake-api',
  timeZone: 'Europe/London',
};
const event = <T extends RecurringPlanEvent['type']>(type: T, payload: Extract<RecurringPlanEvent, { type: T }>['payload'], at: string) =>
  ({ eventId: `ev-${type}-${at}`, type, version: CURRENT_VERSIONS[type], payload, metadata: metadata(at) }) as Extract<RecurringPlanEvent, { type: T }>;

const created = event('RecurringPlanCreated', plan, '2026-01-10T09:30:00.000Z');
const initiated = (period: string, dueAt: string) =>
  ({
    ...event('RecurringInstalmentInitiated', { planId: 'plan-1', period, donationId: instalmentDonationId('plan-1', period), dueAt }, dueAt),
    eventId: deterministicId('recurring-instalment-initiated', 'plan-1', period),
  });
const january = initiated('2026-01', '2026-01-15T00:00:00.000Z');
const february = initiated('2026-02', '2026-02-15T00:00:00.000Z');
const change = { planId: 'plan-1', requestedBy: 'donor', decidedBy: 'intake-api' } as const;
const paused = event('RecurringPlanPaused', { ...change, reason: null, pausedAt: '2026-02-20T10:00:00.000Z' }, '2026-02-20T10:00:00.000Z');
const resumed = event('RecurringPlanResumed', { ...change, resumedAt: '2026-04-16T10:00:00.000Z' }, '2026-04-16T10:00:00.000Z');
const cancelled = event('RecurringPlanCancelled', { ...change, reason: null, cancelledAt: '2026-02-20T10:00:00.000Z' }, '2026-02-20T10:00:00.000Z');

const tick = (now: string): InitiateInstalment => ({ type: 'InitiateInstalment', metadata: metadata(now), data: { planId: 'plan-1', now } });
const spec = deciderSpec({ decide: initiateDueInstalment, evolve: evolveRecurringPlan, initialState: initialRecurringPlanState });

describe('recurring instalments: initiateDueInstalment', () => {
  it('given no plan, then it is refused as not found', () => {
    spec.given([]).when(tick('2026-01-15T00:00:00.000Z')).thenRejects('recurring_plan_not_found');
  });

  describe('given an active plan', () => {
    const given = spec.given([created]);

    it('initiates nothing before the first due instant', () => {
      given.when(tick('2026-01-14T23:59:59.999Z')).then([]);
    });

    it('initiates the period at its due instant, under ids derived from plan and period', () => {
      given.when(tick('2026-01-15T00:00:00.000Z')).then([{ ...january, metadata: metadata('2026-01-15T00:00:00.000Z') }]);
    });

    it('after downtime, initiates the oldest owed period first, one per decision', () => {
      const [first] = given.when(tick('2026-03-20T08:00:00.000Z')).decision();
      expect(first.payload.period).toBe('2026-01');
    });

    it('decides the same event on two schedulers that fire at different instants of the same period', () => {
      const a = given.when(tick('2026-01-15T00:00:05.000Z')).decision();
      const b = given.when(tick('2026-01-20T13:00:00.000Z')).decision();
      expect(a.map((e) => [e.eventId, e.payload])).toEqual(b.map((e) => [e.eventId, e.payload]));
    });
  });

  it('given the period was initiated, then the same tick initiates nothing', () => {
    spec.given([created, january]).when(tick('2026-02-14T23:59:59.999Z')).then([]);
  });

  it('given a paused plan, then nothing is initiated, however late', () => {
    spec.given([created, january, paused]).when(tick('2026-04-15T00:00:00.000Z')).then([]);
  });

  it('given a cancelled plan, then nothing is initiated, ever', () => {
    spec.given([created, january, cancelled]).when(tick('2026-09-15T00:00:00.000Z')).then([]);
  });

  it('given a plan resumed after its April day, then March and April are never owed; May is, from midnight of 15 May in London (BST)', () => {
    const given = spec.given([created, january, february, paused, resumed]);
    given.when(tick('2026-05-14T22:59:59.999Z')).then([]);
    const [may] = given.when(tick('2026-05-14T23:00:00.000Z')).decision();
    expect(may.payload).toEqual({ planId: 'plan-1', period: '2026-05', donationId: instalmentDonationId('plan-1', '2026-05'), dueAt: '2026-05-14T23:00:00.000Z' });
  });
});

describe('recurring instalments: the donation an instalment is', () => {
  const campaign: CampaignState = { status: 'opened', campaignId: 'monthly', committeeId: 'c-ukp', name: 'Monthly', currency: 'GBP', opensAt: '2026-01-01T00:00:00.000Z', closesAt: '2026-02-01T00:00:00.000Z' };
  const committee: CommitteeState = {
    status: 'registered',
    committeeId: 'c-ukp',
    name: 'United Kingdom Party',
    jurisdiction: 'UK-PPERA-PARTY',
    currency: 'GBP',
    elections: [],
    defaultElectionId: null,
    registeredBy: 'officer-1',
    tenantId: 'party-a',
  };
  const receive = (instalment: typeof january) => ({
    type: 'ReceiveDonation' as const,
    eventId: deterministicId('donation-received', instalment.payload.donationId),
    metadata: metadata(instalment.payload.dueAt),
    data: instalmentDonation(plan, instalment.payload),
    campaign,
    committee,
  });

  it('is received at its due instant with the plan’s amount, donor snapshot (sealed PII included) and mandate', () => {
    const [received] = receiveDonation(receive(january), initialDonationState());
    expect(received.payload).toEqual({
      donationId: instalmentDonationId('plan-1', '2026-01'),
      campaignId: 'monthly',
      committeeId: 'c-ukp',
      amountMinor: '1000',
      currency: 'GBP',
      donor: plan.donor,
      payment: { method: 'bank_transfer', pspReference: 'mandate-77', inKind: null },
      electionId: null,
      receivedAt: '2026-01-15T00:00:00.000Z',
      matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
      publicAcknowledgement: null,
    });
  });

  it('is refused by the donation decider like any donation, e.g. once the campaign has closed', () => {
    expect(() => receiveDonation(receive(february), initialDonationState())).toThrow(expect.objectContaining({ code: 'campaign_closed' }));
  });
});

describe('recurring instalments: refuseInstalment and what is left to settle', () => {
  const refuse: RefuseInstalment = {
    type: 'RefuseInstalment',
    metadata: metadata('2026-02-15T00:01:00.000Z'),
    data: { planId: 'plan-1', period: '2026-02', code: 'campaign_closed', detail: 'campaign closed at 2026-02-01T00:00:00.000Z' },
  };
  const refusals = deciderSpec({ decide: refuseInstalment, evolve: evolveRecurringPlan, initialState: initialRecurringPlanState });
  const refused = {
    eventId: deterministicId('recurring-instalment-refused', 'plan-1', '2026-02'),
    type: 'RecurringInstalmentRefused' as const,
    version: 1,
    payload: { planId: 'plan-1', period: '2026-02', donationId: instalmentDonationId('plan-1', '2026-02'), code: 'campaign_closed', detail: refuse.data.detail },
    metadata: refuse.metadata,
  };

  it('given an initiated instalment, then the refusal is recorded once', () => {
    refusals.given([created, january, february]).when(refuse).then([refused]);
    refusals.given([created, january, february, refused]).when(refuse).then([]);
  });

  it('given instalments, then those not refused and after what was settled are left to settle', () => {
    const state = refusals.given([created, january, february, refused]).state;
    expect(instalmentsToSettle(state, '2026-02-20T00:00:00.000Z', null).map((i) => i.period)).toEqual(['2026-01']);
    expect(instalmentsToSettle(state, '2026-02-20T00:00:00.000Z', '2026-01')).toEqual([]);
    const open = refusals.given([created, january, february]).state;
    expect(instalmentsToSettle(open, '2026-02-20T00:00:00.000Z', '2026-01').map((i) => i.period)).toEqual(['2026-02']);
  });

  it('given instalments older than the catch-up window, then they are not settled again', () => {
    const state = refusals.given([created, january]).state;
    expect(instalmentsToSettle(state, '2026-04-20T00:00:00.000Z', null)).toEqual([]);
  });

  it('says when the plan next owes: the next period while active, none when paused', () => {
    expect(planNextDueAt(refusals.given([created, january]).state, '2026-01-20T00:00:00.000Z')).toBe('2026-02-15T00:00:00.000Z');
    expect(planNextDueAt(refusals.given([created, january, paused]).state, '2026-02-20T10:00:00.000Z')).toBeNull();
    expect(planNextDueAt(initialRecurringPlanState(), '2026-02-20T10:00:00.000Z')).toBeNull();
  });
});
