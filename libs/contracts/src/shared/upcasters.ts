import type { RecordedEvent } from './envelope.js';
import type { ContributionCountedV1, ContributionCountedV2 } from '../compliance/compliance.events.js';
import type { DonationAcceptedV2, DonationFlaggedV2, DonationReceivedV3, DonationReceivedV4, DonationReceivedV5 } from '../donation/donation.events.js';
import type { DonationAcceptedV1, DonationFlaggedV1, DonationReceivedV1 } from '../donation/donation.events.v1.js';
import type { DonationReceivedV2 } from '../donation/donation.events.v2.js';
import type { RecurringPlanCreatedV1, RecurringPlanCreatedV2, RecurringPlanCreatedV3, RecurringPlanCreatedV4 } from '../recurring/recurring.events.js';
import { DEFAULT_TENANT_ID, DEFAULT_TIME_ZONES, type CommitteeRegisteredV1, type CommitteeRegisteredV2, type CommitteeRegisteredV3 } from '../committee/committee.events.js';

/** The version writers produce today for each event type. */
export const CURRENT_VERSIONS: Readonly<Record<string, number>> = Object.freeze({
  CommitteeRegistered: 3,
  CommitteeTimeZoneChanged: 1,
  ElectionNetDebtsRecorded: 1,
  NetDebtsContributionApplied: 1,
  CandidacyEnded: 1,
  GeneralElectionPeriodDeclared: 1,
  FilingRecorded: 1,
  AccountingUnitLinked: 1,
  CampaignOpened: 1,
  DonationReceived: 5,
  DonationAccepted: 2,
  DonationFlagged: 2,
  DonationRejected: 1,
  DonationRefunded: 1,
  ChargebackReceived: 1,
  PaymentCaptured: 1,
  PaymentFailed: 1,
  ExcessiveContributionHeld: 1,
  BestEffortsRequestOpened: 1,
  ContributionCounted: 2,
  ContributionReversed: 1,
  RecurringPlanCreated: 4,
  RecurringInstalmentInitiated: 1,
  RecurringInstalmentRefused: 1,
  RecurringPlanPaused: 1,
  RecurringPlanResumed: 1,
  RecurringPlanCancelled: 1,
  RewardTierDefined: 1,
  RewardTierChanged: 1,
  RewardSupportCounted: 1,
  RewardGranted: 1,
  RewardWaitlisted: 1,
  DonationReturnRequired: 1,
  DonationDeposited: 1,
  DonationDateCorrected: 1,
  ImpermissibleDonationDealtWith: 1,
  ContributionBenefitRecorded: 1,
  StructuringSightingRecorded: 1,
  StructuringSuspected: 1,
  ExcessCounted: 1,
  DonorIdentitiesLinked: 1,
  DonorIdentitiesUnlinked: 1,
  ReviewItemApproved: 1,
  ReviewItemRejected: 1,
  ExcessRedesignated: 1,
  ExcessReattributed: 1,
  ReviewInformationRequested: 1,
  RewardSupportReversed: 1,
  RewardRevoked: 1,
  RewardRevocationFlagged: 1,
  RewardWaitlistLeft: 1,
  RewardFulfilmentRecorded: 1,
  ConduitRegistered: 1,
  ConduitRecipientAdded: 1,
  CheckoutReceived: 1,
  CheckoutPaymentReversed: 1,
  EarmarksForwarded: 1,
  EarmarksReceived: 1,
});

type Upcaster = (payload: unknown) => unknown;

function donationReceivedV1toV2(payload: unknown): DonationReceivedV2 {
  const v1 = payload as DonationReceivedV1;
  if (!Number.isSafeInteger(v1.amountCents)) {
    throw new TypeError(`DonationReceived v1 ${v1.donationId}: amountCents is not a safe integer`);
  }
  return {
    donationId: v1.donationId,
    campaignId: v1.campaignId,
    committeeId: v1.committeeId,
    amountMinor: BigInt(v1.amountCents).toString(10),
    currency: v1.currency,
    donor: { ...v1.donor, attestations: {} },
    payment: { method: 'card', pspReference: v1.paymentReference },
    // v1 had no designation: the committee default applies, which compliance resolves.
    electionId: null,
    receivedAt: v1.receivedAt,
  };
}

/** Before tenants, an install held one party's committees: they belong to the default tenant. */
function committeeRegisteredV1toV2(payload: unknown): CommitteeRegisteredV2 {
  return { ...(payload as CommitteeRegisteredV1), tenantId: DEFAULT_TENANT_ID };
}

