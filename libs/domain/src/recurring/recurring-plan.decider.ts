import {
  CURRENT_VERSIONS,
  type DonorSnapshot,
  type EventMetadata,
  type PaymentMethod,
  type PlanChangeRequester,
  type RecurringPlanCancelled,
  type RecurringPlanCreated,
  type RecurringPlanCreatedV4,
  type RecurringPlanEvent,
  type RecurringPlanPaused,
  type RecurringPlanResumed,
} from '#contracts';
import type { CampaignState } from '../committee/campaign.decider.js';
import { dayInZone, startOfDayInZone } from '#compliance-rules';
import { committeeTimeZoneAt, type CommitteeState } from '../committee/committee.decider.js';
import { initialDonationState, receiveDonation, type ReceiveDonation } from '../donation/donation.decider.js';
import { instalmentDonation } from './recurring-instalment.js';
import { dueAtOf, firstPeriodOf, instalmentDonationId } from './recurring-schedule.js';
import { assertNever, reject } from '../shared/rejection.js';
import type { RecurringPlanState } from './recurring-plan.state.js';
import type { Fold } from '../shared/fold.js';

export const initialRecurringPlanState = (): RecurringPlanState => ({ status: 'none' });

/** The plan's own calendar day of an instant (its zone: the committee's when the plan was made). */
const dayOf = (instant: string, timeZone: string): string => dayInZone(instant, timeZone) ?? instant.slice(0, 10);
const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

export function evolveRecurringPlan(state: RecurringPlanState, event: RecurringPlanEvent & { recordedAt?: string }): RecurringPlanState {
  const at = event.recordedAt ?? event.metadata.occurredAt;
  if (event.type === 'RecurringPlanCreated') {
    const plan = event.payload;
    return {
      status: 'active',
      plan,
      createdAt: event.metadata.occurredAt,
      owedFrom: startOfDayInZone(plan.startsOn, plan.timeZone),
      instalments: [],
      pausedAt: null,
      cancellation: null,
      history: [{ type: event.type, at }],
    };
  }
  if (state.status === 'none') return state;
  const history = [...state.history, { type: event.type, at }];
  switch (event.type) {
    case 'RecurringInstalmentInitiated': {
      const { period, donationId, dueAt } = event.payload;
      return { ...state, instalments: [...state.instalments, { period, donationId, dueAt, refusal: null }], history };
    }
    case 'RecurringInstalmentRefused': {
      const { period, code, detail } = event.payload;
      const instalments = state.instalments.map((i) => (i.period === period ? { ...i, refusal: { code, detail } } : i));
      return { ...state, instalments, history };
    }
    case 'RecurringPlanPaused':
      return { ...state, status: 'paused', pausedAt: event.payload.pausedAt, history };
    case 'RecurringPlanResumed':
      return { ...state, status: 'active', pausedAt: null, owedFrom: later(event.payload.resumedAt, state.owedFrom), history };
    case 'RecurringPlanCancelled':
      return { ...state, status: 'cancelled', cancellation: event.payload, history };
    default:
      return assertNever(event);
  }
}

/** A recurring plan's stream. */
export const recurringPlanFold: Fold<RecurringPlanState, RecurringPlanEvent & { recordedAt?: string }> = { evolve: evolveRecurringPlan, initialState: initialRecurringPlanState };

/* ---------------------------------------------------------------- create */

export const RECURRING_PAYMENT_METHODS: readonly PaymentMethod[] = ['card', 'bank_transfer'];
/** How far ahead a plan may start. */
const MAX_START_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

export interface CreateRecurringPlan {
  type: 'CreateRecurringPlan';
  eventId: string;
  /** `occurredAt` is the moment of the request: "today" for the start date and the default consent time. */
  metadata: EventMetadata;
  data: {
    planId: string;
    campaignId: string;
    amountMinor: bigint;
    currency: string;
    donor: DonorSnapshot;
    payment: { method: PaymentMethod; mandateReference: string | null };
    electionId: string | null;
    dayOfMonth: number;
    /** null: today, on the committee's calendar. */
    startsOn: string | null;
    /** Only a literal `true` from the donor counts; nothing defaults it. */
    consent: boolean;
    consentText: string | null;
    consentVersion: string | null;
    /** null: the moment of the request. */
    consentedAt: string | null;
    createdBy: string;
  };
  campaign: CampaignState;
  committee: CommitteeState;
}

