import type {
  CampaignOpenedV1,
  CommitteeRegisteredV2,
  EventMetadata,
  RecurringPlanCreated,
  RecurringPlanCreatedV4,
  RecurringPlanEvent,
} from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { initialCampaignState, type CampaignState } from '../committee/campaign.decider.js';
import { initialCommitteeState, type CommitteeState } from '../committee/committee.decider.js';
import {
  changeRecurringPlan,
  createRecurringPlan,
  evolveRecurringPlan,
  initialRecurringPlanState,
  type ChangeRecurringPlan,
  type CreateRecurringPlan,
} from './recurring-plan.decider.js';

const NOW = '2026-01-10T09:30:00.000Z';
const metadata = (occurredAt = NOW): EventMetadata => ({
  occurredAt,
  correlationId: 'corr-p1',
  causationId: 'corr-p1',
  committeeId: 'c-ukp',
  donorId: 'dn_ada',
  actor: 'intake-api',
});

const committee: CommitteeState = {
  status: 'registered',
  committeeId: 'c-ukp',
  name: 'United Kingdom Party',
  jurisdiction: 'UK-PPERA-PARTY',
  currency: 'GBP',
  elections: [{ electionId: 'ge-2029', kind: 'general', date: '2029-05-03' }],
  defaultElectionId: null,
  registeredBy: 'officer-1',
    tenantId: 'party-a',
} satisfies { status: 'registered' } & CommitteeRegisteredV2;

const campaignData: CampaignOpenedV1 = {
  campaignId: 'monthly',
  committeeId: 'c-ukp',
  name: 'Monthly supporters',
  currency: 'GBP',
  opensAt: '2026-01-01T00:00:00.000Z',
  closesAt: null,
};
const campaign = (changes: Partial<CampaignOpenedV1> = {}): CampaignState => ({ status: 'opened', ...campaignData, ...changes });

type Data = CreateRecurringPlan['data'];
const request: Data = {
  planId: 'plan-1',
  campaignId: 'monthly',
  amountMinor: 1_000n,
  currency: 'GBP',
  donor: { donorId: 'dn_ada', type: 'individual', sealedPii: null, attestations: {}, detailsGiven: { mailingAddress: true, occupation: true, employer: false }, registrationNumber: null },
  payment: { method: 'bank_transfer', mandateReference: 'mandate-77' },
  electionId: null,
  dayOfMonth: 31,
  startsOn: '2026-01-31',
  consent: true,
  consentText: 'I give £10.00 on the last day of every month until I cancel.',
  consentVersion: 'monthly-v3',
  consentedAt: '2026-01-10T09:29:00.000Z',
  createdBy: 'intake-api',
};

const create = (data: Partial<Data> = {}, context: { campaign?: CampaignState; committee?: CommitteeState; now?: string } = {}): CreateRecurringPlan => ({
  type: 'CreateRecurringPlan',
  eventId: 'ev-plan-1',
  metadata: metadata(context.now),
  data: { ...request, ...data },
  campaign: context.campaign ?? campaign(),
  committee: context.committee ?? committee,
});

const createdPayload: RecurringPlanCreatedV4 = {
  planId: 'plan-1',
  campaignId: 'monthly',
  committeeId: 'c-ukp',
  amountMinor: '1000',
  currency: 'GBP',
  donor: request.donor,
  payment: { method: 'bank_transfer', mandateReference: 'mandate-77' },
  electionId: null,
  dayOfMonth: 31,
  startsOn: '2026-01-31',
  consent: { consentedAt: '2026-01-10T09:29:00.000Z', text: request.consentText as string, version: 'monthly-v3' },
  createdBy: 'intake-api',
  timeZone: 'Europe/London',
};
const created = (changes: Partial<RecurringPlanCreatedV4> = {}): RecurringPlanCreated => ({
  eventId: 'ev-plan-1',
  type: 'RecurringPlanCreated',
  version: 4,
  payload: { ...createdPayload, ...changes },
  metadata: metadata(),
});

const createSpec = deciderSpec({ decide: createRecurringPlan, evolve: evolveRecurringPlan, initialState: initialRecurringPlanState });
const changeSpec = deciderSpec({ decide: changeRecurringPlan, evolve: evolveRecurringPlan, initialState: initialRecurringPlanState });

