import type { NewEvent } from '../shared/envelope.js';
import type { DonorSnapshot, DonorSnapshotV2, PaymentMethod } from '../donation/donation.events.js';
import type { DonorSnapshotV1 } from '../donation/donation.events.v2.js';

/**
 * Facts on a recurring plan's stream: a donor's explicit monthly gift, its pauses, resumes
 * and cancellation, and each instalment it owed. An instalment is itself a DonationReceived
 * on its own donation stream, with an id derived from the plan and the period, so a
 * scheduler that fires twice (or on two replicas) still makes one donation.
 */

/** Who asked for a change to a plan: the donor, the committee's staff, or the PSP (a revoked mandate). */
export const PLAN_CHANGE_REQUESTERS = ['donor', 'committee', 'psp'] as const;
export type PlanChangeRequester = (typeof PLAN_CHANGE_REQUESTERS)[number];

/** The donor's affirmative agreement to be charged every month, as the donor saw it. */
export interface RecurringConsent {
  /** ISO 8601 instant (UTC) the donor agreed. */
  consentedAt: string;
  /** The words shown to the donor, exactly. */
  text: string;
  /** The committee's label for that wording, e.g. "monthly-2026-03". */
  version: string;
}

export interface RecurringPlanCreatedV1 {
  planId: string;
  campaignId: string;
  committeeId: string;
  /** Each instalment's amount, a decimal string of minor units. */
  amountMinor: string;
  currency: string;
  /** The donor as every instalment carried it (the snapshot of DonationReceived v2). */
  donor: DonorSnapshotV1;
  /** The PSP's mandate or subscription that authorises charging the donor each month. */
  payment: { method: PaymentMethod; mandateReference: string };
  /** Election the instalments count towards, or null for the committee default at each instalment. */
  electionId: string | null;
  /** Day of the month an instalment falls due (1-31); a short month uses its last day. */
  dayOfMonth: number;
  /** First calendar day (UTC) an instalment may fall due, YYYY-MM-DD. */
  startsOn: string;
  consent: RecurringConsent;
  createdBy: string;
}

/** v2: the donor snapshot of DonationReceived v3, which says which reportable details the donor gave. */
export interface RecurringPlanCreatedV2 extends Omit<RecurringPlanCreatedV1, 'donor'> {
  /** The donor as every instalment carried it (the snapshot of DonationReceived v3). Frozen. */
  donor: DonorSnapshotV2;
}

/** v3: the donor snapshot of DonationReceived v4 (PPERA attestations, registration number). */
export interface RecurringPlanCreatedV3 extends Omit<RecurringPlanCreatedV2, 'donor'> {
  /** The donor as every instalment will carry it (same shape as DonationReceived's). */
  donor: DonorSnapshot;
}

/**
 * v4: the calendar the plan's days are counted in, the committee's IANA zone when the plan was
 * made. `startsOn`, each period and each instalment's due day are days of that calendar, so a
 * plan "on the 1st" gives on the 1st of the committee's month, and its Schedule A date is the
 * 1st (a UTC midnight is still the previous evening in New York). A plan recorded before v4 ran
 * on UTC days and keeps them: its upcast zone is 'UTC', what it was scheduled in, not a guess.
 */
export interface RecurringPlanCreatedV4 extends RecurringPlanCreatedV3 {
  timeZone: string;
}

/** The plan owes the instalment of `period` (YYYY-MM); its donation follows under `donationId`. */
export interface RecurringInstalmentInitiatedV1 {
  planId: string;
  period: string;
  donationId: string;
  /** ISO 8601 instant (UTC) the instalment fell due; the donation's receivedAt. */
  dueAt: string;
}

/** Intake refused the instalment's donation (e.g. the campaign had closed): no money is taken for the period. */
export interface RecurringInstalmentRefusedV1 {
  planId: string;
  period: string;
  donationId: string;
  code: string;
  detail: string;
}

export interface RecurringPlanPausedV1 {
  planId: string;
  requestedBy: PlanChangeRequester;
  /** Who recorded the change (the API principal). */
  decidedBy: string;
  reason: string | null;
  pausedAt: string;
}

export interface RecurringPlanResumedV1 {
  planId: string;
  requestedBy: PlanChangeRequester;
  decidedBy: string;
  /** Instalments falling due before this instant are never owed, so a resume charges no missed months. */
  resumedAt: string;
}

export interface RecurringPlanCancelledV1 {
  planId: string;
  requestedBy: PlanChangeRequester;
  decidedBy: string;
  reason: string | null;
  cancelledAt: string;
}

export type RecurringPlanCreated = NewEvent<'RecurringPlanCreated', RecurringPlanCreatedV4>;
export type RecurringInstalmentInitiated = NewEvent<'RecurringInstalmentInitiated', RecurringInstalmentInitiatedV1>;
export type RecurringInstalmentRefused = NewEvent<'RecurringInstalmentRefused', RecurringInstalmentRefusedV1>;
export type RecurringPlanPaused = NewEvent<'RecurringPlanPaused', RecurringPlanPausedV1>;
export type RecurringPlanResumed = NewEvent<'RecurringPlanResumed', RecurringPlanResumedV1>;
export type RecurringPlanCancelled = NewEvent<'RecurringPlanCancelled', RecurringPlanCancelledV1>;

export type RecurringPlanEvent =
  | RecurringPlanCreated
  | RecurringInstalmentInitiated
  | RecurringInstalmentRefused
  | RecurringPlanPaused
  | RecurringPlanResumed
  | RecurringPlanCancelled;

export const recurringPlanStreamId = (planId: string): string => `recurring-plan-${planId}`;
