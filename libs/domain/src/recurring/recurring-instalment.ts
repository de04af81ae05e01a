import {
  CURRENT_VERSIONS,
  deterministicId,
  parseMinor,
  type EventMetadata,
  type RecurringInstalmentInitiated,
  type RecurringInstalmentRefused,
  type RecurringPlanCreatedV4,
} from '#contracts';
import type { ReceiveDonation } from '../donation/donation.decider.js';
import type { ExistingPlan, InstalmentRecord, RecurringPlanState } from './recurring-plan.state.js';
import {
  addPeriods,
  instalmentDonationId,
  instalmentsDue,
  MAX_CATCH_UP_PERIODS,
  nextDueAt,
  periodOf,
  type PlanCalendar,
} from './recurring-schedule.js';
import { reject } from '../shared/rejection.js';

/*
 * A plan's instalments: which are owed (the pure schedule over the plan's state), the events
 * that record them on the plan's stream, and the donation each one is.
 */

/** The plan as the pure schedule sees it. */
export function calendarOf(state: ExistingPlan): PlanCalendar {
  return {
    active: state.status === 'active',
    dayOfMonth: state.plan.dayOfMonth,
    timeZone: state.plan.timeZone,
    startsOn: state.plan.startsOn,
    owedFrom: state.owedFrom,
    initiated: new Set(state.instalments.map((i) => i.period)),
  };
}

/** When the plan next owes an instalment, seen from `now`; null unless active. */
export function planNextDueAt(state: RecurringPlanState, now: string): string | null {
  return state.status === 'none' ? null : nextDueAt(calendarOf(state), now);
}

/**
 * The donation an instalment is: the plan's amount, donor snapshot and mandate, received at
 * the instant it fell due, under the id derived from plan and period.
 */
export function instalmentDonation(
  plan: Pick<RecurringPlanCreatedV4, 'campaignId' | 'amountMinor' | 'currency' | 'donor' | 'payment' | 'electionId'>,
  instalment: Pick<InstalmentRecord, 'period' | 'donationId' | 'dueAt'>,
): ReceiveDonation['data'] {
  return {
    donationId: instalment.donationId,
    campaignId: plan.campaignId,
    amountMinor: parseMinor(plan.amountMinor),
    currency: plan.currency,
    donor: plan.donor,
    // A plan takes money by mandate: an instalment is never a gift in kind.
    payment: { method: plan.payment.method, pspReference: plan.payment.mandateReference, inKind: null },
    electionId: plan.electionId,
    receivedAt: instalment.dueAt,
    // A plan records no consent to the donor wall, so its instalments name nobody there.
    publicAcknowledgement: null,
  };
}

export interface InitiateInstalment {
  type: 'InitiateInstalment';
  metadata: EventMetadata;
  data: { planId: string; now: string };
}

/**
 * Initiates the oldest instalment the plan owes at `now`, or decides nothing. Appended with
 * the plan's revision, it is serialised with pause and cancel: no instalment is initiated
 * after either is recorded. Its id derives from plan and period, so two schedulers that
 * decide the same period write one event.
 */
export function initiateDueInstalment(command: InitiateInstalment, state: RecurringPlanState): RecurringInstalmentInitiated[] {
  const { planId, now } = command.data;
  if (state.status === 'none') reject('recurring_plan_not_found', `no recurring plan ${planId}`);
  const [due] = instalmentsDue(calendarOf(state), now);
  if (!due) return [];
  return [
    {
      eventId: deterministicId('recurring-instalment-initiated', planId, due.period),
      type: 'RecurringInstalmentInitiated',
      version: CURRENT_VERSIONS.RecurringInstalmentInitiated,
      payload: { planId, period: due.period, donationId: instalmentDonationId(planId, due.period), dueAt: due.dueAt },
      metadata: command.metadata,
    },
  ];
}

export interface RefuseInstalment {
  type: 'RefuseInstalment';
  metadata: EventMetadata;
  data: { planId: string; period: string; code: string; detail: string };
}

/** Records that intake refused an initiated instalment's donation; once per period. */
export function refuseInstalment(command: RefuseInstalment, state: RecurringPlanState): RecurringInstalmentRefused[] {
  const { planId, period, code, detail } = command.data;
  if (state.status === 'none') reject('recurring_plan_not_found', `no recurring plan ${planId}`);
  const instalment = state.instalments.find((i) => i.period === period);
  if (!instalment) throw new Error(`recurring plan ${planId} has no instalment for ${period} to refuse`);
  if (instalment.refusal !== null) return [];
  return [
    {
      eventId: deterministicId('recurring-instalment-refused', planId, period),
      type: 'RecurringInstalmentRefused',
      version: CURRENT_VERSIONS.RecurringInstalmentRefused,
      payload: { planId, period, donationId: instalment.donationId, code, detail },
      metadata: command.metadata,
    },
  ];
}

/**
 * Initiated instalments whose donation may still be missing: not refused, and of a period
 * after `settledThrough` (what the caller already confirmed) within the catch-up window.
 */
export function instalmentsToSettle(state: RecurringPlanState, now: string, settledThrough: string | null): InstalmentRecord[] {
  if (state.status === 'none') return [];
  const oldest = addPeriods(periodOf(now, state.plan.timeZone), -MAX_CATCH_UP_PERIODS);
  return state.instalments.filter(
    (i) => i.refusal === null && i.period > oldest && (settledThrough === null || i.period > settledThrough),
  );
}