describe('recurring plan decider: createRecurringPlan', () => {
  describe('given no plan', () => {
    const given = createSpec.given([]);

    it('creates it with the consent record the donor saw, for the campaign’s committee', () => {
      given.when(create()).then([created()]);
    });

    it('starts today (UTC) and records consent at the request time when the client names neither', () => {
      given
        .when(create({ startsOn: null, consentedAt: null }))
        .then([created({ startsOn: '2026-01-10', consent: { ...createdPayload.consent, consentedAt: NOW } })]);
    });

    it('may start today, a year ahead at most', () => {
      given.when(create({ startsOn: '2026-01-10' })).then([created({ startsOn: '2026-01-10' })]);
      given.when(create({ startsOn: '2027-01-10' })).then([created({ startsOn: '2027-01-10' })]);
    });

    describe('refuses without explicit, recorded consent', () => {
      it('when consent is false (absent, or anything but a JSON true, parses to false)', () => {
        given.when(create({ consent: false })).thenRejects('consent_required', 'the donor must agree to monthly charges explicitly: send "consent": true');
      });

      it('before any other check: no consent, no plan, whatever else is wrong', () => {
        given.when(create({ consent: false, amountMinor: 0n }, { campaign: initialCampaignState() })).thenRejects('consent_required');
      });

      it('when the words or their version are missing', () => {
        given.when(create({ consentText: null })).thenRejects('consent_required', 'record what the donor agreed to: consentText and consentVersion');
        given.when(create({ consentVersion: null })).thenRejects('consent_required');
      });

      it('when consent is dated after the request', () => {
        given.when(create({ consentedAt: '2026-01-10T09:30:00.001Z' })).thenRejects('consent_required', 'consentedAt is in the future');
      });
    });

    describe('refuses terms a plan cannot have', () => {
      it.each(['cash', 'check', 'in_kind'] as const)('payment by %s', (method) => {
        given.when(create({ payment: { method, mandateReference: 'x' } })).thenRejects('recurring_payment_invalid', new RegExp(`not ${method}$`));
      });

      it('a payment without a mandate to charge', () => {
        given.when(create({ payment: { method: 'card', mandateReference: null } })).thenRejects('recurring_payment_invalid');
      });

      it.each([0, 32, 1.5])('day of month %d', (dayOfMonth) => {
        given.when(create({ dayOfMonth })).thenRejects('recurring_schedule_invalid', 'dayOfMonth must be an integer from 1 to 31');
      });

      it('a start yesterday, or more than a year ahead', () => {
        given.when(create({ startsOn: '2026-01-09' })).thenRejects('recurring_schedule_invalid', 'startsOn 2026-01-09 is before today (Europe/London)');
        given.when(create({ startsOn: '2027-01-12' })).thenRejects('recurring_schedule_invalid', 'startsOn 2027-01-12 is more than a year ahead');
      });
    });

    describe('refuses what the donation decider would refuse for the first instalment', () => {
      it('an unknown campaign or committee', () => {
        given.when(create({}, { campaign: initialCampaignState() })).thenRejects('campaign_not_found');
        given.when(create({}, { committee: initialCommitteeState() })).thenRejects('committee_not_found');
      });

      it('an amount of zero, or another currency than the campaign’s', () => {
        given.when(create({ amountMinor: 0n })).thenRejects('amount_must_be_positive');
        given.when(create({ currency: 'EUR' })).thenRejects('currency_mismatch', 'campaign monthly takes GBP, not EUR');
      });

      it('an election the committee does not have', () => {
        given.when(create({ electionId: 'by-2027' })).thenRejects('election_unknown');
      });

      it('a campaign that closes before the first instalment falls due (31 January, 00:00 UTC)', () => {
        const closing = campaign({ closesAt: '2026-01-31T00:00:00.000Z' });
        given.when(create({}, { campaign: closing })).thenRejects('campaign_closed');
        given.when(create({}, { campaign: campaign({ closesAt: '2026-01-31T00:00:00.001Z' }) })).then([created()]);
      });

      it('a campaign that opens after the first instalment falls due', () => {
        given.when(create({}, { campaign: campaign({ opensAt: '2026-01-31T00:00:00.001Z' }) })).thenRejects('campaign_not_open');
      });
    });
  });

  // Issue 14, item 1: "today" and the plan's days are the committee's (London in BST here).
  describe('given no plan, at 00:30 BST on 1 July (23:30Z on 30 June)', () => {
    const given = createSpec.given([]);
    const now = '2026-06-30T23:30:00.000Z';

    it('when no start is given, then the plan starts on 1 July, the committee’s today, in its zone', () => {
      const [plan] = given.when(create({ startsOn: null }, { now })).decision();
      expect(plan.payload).toMatchObject({ startsOn: '2026-07-01', timeZone: 'Europe/London' });
    });

    it('when the start is 30 June, then it is refused as before the committee’s today, though it is today in UTC', () => {
      given.when(create({ startsOn: '2026-06-30' }, { now })).thenRejects('recurring_schedule_invalid', 'startsOn 2026-06-30 is before today (Europe/London)');
    });
  });

  describe('given the plan exists', () => {
    const given = createSpec.given([created()]);

    it('decides nothing for the same request again, even a day later with a defaulted start', () => {
      given.when(create()).then([]);
      given.when(create({ startsOn: null, consentedAt: null }, { now: '2026-01-11T08:00:00.000Z' })).then([]);
    });

    it.each<[string, Partial<Data>]>([
      ['amount', { amountMinor: 1_001n }],
      ['day of month', { dayOfMonth: 30 }],
      ['start', { startsOn: '2026-02-01' }],
      ['mandate', { payment: { method: 'bank_transfer', mandateReference: 'mandate-78' } }],
      ['consent wording', { consentVersion: 'monthly-v4' }],
    ])('refuses the same plan id with another %s', (_term, change) => {
      given.when(create(change)).thenRejects('recurring_plan_already_exists', 'recurring plan plan-1 exists with different terms');
    });
  });
});