/**
 * Creates a plan on the donor's explicit, recorded consent. The checks run in a fixed order:
 * consent, the plan's own terms, then the first instalment exactly as the donation decider
 * would take it (campaign, committee, amount, currency, window, election), so a plan whose
 * first gift would be refused is never created. The same plan again decides nothing.
 */
export function createRecurringPlan(command: CreateRecurringPlan, state: RecurringPlanState): RecurringPlanCreated[] {
  const { data, metadata } = command;
  const now = metadata.occurredAt;
  checkConsent(data, now);
  const payload = toPayload(command, now);
  if (state.status !== 'none') {
    if (samePlan(state.plan, payload, data)) return [];
    reject('recurring_plan_already_exists', `recurring plan ${data.planId} exists with different terms`);
  }
  checkTerms(data, payload, now);
  const first = firstPeriodOf(payload.startsOn, payload.dayOfMonth);
  const firstDueAt = dueAtOf(first, payload.dayOfMonth, payload.timeZone);
  // The first instalment is judged as the scheduler will post it: at its due time.
  const probe: ReceiveDonation = {
    type: 'ReceiveDonation',
    eventId: command.eventId,
    metadata: { ...metadata, occurredAt: firstDueAt },
    data: instalmentDonation(payload, { period: first, donationId: instalmentDonationId(data.planId, first), dueAt: firstDueAt }),
    campaign: command.campaign,
    committee: command.committee,
  };
  const [firstGift] = receiveDonation(probe, initialDonationState());
  return [
    {
      eventId: command.eventId,
      type: 'RecurringPlanCreated',
      version: CURRENT_VERSIONS.RecurringPlanCreated,
      payload: { ...payload, committeeId: firstGift.payload.committeeId },
      metadata,
    },
  ];
}

function checkConsent(data: CreateRecurringPlan['data'], now: string): void {
  if (data.consent !== true) reject('consent_required', 'the donor must agree to monthly charges explicitly: send "consent": true');
  if (data.consentText === null || data.consentVersion === null) {
    reject('consent_required', 'record what the donor agreed to: consentText and consentVersion');
  }
  if (data.consentedAt !== null && Date.parse(data.consentedAt) > Date.parse(now)) {
    reject('consent_required', 'consentedAt is in the future');
  }
}

function checkTerms(data: CreateRecurringPlan['data'], { startsOn, timeZone }: Pick<RecurringPlanCreatedV4, 'startsOn' | 'timeZone'>, now: string): void {
  if (!RECURRING_PAYMENT_METHODS.includes(data.payment.method)) {
    reject('recurring_payment_invalid', `a recurring gift is paid by ${RECURRING_PAYMENT_METHODS.join(' or ')}, not ${data.payment.method}`);
  }
  if (data.payment.mandateReference === null) {
    reject('recurring_payment_invalid', 'payment.pspReference must name the PSP mandate or subscription to charge');
  }
  if (!Number.isInteger(data.dayOfMonth) || data.dayOfMonth < 1 || data.dayOfMonth > 31) {
    reject('recurring_schedule_invalid', 'dayOfMonth must be an integer from 1 to 31');
  }
  if (startsOn < dayOf(now, timeZone)) reject('recurring_schedule_invalid', `startsOn ${startsOn} is before today (${timeZone})`);
  if (Date.parse(startOfDayInZone(startsOn, timeZone)) - Date.parse(now) > MAX_START_AHEAD_MS) {
    reject('recurring_schedule_invalid', `startsOn ${startsOn} is more than a year ahead`);
  }
}