/**
 * Before v3 a committee named no time zone: it is read with its profile's default, exactly as
 * a committee registered today without one, and marked as defaulted.
 */
function committeeRegisteredV2toV3(payload: unknown): CommitteeRegisteredV3 {
  const v2 = payload as CommitteeRegisteredV2;
  return { ...v2, timeZone: DEFAULT_TIME_ZONES[v2.jurisdiction], timeZoneDefaulted: true };
}

/*
 * What an older writer did not record is read as unknown (null) or as nothing (an empty map
 * or list), never as a guess: a v2 donation's donor details were not asked about, a v1
 * decision compared figures it did not write down.
 */
function donationReceivedV2toV3(payload: unknown): DonationReceivedV3 {
  const v2 = payload as DonationReceivedV2;
  return { ...v2, donor: { ...v2.donor, detailsGiven: null } };
}


function donationAcceptedV1toV2(payload: unknown): DonationAcceptedV2 {
  return { ...(payload as DonationAcceptedV1), figures: {}, itemized: null };
}

function donationFlaggedV1toV2(payload: unknown): DonationFlaggedV2 {
  return { ...(payload as DonationFlaggedV1), figures: {}, deadlines: [] };
}

function contributionCountedV1toV2(payload: unknown): ContributionCountedV2 {
  return { ...(payload as ContributionCountedV1), paymentMethod: null, itemized: null, figures: {}, ruleIds: [] };
}

function recurringPlanCreatedV1toV2(payload: unknown): RecurringPlanCreatedV2 {
  const v1 = payload as RecurringPlanCreatedV1;
  return { ...v1, donor: { ...v1.donor, detailsGiven: null } };
}

/**
 * Before v4 a donor snapshot asked for no PPERA attestation and no registration number (none
 * was given), donations carried no match keys (nothing to match them on, never a guess) and
 * no consent to the donor wall.
 */
function donationReceivedV3toV4(payload: unknown): DonationReceivedV4 {
  const v3 = payload as DonationReceivedV3;
  return {
    ...v3,
    donor: { ...v3.donor, registrationNumber: null },
    matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
    // Consent to the donor wall is never assumed: a donation recorded before v4 names nobody.
    publicAcknowledgement: null,
  };
}

/** Before v5 a gift in kind did not say what it was: never a guess, so none is named (its reports say it was not described). */
function donationReceivedV4toV5(payload: unknown): DonationReceivedV5 {
  const v4 = payload as DonationReceivedV4;
  return { ...v4, payment: { ...v4.payment, inKind: null } };
}

function recurringPlanCreatedV2toV3(payload: unknown): RecurringPlanCreatedV3 {
  const v2 = payload as RecurringPlanCreatedV2;
  return { ...v2, donor: { ...v2.donor, registrationNumber: null } };
}

/** A plan made before v4 was scheduled on UTC days, and keeps that calendar. */
function recurringPlanCreatedV3toV4(payload: unknown): RecurringPlanCreatedV4 {
  return { ...(payload as RecurringPlanCreatedV3), timeZone: 'UTC' };
}

/** `UPCASTERS[type][v]` turns a version-v payload into version v+1. */
const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {
  DonationReceived: { 1: donationReceivedV1toV2, 2: donationReceivedV2toV3, 3: donationReceivedV3toV4, 4: donationReceivedV4toV5 },
  DonationAccepted: { 1: donationAcceptedV1toV2 },
  DonationFlagged: { 1: donationFlaggedV1toV2 },
  ContributionCounted: { 1: contributionCountedV1toV2 },
  CommitteeRegistered: { 1: committeeRegisteredV1toV2, 2: committeeRegisteredV2toV3 },
  RecurringPlanCreated: { 1: recurringPlanCreatedV1toV2, 2: recurringPlanCreatedV2toV3, 3: recurringPlanCreatedV3toV4 },
};

/**
 * Reads any stored version of an event as the current one. The stored event is never
 * changed: hashes are computed over what was written, and this runs only on the way out.
 */
export function upcast<T extends RecordedEvent>(event: RecordedEvent): T {
  const target = CURRENT_VERSIONS[event.type];
  if (target === undefined || event.version >= target) return event as T;
  let payload = event.payload;
  for (let version = event.version; version < target; version++) {
    const step = UPCASTERS[event.type]?.[version];
    if (!step) throw new TypeError(`no upcaster for ${event.type} v${version}`);
    payload = step(payload);
  }
  return { ...event, version: target, payload } as T;
}