const change = (type: ChangeRecurringPlan['type'], occurredAt: string, changes: Partial<ChangeRecurringPlan['data']> = {}): ChangeRecurringPlan => ({
  type,
  eventId: `ev-${type}-${occurredAt}`,
  metadata: metadata(occurredAt),
  data: { planId: 'plan-1', requestedBy: 'donor', decidedBy: 'intake-api', reason: null, ...changes },
});
const decidedBy = { planId: 'plan-1', requestedBy: 'donor', decidedBy: 'intake-api' } as const;
const pause = change('PauseRecurringPlan', '2026-03-02T10:00:00.000Z', { reason: 'between jobs' });
const resume = change('ResumeRecurringPlan', '2026-05-02T10:00:00.000Z');
const cancel = change('CancelRecurringPlan', '2026-06-02T10:00:00.000Z', { requestedBy: 'psp', reason: 'mandate revoked' });
const paused: RecurringPlanEvent = {
  eventId: pause.eventId,
  type: 'RecurringPlanPaused',
  version: 1,
  payload: { ...decidedBy, reason: 'between jobs', pausedAt: '2026-03-02T10:00:00.000Z' },
  metadata: pause.metadata,
};
const resumed: RecurringPlanEvent = {
  eventId: resume.eventId,
  type: 'RecurringPlanResumed',
  version: 1,
  payload: { ...decidedBy, resumedAt: '2026-05-02T10:00:00.000Z' },
  metadata: resume.metadata,
};
const cancelled: RecurringPlanEvent = {
  eventId: cancel.eventId,
  type: 'RecurringPlanCancelled',
  version: 1,
  payload: { ...decidedBy, requestedBy: 'psp', reason: 'mandate revoked', cancelledAt: '2026-06-02T10:00:00.000Z' },
  metadata: cancel.metadata,
};

describe('recurring plan decider: pause, resume, cancel', () => {
  it('given no plan, then every change is refused as not found', () => {
    for (const command of [pause, resume, cancel]) changeSpec.given([]).when(command).thenRejects('recurring_plan_not_found', 'no recurring plan plan-1');
  });

  describe('given an active plan', () => {
    const given = changeSpec.given([created()]);
    it('pauses it, with who asked and why', () => {
      given.when(pause).then([paused]);
    });
    it('decides nothing on resume: it is running', () => {
      given.when(resume).then([]);
    });
    it('cancels it in one call', () => {
      given.when(cancel).then([cancelled]);
    });
  });

  describe('given a paused plan', () => {
    const given = changeSpec.given([created(), paused]);
    it('decides nothing on a second pause', () => {
      given.when(pause).then([]);
    });
    it('resumes it', () => {
      given.when(resume).then([resumed]);
    });
    it('cancels it', () => {
      given.when(cancel).then([cancelled]);
    });
    it('is paused, with the instant', () => expect(given.state).toMatchObject({ status: 'paused', pausedAt: '2026-03-02T10:00:00.000Z' }));
  });

  describe('given a resumed plan', () => {
    const given = changeSpec.given([created(), paused, resumed]);
    it('owes nothing due before the resume', () => {
      expect(given.state).toMatchObject({ status: 'active', pausedAt: null, owedFrom: '2026-05-02T10:00:00.000Z' });
    });
  });

  describe('given a cancelled plan', () => {
    const given = changeSpec.given([created(), paused, cancelled]);
    it('decides nothing on a second cancel', () => {
      given.when(cancel).then([]);
    });
    it('refuses to resume or pause it', () => {
      given.when(resume).thenRejects('recurring_plan_cancelled', 'recurring plan plan-1 is cancelled and cannot resume');
      given.when(pause).thenRejects('recurring_plan_cancelled');
    });
    it('keeps the cancellation for the record', () => {
      expect(given.state).toMatchObject({ status: 'cancelled', cancellation: cancelled.payload });
    });
  });
});