/** The plan's terms with defaults filled in; the committee is the campaign's, once the probe has found it. */
function toPayload(command: CreateRecurringPlan, now: string): RecurringPlanCreatedV4 {
  const { data, campaign, committee } = command;
  // The committee's calendar now; a missing committee is refused by the first instalment's probe.
  const timeZone = committee.status === 'registered' ? committeeTimeZoneAt(committee, now) : 'UTC';
  return {
    planId: data.planId,
    campaignId: data.campaignId,
    committeeId: campaign.status === 'opened' ? campaign.committeeId : '',
    amountMinor: data.amountMinor.toString(10),
    currency: data.currency,
    donor: data.donor,
    payment: { method: data.payment.method, mandateReference: data.payment.mandateReference ?? '' },
    electionId: data.electionId,
    dayOfMonth: data.dayOfMonth,
    startsOn: data.startsOn ?? dayOf(now, timeZone),
    consent: { consentedAt: data.consentedAt ?? now, text: data.consentText ?? '', version: data.consentVersion ?? '' },
    createdBy: data.createdBy,
    timeZone,
  };
}

/** Same plan: every term the donor chose; a defaulted start date or consent time is not a term. */
function samePlan(a: RecurringPlanCreatedV4, b: RecurringPlanCreatedV4, data: CreateRecurringPlan['data']): boolean {
  return (
    a.campaignId === b.campaignId &&
    a.amountMinor === b.amountMinor &&
    a.currency === b.currency &&
    a.donor.donorId === b.donor.donorId &&
    a.payment.method === b.payment.method &&
    a.payment.mandateReference === b.payment.mandateReference &&
    a.electionId === b.electionId &&
    a.dayOfMonth === b.dayOfMonth &&
    (data.startsOn === null || a.startsOn === b.startsOn) &&
    a.consent.text === b.consent.text &&
    a.consent.version === b.consent.version
  );
}

/* ---------------------------------------------------------------- pause, resume, cancel */

export interface ChangeRecurringPlan {
  type: 'PauseRecurringPlan' | 'ResumeRecurringPlan' | 'CancelRecurringPlan';
  eventId: string;
  /** `occurredAt` is when the change takes effect. */
  metadata: EventMetadata;
  data: { planId: string; requestedBy: PlanChangeRequester; decidedBy: string; reason: string | null };
}

type PlanChanged = RecurringPlanPaused | RecurringPlanResumed | RecurringPlanCancelled;

/**
 * Pause and resume are idempotent (pausing a paused plan decides nothing) and refused once the
 * plan is cancelled; cancel works from any state, once, and a second cancel decides nothing.
 */
export function changeRecurringPlan(command: ChangeRecurringPlan, state: RecurringPlanState): PlanChanged[] {
  const { data, metadata } = command;
  if (state.status === 'none') reject('recurring_plan_not_found', `no recurring plan ${data.planId}`);
  const { planId, requestedBy, decidedBy, reason } = data;
  const at = metadata.occurredAt;
  const envelope = { eventId: command.eventId, metadata };
  switch (command.type) {
    case 'CancelRecurringPlan':
      if (state.status === 'cancelled') return [];
      return [
        { ...envelope, type: 'RecurringPlanCancelled', version: CURRENT_VERSIONS.RecurringPlanCancelled, payload: { planId, requestedBy, decidedBy, reason, cancelledAt: at } },
      ];
    case 'PauseRecurringPlan':
      if (state.status === 'cancelled') reject('recurring_plan_cancelled', `recurring plan ${planId} is cancelled`);
      if (state.status === 'paused') return [];
      return [
        { ...envelope, type: 'RecurringPlanPaused', version: CURRENT_VERSIONS.RecurringPlanPaused, payload: { planId, requestedBy, decidedBy, reason, pausedAt: at } },
      ];
    case 'ResumeRecurringPlan':
      if (state.status === 'cancelled') reject('recurring_plan_cancelled', `recurring plan ${planId} is cancelled and cannot resume`);
      if (state.status === 'active') return [];
      return [
        { ...envelope, type: 'RecurringPlanResumed', version: CURRENT_VERSIONS.RecurringPlanResumed, payload: { planId, requestedBy, decidedBy, resumedAt: at } },
      ];
    default:
      return assertNever(command.type);
  }
}
