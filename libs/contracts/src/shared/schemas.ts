/*
 * Runtime descriptors of every event payload version. The TypeScript interfaces vanish at
 * run time, yet bus consumers must refuse malformed messages and `proto/` must stay in step
 * with the interfaces; both read these descriptors. Each one is typed against its interface
 * (`Descriptor<T>`), so a field added, removed, renamed or retyped in a contract without
 * the matching change here does not compile.
 */

import type { EventMetadata, RecordedEvent } from './envelope.js';
import type { CampaignEvent, CampaignOpenedV1 } from '../committee/campaign.events.js';
import {
  PAYMENT_REVERSAL_KINDS,
  RECIPIENT_COMMITTEE_TYPES,
  RECIPIENT_KINDS,
  type CheckoutEvent,
  type CheckoutPaymentReversedV1,
  type CheckoutReceivedV1,
  type CheckoutShare,
  type ConduitEvent,
  type ConduitRecipientAddedV1,
  type ConduitRegisteredV1,
  type EarmarksForwardedV1,
  type EarmarksReceivedV1,
  type ForwardingEvent,
  type RecipientEarmarkEvent,
} from '../conduit/conduit.events.js';
import {
  ELECTION_KINDS,
  JURISDICTION_PROFILES,
  type CommitteeEvent,
  type CommitteeRegisteredV1,
  type CommitteeRegisteredV2,
  type CommitteeRegisteredV3,
  type CommitteeTimeZoneChangedV1,
  type ElectionNetDebtsRecordedV1,
  type NetDebtsContributionAppliedV1,
  type CandidacyEndedV1,
  CANDIDACY_END_CAUSES,
  type GeneralElectionPeriodDeclaredV1,
  type FilingRecordedV1,
  type AccountingUnitLinkedV1,
  UK_REGISTERS,
  FILING_KINDS,
  type Election,
} from '../committee/committee.events.js';
import type { ContributionCountedV1, ContributionCountedV2, ContributionReversedV1, DonorAggregateEvent, DonorIdentitiesLinkedV1, DonorIdentitiesUnlinkedV1 } from '../compliance/compliance.events.js';
import type { ContributionBenefitRecordedV1 } from '../compliance/compliance.events.js';
import {
  DONOR_DETAILS,
  DONOR_TYPES,
  ATTRIBUTION_BASES,
  type AttributedShare,
  type DonorAttribution,
  DONOR_TYPES_V1,
  EXCESS_REMEDIES,
  RETURN_ACTIONS,
  DONATION_DATE_KINDS,
  DISPOSAL_MANNERS,
  IN_KIND_NATURES,
  type DonationPayment,
  type DonationReceivedV4,
  type DonationReceivedV5,
  type InKindGift,
  type DonationReturnRequiredV1,
  type DonationDepositedV1,
  type DepositStanding,
  type DonationDateCorrectedV1,
  type ImpermissibleDonationDealtWithV1,
  type DonorAttestationsV1,
  type DonorSnapshotV2,
  PAYMENT_METHODS,
  type BestEffortsRequestOpenedV1,
  type ChargebackReceivedV1,
  type DonationAcceptedV2,
  type DonationEvent,
  type DonationFlaggedV2,
  type DonationReceivedV3,
  type PublicAcknowledgement,
  type DonationRefundedV1,
  type DonationRejectedV1,
  type DonorAttestations,
  type DonorDetailsGiven,
  type DonorSnapshot,
  type ExcessiveContributionHeldV1,
  type FlagDeadline,
  type PaymentCapturedV1,
  type PaymentFailedV1,
} from '../donation/donation.events.js';
import type { DonationAcceptedV1, DonationFlaggedV1, DonationReceivedV1 } from '../donation/donation.events.v1.js';
import { MATCH_KEY_KINDS, type MatchKeys } from '../donation/donation.events.js';
import {
  REVIEW_ITEM_KINDS,
  SIGHTING_KEY_KINDS,
  SIGHTING_KINDS,
  STRUCTURING_DETECTORS,
  type ExcessCountedV1,
  type ExcessReattributedV1,
  type ExcessRedesignatedV1,
  type ReviewEvent,
  type ReviewInformationRequestedV1,
  type ReviewItemApprovedV1,
  type ReviewItemRejectedV1,
  type StructuringEvent,
  type StructuringFinding,
  type StructuringSightingRecordedV1,
  type StructuringSuspectedV1,
} from '../review/review.events.js';
import type { DonationReceivedV2, DonorSnapshotV1 } from '../donation/donation.events.v2.js';
import {
  PLAN_CHANGE_REQUESTERS,
  type RecurringConsent,
  type RecurringInstalmentInitiatedV1,
  type RecurringInstalmentRefusedV1,
  type RecurringPlanCancelledV1,
  type RecurringPlanCreatedV1,
  type RecurringPlanCreatedV2,
  type RecurringPlanCreatedV3,
  type RecurringPlanCreatedV4,
  type RecurringPlanEvent,
  type RecurringPlanPausedV1,
  type RecurringPlanResumedV1,
} from '../recurring/recurring.events.js';
import {
  REWARD_KINDS,
  THRESHOLD_KINDS,
  type RewardGrantedV1,
  type RewardStockEvent,
  type RewardSupportCountedV1,
  type RewardSupportEvent,
  type RewardTierChangedV1,
  type RewardTierDefinedV1,
  type RewardTierEvent,
  type RewardTierTerms,
  type RewardWaitlistedV1,
  SUPPORT_REVERSAL_REASONS,
  FULFILMENT_STATUSES,
  type RewardSupportReversedV1,
  type RewardRevokedV1,
  type RewardRevocationFlaggedV1,
  type RewardWaitlistLeftV1,
  type RewardFulfilmentRecordedV1,
} from '../reward/reward.events.js';
import {
  validateValue,
  type AnyObjectSpec,
  type ArraySpec,
  type Descriptor,
  type EnumSpec,
  type FieldSpec,
  type MapSpec,
  type NullableSpec,
  type ObjectSpec,
  type OptionalSpec,
  type ScalarKind,
  type ScalarSpec,
} from './validate-payload.js';

export type {
  AnyObjectSpec,
  ArraySpec,
  Descriptor,
  EnumSpec,
  FieldSpec,
  MapSpec,
  NullableSpec,
  ObjectSpec,
  OptionalSpec,
  ScalarKind,
  ScalarSpec,
  SpecOf,
} from './validate-payload.js';

const scalar = <K extends ScalarKind>(kind: K): ScalarSpec<K> => Object.freeze({ kind });

/** Builders of field specs; frozen so that no consumer can alter a shared descriptor. */
const spec = Object.freeze({
  string: scalar('string'),
  integer: scalar('integer'),
  boolean: scalar('boolean'),
  money: scalar('money'),
  timestamp: scalar('timestamp'),
  date: scalar('date'),
  currency: scalar('currency'),
  enumOf: <const V extends string>(values: readonly V[], name?: string): EnumSpec<V> =>
    Object.freeze({ kind: 'enum', values: Object.freeze([...values]), ...(name ? { name } : {}) }),
  objectOf: <T>(fields: Descriptor<T>): ObjectSpec<T> =>
    Object.freeze({ kind: 'object', fields: Object.freeze(fields) }),
  /** An object that proto/ declares as a top-level message of this name, shared by the messages that use it. */
  message: <T>(name: string, fields: Descriptor<T>): ObjectSpec<T> =>
    Object.freeze({ kind: 'object', fields: Object.freeze(fields), name }),
  arrayOf: <S extends FieldSpec>(items: S): ArraySpec<S> => Object.freeze({ kind: 'array', items }),
  mapOf: <S extends FieldSpec>(values: S): MapSpec<S> => Object.freeze({ kind: 'map', values }),
  nullable: <S extends FieldSpec>(inner: S): NullableSpec<S> => Object.freeze({ kind: 'nullable', inner }),
  optional: <S extends FieldSpec>(inner: S): OptionalSpec<S> => Object.freeze({ kind: 'optional', inner }),
});

/** For descriptors of event types added later (rewards, …). */
export { spec as fieldSpecs };

const COMMITTEE_REGISTERED_V1 = spec.objectOf<CommitteeRegisteredV1>({
  committeeId: spec.string,
  name: spec.string,
  jurisdiction: spec.enumOf(JURISDICTION_PROFILES, 'JurisdictionProfile'),
  currency: spec.currency,
  elections: spec.arrayOf(
    spec.message<Election>('Election', { electionId: spec.string, kind: spec.enumOf(ELECTION_KINDS, 'ElectionKind'), date: spec.date }),
  ),
  defaultElectionId: spec.nullable(spec.string),
  registeredBy: spec.string,
});

const COMMITTEE_REGISTERED_V2 = spec.objectOf<CommitteeRegisteredV2>({
  ...COMMITTEE_REGISTERED_V1.fields,
  tenantId: spec.string,
});

const COMMITTEE_REGISTERED_V3 = spec.objectOf<CommitteeRegisteredV3>({
  ...COMMITTEE_REGISTERED_V2.fields,
  timeZone: spec.string,
  timeZoneDefaulted: spec.boolean,
});

const COMMITTEE_TIME_ZONE_CHANGED_V1 = spec.objectOf<CommitteeTimeZoneChangedV1>({
  committeeId: spec.string,
  previousTimeZone: spec.string,
  timeZone: spec.string,
  effectiveFrom: spec.timestamp,
  reason: spec.string,
  changedBy: spec.string,
});

const ELECTION_NET_DEBTS_RECORDED_V1 = spec.objectOf<ElectionNetDebtsRecordedV1>({
  committeeId: spec.string,
  electionId: spec.string,
  netDebtsMinor: spec.money,
  asOf: spec.date,
  reason: spec.string,
  recordedBy: spec.string,
});

const NET_DEBTS_CONTRIBUTION_APPLIED_V1 = spec.objectOf<NetDebtsContributionAppliedV1>({
  committeeId: spec.string,
  electionId: spec.string,
  donationId: spec.string,
  appliedMinor: spec.money,
  netDebtsRemainingMinor: spec.money,
});

const CANDIDACY_ENDED_V1 = spec.objectOf<CandidacyEndedV1>({
  committeeId: spec.string,
  electionId: spec.string,
  cause: spec.enumOf(CANDIDACY_END_CAUSES, 'CandidacyEndCause'),
  endedOn: spec.date,
  reason: spec.string,
  recordedBy: spec.string,
});

const GENERAL_ELECTION_PERIOD_DECLARED_V1 = spec.objectOf<GeneralElectionPeriodDeclaredV1>({
  committeeId: spec.string,
  periodId: spec.string,
  dissolvedOn: spec.date,
  pollOn: spec.date,
  heldIn: spec.arrayOf(spec.enumOf(UK_REGISTERS, 'UkRegister')),
  partyRegisteredIn: spec.arrayOf(spec.enumOf(UK_REGISTERS, 'UkRegister')),
  reason: spec.string,
  declaredBy: spec.string,
});

const FILING_RECORDED_V1 = spec.objectOf<FilingRecordedV1>({
  committeeId: spec.string,
  kind: spec.enumOf(FILING_KINDS, 'FilingKind'),
  periodTo: spec.date,
  name: spec.string,
  filedOn: spec.date,
  reference: spec.nullable(spec.string),
  reason: spec.string,
  recordedBy: spec.string,
});

const ACCOUNTING_UNIT_LINKED_V1 = spec.objectOf<AccountingUnitLinkedV1>({
  committeeId: spec.string,
  centralCommitteeId: spec.string,
  unitCommitteeId: spec.string,
  reason: spec.string,
  linkedBy: spec.string,
});

const CAMPAIGN_OPENED_V1 = spec.objectOf<CampaignOpenedV1>({
  campaignId: spec.string,
  committeeId: spec.string,
  name: spec.string,
  currency: spec.currency,
  opensAt: spec.timestamp,
  closesAt: spec.nullable(spec.timestamp),
});

const DONATION_RECEIVED_V1 = spec.objectOf<DonationReceivedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  amountCents: spec.integer,
  currency: spec.currency,
  donor: spec.objectOf<DonationReceivedV1['donor']>({
    donorId: spec.string,
    // v1 is frozen: its own list, so a donor type added later cannot leak into old events.
    type: spec.enumOf(['individual', 'company', 'trade_union', 'other'], 'DonorType'),
    sealedPii: spec.nullable(spec.string),
  }),
  paymentReference: spec.nullable(spec.string),
  receivedAt: spec.timestamp,
});

const DONOR_ATTESTATIONS_V1 = spec.message<DonorAttestationsV1>('DonorAttestations', {
  usCitizenOrPermanentResident: spec.optional(spec.boolean),
  ownFunds: spec.optional(spec.boolean),
  notFederalContractor: spec.optional(spec.boolean),
});

const DONOR_SNAPSHOT_V1 = spec.message<DonorSnapshotV1>('DonorSnapshotV1', {
  donorId: spec.string,
  // Frozen with its own list: the donor types added with DonationReceived v4 stay out of older events.
  type: spec.enumOf(DONOR_TYPES_V1, 'DonorType'),
  sealedPii: spec.nullable(spec.string),
  attestations: DONOR_ATTESTATIONS_V1,
});

const DONOR_DETAILS_GIVEN = spec.message<DonorDetailsGiven>('DonorDetailsGiven', { mailingAddress: spec.boolean, occupation: spec.boolean, employer: spec.boolean });

const DONOR_SNAPSHOT_V2 = spec.message<DonorSnapshotV2>('DonorSnapshot', {
  ...DONOR_SNAPSHOT_V1.fields,
  detailsGiven: spec.nullable(DONOR_DETAILS_GIVEN),
});

const DONATION_RECEIVED_V2 = spec.objectOf<DonationReceivedV2>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  donor: DONOR_SNAPSHOT_V1,
  payment: spec.objectOf<DonationReceivedV2['payment']>({
    method: spec.enumOf(PAYMENT_METHODS, 'PaymentMethod'),
    pspReference: spec.nullable(spec.string),
  }),
  electionId: spec.nullable(spec.string),
  receivedAt: spec.timestamp,
});

const DONATION_RECEIVED_V3 = spec.objectOf<DonationReceivedV3>({ ...DONATION_RECEIVED_V2.fields, donor: DONOR_SNAPSHOT_V2 });

const DONOR_TYPE_V2 = spec.enumOf(DONOR_TYPES, 'DonorTypeV2');
const DONOR_ATTESTATIONS_V2 = spec.message<DonorAttestations>('DonorAttestationsV2', {
  ...DONOR_ATTESTATIONS_V1.fields,
  onUkElectoralRegister: spec.optional(spec.boolean),
  carriesOnBusinessInUk: spec.optional(spec.boolean),
  listedTradeUnion: spec.optional(spec.boolean),
  canadianCitizenOrPermanentResident: spec.optional(spec.boolean),
});

const DONOR_SNAPSHOT = spec.message<DonorSnapshot>('DonorSnapshotV3', {
  ...DONOR_SNAPSHOT_V2.fields,
  type: DONOR_TYPE_V2,
  attestations: DONOR_ATTESTATIONS_V2,
  registrationNumber: spec.nullable(spec.string),
  attribution: spec.optional(
    spec.message<DonorAttribution>('DonorAttribution', {
      basis: spec.enumOf(ATTRIBUTION_BASES, 'AttributionBasis'),
      shares: spec.arrayOf(
        spec.message<AttributedShare>('AttributedShare', {
          donorId: spec.string,
          amountMinor: spec.money,
          sealedPii: spec.string,
          detailsGiven: DONOR_DETAILS_GIVEN,
          type: spec.optional(DONOR_TYPE_V2),
          attestations: spec.optional(DONOR_ATTESTATIONS_V2),
        }),
      ),
    }),
  ),
});


const DONATION_ACCEPTED_V1 = spec.objectOf<DonationAcceptedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  donorId: spec.string,
  electionId: spec.nullable(spec.string),
  acceptedAmountMinor: spec.money,
  currency: spec.currency,
  aggregateAfterMinor: spec.money,
  ruleIds: spec.arrayOf(spec.string),
  rulePackVersion: spec.string,
});

const DONATION_ACCEPTED_V2 = spec.objectOf<DonationAcceptedV2>({
  ...DONATION_ACCEPTED_V1.fields,
  figures: spec.mapOf(spec.string),
  itemized: spec.nullable(spec.boolean),
});

const DONATION_FLAGGED_V1 = spec.objectOf<DonationFlaggedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  reasons: spec.arrayOf(
    spec.objectOf<DonationFlaggedV1['reasons'][number]>({ code: spec.string, detail: spec.string }),
  ),
  ruleIds: spec.arrayOf(spec.string),
  rulePackVersion: spec.string,
});

const DONATION_FLAGGED_V2 = spec.objectOf<DonationFlaggedV2>({
  ...DONATION_FLAGGED_V1.fields,
  figures: spec.mapOf(spec.string),
  deadlines: spec.arrayOf(spec.message<FlagDeadline>('FlagDeadline', { action: spec.string, dueOn: spec.date })),
});

const EXCESSIVE_CONTRIBUTION_HELD_V1 = spec.objectOf<ExcessiveContributionHeldV1>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  donorId: spec.string,
  electionId: spec.string,
  receivedAmountMinor: spec.money,
  acceptedAmountMinor: spec.money,
  excessAmountMinor: spec.money,
  currency: spec.currency,
  remedies: spec.arrayOf(spec.enumOf(EXCESS_REMEDIES, 'ExcessRemedy')),
  dueOn: spec.date,
  figures: spec.mapOf(spec.string),
  ruleIds: spec.arrayOf(spec.string),
  rulePackVersion: spec.string,
});

const BEST_EFFORTS_REQUEST_OPENED_V1 = spec.objectOf<BestEffortsRequestOpenedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  donorId: spec.string,
  missingDetails: spec.arrayOf(spec.enumOf(DONOR_DETAILS, 'DonorDetail')),
  dueOn: spec.date,
  ruleIds: spec.arrayOf(spec.string),
  rulePackVersion: spec.string,
});

const DONATION_REJECTED_V1 = spec.objectOf<DonationRejectedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  donorId: spec.string,
  code: spec.string,
  detail: spec.string,
  figures: spec.mapOf(spec.string),
  ruleIds: spec.arrayOf(spec.string),
  rulePackVersion: spec.string,
});

const DONATION_REFUNDED_V1 = spec.objectOf<DonationRefundedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  reason: spec.string,
  decidedBy: spec.string,
  pspReference: spec.nullable(spec.string),
});

const CHARGEBACK_RECEIVED_V1 = spec.objectOf<ChargebackReceivedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  pspReference: spec.string,
  reason: spec.string,
});

const PAYMENT_CAPTURED_V1 = spec.objectOf<PaymentCapturedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  pspReference: spec.string,
  pspEventId: spec.string,
});

const PAYMENT_FAILED_V1 = spec.objectOf<PaymentFailedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  pspReference: spec.string,
  pspEventId: spec.string,
  reason: spec.string,
});

const CONTRIBUTION_COUNTED_V1 = spec.objectOf<ContributionCountedV1>({
  donationId: spec.string,
  donorId: spec.string,
  electionId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  aggregateAfterMinor: spec.money,
});

const CONTRIBUTION_COUNTED_V2 = spec.objectOf<ContributionCountedV2>({
  ...CONTRIBUTION_COUNTED_V1.fields,
  paymentMethod: spec.nullable(spec.enumOf(PAYMENT_METHODS, 'PaymentMethod')),
  itemized: spec.nullable(spec.boolean),
  figures: spec.mapOf(spec.string),
  ruleIds: spec.arrayOf(spec.string),
});

const CONTRIBUTION_REVERSED_V1 = spec.objectOf<ContributionReversedV1>({
  donationId: spec.string,
  donorId: spec.string,
  electionId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  reason: spec.enumOf(['refund', 'chargeback']),
});

const RECURRING_PLAN_CREATED_V1 = spec.objectOf<RecurringPlanCreatedV1>({
  planId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  donor: DONOR_SNAPSHOT_V1,
  payment: spec.objectOf<RecurringPlanCreatedV1['payment']>({
    method: spec.enumOf(PAYMENT_METHODS, 'PaymentMethod'),
    mandateReference: spec.string,
  }),
  electionId: spec.nullable(spec.string),
  dayOfMonth: spec.integer,
  startsOn: spec.date,
  consent: spec.message<RecurringConsent>('RecurringConsent', { consentedAt: spec.timestamp, text: spec.string, version: spec.string }),
  createdBy: spec.string,
});

const RECURRING_PLAN_CREATED_V2 = spec.objectOf<RecurringPlanCreatedV2>({ ...RECURRING_PLAN_CREATED_V1.fields, donor: DONOR_SNAPSHOT_V2 });

const RECURRING_PLAN_CREATED_V3 = spec.objectOf<RecurringPlanCreatedV3>({ ...RECURRING_PLAN_CREATED_V2.fields, donor: DONOR_SNAPSHOT });

const RECURRING_PLAN_CREATED_V4 = spec.objectOf<RecurringPlanCreatedV4>({ ...RECURRING_PLAN_CREATED_V3.fields, timeZone: spec.string });

const DEPOSIT_STANDING = { dueOn: spec.nullable(spec.date), late: spec.boolean, citation: spec.nullable(spec.string), rulePackVersion: spec.string };

const DONATION_DEPOSITED_V1 = spec.objectOf<DonationDepositedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  depositedOn: spec.date,
  ...DEPOSIT_STANDING,
  recordedBy: spec.string,
});

const DONATION_DATE_CORRECTED_V1 = spec.objectOf<DonationDateCorrectedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  date: spec.enumOf(DONATION_DATE_KINDS, 'DonationDateKind'),
  previous: spec.string,
  corrected: spec.string,
  reason: spec.string,
  correctedBy: spec.string,
  deposit: spec.nullable(spec.message<DepositStanding>('DepositStanding', DEPOSIT_STANDING)),
});

const IMPERMISSIBLE_DONATION_DEALT_WITH_V1 = spec.objectOf<ImpermissibleDonationDealtWithV1>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  manner: spec.enumOf(DISPOSAL_MANNERS, 'DisposalManner'),
  dealtWithOn: spec.date,
  reference: spec.nullable(spec.string),
  reason: spec.string,
  recordedBy: spec.string,
  dueOn: spec.date,
  late: spec.boolean,
});

const DONATION_RETURN_REQUIRED_V1 = spec.objectOf<DonationReturnRequiredV1>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  donorId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  code: spec.string,
  action: spec.enumOf(RETURN_ACTIONS, 'ReturnAction'),
  dueOn: spec.date,
  figures: spec.mapOf(spec.string),
  ruleIds: spec.arrayOf(spec.string),
  rulePackVersion: spec.string,
});

const CONTRIBUTION_BENEFIT_RECORDED_V1 = spec.objectOf<ContributionBenefitRecordedV1>({
  donationId: spec.string,
  donorId: spec.string,
  electionId: spec.string,
  grantId: spec.string,
  change: spec.enumOf(['granted', 'revoked']),
  fairMarketValueMinor: spec.money,
  currency: spec.currency,
  countedBeforeMinor: spec.money,
  countedAfterMinor: spec.money,
  rulePackVersion: spec.string,
});

const RECURRING_INSTALMENT_INITIATED_V1 = spec.objectOf<RecurringInstalmentInitiatedV1>({
  planId: spec.string,
  period: spec.string,
  donationId: spec.string,
  dueAt: spec.timestamp,
});

const RECURRING_INSTALMENT_REFUSED_V1 = spec.objectOf<RecurringInstalmentRefusedV1>({
  planId: spec.string,
  period: spec.string,
  donationId: spec.string,
  code: spec.string,
  detail: spec.string,
});

const RECURRING_PLAN_PAUSED_V1 = spec.objectOf<RecurringPlanPausedV1>({
  planId: spec.string,
  requestedBy: spec.enumOf(PLAN_CHANGE_REQUESTERS, 'PlanChangeRequester'),
  decidedBy: spec.string,
  reason: spec.nullable(spec.string),
  pausedAt: spec.timestamp,
});

const RECURRING_PLAN_RESUMED_V1 = spec.objectOf<RecurringPlanResumedV1>({
  planId: spec.string,
  requestedBy: spec.enumOf(PLAN_CHANGE_REQUESTERS, 'PlanChangeRequester'),
  decidedBy: spec.string,
  resumedAt: spec.timestamp,
});

const RECURRING_PLAN_CANCELLED_V1 = spec.objectOf<RecurringPlanCancelledV1>({
  planId: spec.string,
  requestedBy: spec.enumOf(PLAN_CHANGE_REQUESTERS, 'PlanChangeRequester'),
  decidedBy: spec.string,
  reason: spec.nullable(spec.string),
  cancelledAt: spec.timestamp,
});

const REWARD_TIER_TERMS = spec.message<RewardTierTerms>('RewardTierTerms', {
  name: spec.string,
  thresholdKind: spec.enumOf(THRESHOLD_KINDS, 'ThresholdKind'),
  thresholdMinor: spec.money,
  rewardKind: spec.enumOf(REWARD_KINDS, 'RewardKind'),
  fairMarketValueMinor: spec.money,
  stockLimit: spec.nullable(spec.integer),
});

const REWARD_TIER_DEFINED_V1 = spec.objectOf<RewardTierDefinedV1>({
  tierId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  currency: spec.currency,
  terms: REWARD_TIER_TERMS,
  tierVersion: spec.integer,
  definedBy: spec.string,
});

const REWARD_TIER_CHANGED_V1 = spec.objectOf<RewardTierChangedV1>({
  tierId: spec.string,
  campaignId: spec.string,
  terms: REWARD_TIER_TERMS,
  tierVersion: spec.integer,
  changedBy: spec.string,
});

const REWARD_SUPPORT_COUNTED_V1 = spec.objectOf<RewardSupportCountedV1>({
  campaignId: spec.string,
  donorId: spec.string,
  donationId: spec.string,
  acceptedAmountMinor: spec.money,
  currency: spec.currency,
  totalAfterMinor: spec.money,
});

const REWARD_GRANTED_V1 = spec.objectOf<RewardGrantedV1>({
  grantId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  tierId: spec.string,
  tierVersion: spec.integer,
  donorId: spec.string,
  donationId: spec.string,
  rewardKind: spec.enumOf(REWARD_KINDS, 'RewardKind'),
  fairMarketValueMinor: spec.money,
  currency: spec.currency,
  grantedCount: spec.integer,
  grantedAt: spec.timestamp,
});

const REWARD_WAITLISTED_V1 = spec.objectOf<RewardWaitlistedV1>({
  campaignId: spec.string,
  tierId: spec.string,
  tierVersion: spec.integer,
  donorId: spec.string,
  donationId: spec.string,
  waitlistPosition: spec.integer,
  waitlistedAt: spec.timestamp,
});

const MATCH_KEYS = spec.message<MatchKeys>('MatchKeys', {
  paymentInstrument: spec.nullable(spec.string),
  address: spec.nullable(spec.string),
  email: spec.nullable(spec.string),
  device: spec.nullable(spec.string),
  nearName: spec.optional(spec.string),
  nameCard: spec.optional(spec.string),
});
// Checked at load: the descriptor names every kind of match key.
if (Object.keys(MATCH_KEYS.fields).join() !== MATCH_KEY_KINDS.join()) throw new Error('MATCH_KEYS descriptor and MATCH_KEY_KINDS disagree');

const DONATION_RECEIVED_V4 = spec.objectOf<DonationReceivedV4>({
  ...DONATION_RECEIVED_V3.fields,
  donor: DONOR_SNAPSHOT,
  matchKeys: MATCH_KEYS,
  publicAcknowledgement: spec.nullable(spec.message<PublicAcknowledgement>('PublicAcknowledgement', { sealedDisplayName: spec.string, showAmount: spec.boolean })),
});

const IN_KIND_GIFT = spec.message<InKindGift>('InKindGift', {
  nature: spec.enumOf(IN_KIND_NATURES, 'InKindNature'),
  description: spec.string,
  valuationBasis: spec.string,
});

const DONATION_RECEIVED_V5 = spec.objectOf<DonationReceivedV5>({
  ...DONATION_RECEIVED_V4.fields,
  payment: spec.message<DonationPayment>('DonationPaymentV2', {
    method: spec.enumOf(PAYMENT_METHODS, 'PaymentMethod'),
    pspReference: spec.nullable(spec.string),
    inKind: spec.nullable(IN_KIND_GIFT),
  }),
});

const STRUCTURING_SIGHTING_RECORDED_V1 = spec.objectOf<StructuringSightingRecordedV1>({
  donationId: spec.string,
  donorId: spec.string,
  keyKind: spec.enumOf(SIGHTING_KEY_KINDS, 'SightingKeyKind'),
  sighting: spec.enumOf(SIGHTING_KINDS, 'SightingKind'),
  amountMinor: spec.money,
  currency: spec.currency,
  at: spec.timestamp,
});

const STRUCTURING_SUSPECTED_V1 = spec.objectOf<StructuringSuspectedV1>({
  donationId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  donorId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  receivedAt: spec.timestamp,
  findings: spec.arrayOf(
    spec.message<StructuringFinding>('StructuringFinding', {
      detector: spec.enumOf(STRUCTURING_DETECTORS, 'StructuringDetectorId'),
      keyKind: spec.enumOf(SIGHTING_KEY_KINDS, 'SightingKeyKind'),
      relatedDonationIds: spec.arrayOf(spec.string),
      figures: spec.mapOf(spec.string),
    }),
  ),
  ruleIds: spec.arrayOf(spec.string),
  rulePackVersion: spec.string,
  reviewDueOn: spec.date,
});

const REVIEW_ITEM_APPROVED_V1 = spec.objectOf<ReviewItemApprovedV1>({
  donationId: spec.string,
  committeeId: spec.string,
  item: spec.enumOf(REVIEW_ITEM_KINDS, 'ReviewItemKind'),
  officer: spec.string,
  reason: spec.string,
});

const REVIEW_ITEM_REJECTED_V1 = spec.objectOf<ReviewItemRejectedV1>({
  ...REVIEW_ITEM_APPROVED_V1.fields,
  refundAmountMinor: spec.money,
  currency: spec.currency,
});

const EXCESS_REDESIGNATED_V1 = spec.objectOf<ExcessRedesignatedV1>({
  donationId: spec.string,
  committeeId: spec.string,
  donorId: spec.string,
  fromElectionId: spec.string,
  toElectionId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  remainingExcessMinor: spec.money,
  officer: spec.string,
  reason: spec.string,
});

const EXCESS_REATTRIBUTED_V1 = spec.objectOf<ExcessReattributedV1>({
  donationId: spec.string,
  committeeId: spec.string,
  fromDonorId: spec.string,
  toDonorId: spec.string,
  electionId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  remainingExcessMinor: spec.money,
  officer: spec.string,
  reason: spec.string,
});

const REVIEW_INFORMATION_REQUESTED_V1 = spec.objectOf<ReviewInformationRequestedV1>({ ...REVIEW_ITEM_APPROVED_V1.fields });

const EXCESS_COUNTED_V1 = spec.objectOf<ExcessCountedV1>({
  donationId: spec.string,
  donorId: spec.string,
  electionId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  remedy: spec.enumOf(['redesignation', 'reattribution']),
  decisionEventId: spec.string,
  paymentMethod: spec.enumOf(PAYMENT_METHODS, 'PaymentMethod'),
});

const DONOR_IDENTITIES_LINKED_V1 = spec.objectOf<DonorIdentitiesLinkedV1>({
  committeeId: spec.string,
  donorId: spec.string,
  linkedDonorId: spec.string,
  officer: spec.string,
  reason: spec.string,
});

const DONOR_IDENTITIES_UNLINKED_V1 = spec.objectOf<DonorIdentitiesUnlinkedV1>({
  committeeId: spec.string,
  linkId: spec.string,
  donorId: spec.string,
  linkedDonorId: spec.string,
  officer: spec.string,
  reason: spec.string,
});

const REWARD_SUPPORT_REVERSED_V1 = spec.objectOf<RewardSupportReversedV1>({
  campaignId: spec.string,
  donorId: spec.string,
  donationId: spec.string,
  reversedAmountMinor: spec.money,
  currency: spec.currency,
  reason: spec.enumOf(SUPPORT_REVERSAL_REASONS, 'SupportReversalReason'),
  donationRemainingMinor: spec.money,
  totalAfterMinor: spec.money,
});

const REWARD_REVOKED_V1 = spec.objectOf<RewardRevokedV1>({
  grantId: spec.string,
  campaignId: spec.string,
  committeeId: spec.string,
  tierId: spec.string,
  donorId: spec.string,
  donationId: spec.string,
  rewardKind: spec.enumOf(REWARD_KINDS, 'RewardKind'),
  fairMarketValueMinor: spec.money,
  currency: spec.currency,
  reason: spec.enumOf(SUPPORT_REVERSAL_REASONS, 'SupportReversalReason'),
  causationEventId: spec.string,
  stockReturned: spec.boolean,
  revokedAt: spec.timestamp,
});

const REWARD_REVOCATION_FLAGGED_V1 = spec.objectOf<RewardRevocationFlaggedV1>({
  grantId: spec.string,
  campaignId: spec.string,
  tierId: spec.string,
  donorId: spec.string,
  fulfilmentStatus: spec.enumOf(FULFILMENT_STATUSES, 'FulfilmentStatus'),
  reason: spec.enumOf(SUPPORT_REVERSAL_REASONS, 'SupportReversalReason'),
  flaggedAt: spec.timestamp,
});

const REWARD_WAITLIST_LEFT_V1 = spec.objectOf<RewardWaitlistLeftV1>({
  campaignId: spec.string,
  tierId: spec.string,
  donorId: spec.string,
  donationId: spec.string,
  reason: spec.enumOf(SUPPORT_REVERSAL_REASONS, 'SupportReversalReason'),
  leftAt: spec.timestamp,
});

const REWARD_FULFILMENT_RECORDED_V1 = spec.objectOf<RewardFulfilmentRecordedV1>({
  grantId: spec.string,
  campaignId: spec.string,
  tierId: spec.string,
  donorId: spec.string,
  status: spec.enumOf(FULFILMENT_STATUSES, 'FulfilmentStatus'),
  note: spec.nullable(spec.string),
  recordedBy: spec.string,
  recordedAt: spec.timestamp,
});

const CONDUIT_REGISTERED_V1 = spec.objectOf<ConduitRegisteredV1>({
  committeeId: spec.string,
  fecId: spec.string,
  name: spec.string,
  tenantId: spec.string,
  registeredBy: spec.string,
});

const CONDUIT_RECIPIENT_ADDED_V1 = spec.objectOf<ConduitRecipientAddedV1>({
  conduitCommitteeId: spec.string,
  recipientCommitteeId: spec.string,
  kind: spec.enumOf(RECIPIENT_KINDS),
  committeeType: spec.enumOf(RECIPIENT_COMMITTEE_TYPES),
  name: spec.string,
  fecId: spec.nullable(spec.string),
});

const CHECKOUT_RECEIVED_V1 = spec.objectOf<CheckoutReceivedV1>({
  checkoutId: spec.string,
  conduitCommitteeId: spec.string,
  campaignId: spec.string,
  donorId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  payment: spec.objectOf<CheckoutReceivedV1['payment']>({ method: spec.enumOf(PAYMENT_METHODS), pspReference: spec.nullable(spec.string) }),
  receivedAt: spec.timestamp,
  shares: spec.arrayOf(
    spec.objectOf<CheckoutShare>({
      donationId: spec.string,
      recipientCommitteeId: spec.string,
      amountMinor: spec.money,
      electionId: spec.nullable(spec.string),
    }),
  ),
});

const CHECKOUT_PAYMENT_REVERSED_V1 = spec.objectOf<CheckoutPaymentReversedV1>({
  checkoutId: spec.string,
  kind: spec.enumOf(PAYMENT_REVERSAL_KINDS),
  pspEventId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  policy: spec.enumOf(['pro_rata'] as const),
  parts: spec.arrayOf(spec.objectOf<CheckoutPaymentReversedV1['parts'][number]>({ donationId: spec.string, amountMinor: spec.money })),
});

const EARMARKS_FORWARDED_V1 = spec.objectOf<EarmarksForwardedV1>({
  batchId: spec.string,
  conduitCommitteeId: spec.string,
  campaignId: spec.string,
  recipientCommitteeId: spec.string,
  amountMinor: spec.money,
  currency: spec.currency,
  forwardedOn: spec.date,
  donationIds: spec.arrayOf(spec.string),
  recordedBy: spec.string,
});

const EARMARKS_RECEIVED_V1 = spec.objectOf<EarmarksReceivedV1>({ ...EARMARKS_FORWARDED_V1.fields, conduitFecId: spec.string, conduitName: spec.string });

type LedgerEvent =
  | RecipientEarmarkEvent
  | ConduitEvent
  | CheckoutEvent
  | ForwardingEvent
  | StructuringEvent
  | ReviewEvent
  | CommitteeEvent
  | CampaignEvent
  | DonationEvent
  | DonorAggregateEvent
  | RecurringPlanEvent
  | RewardTierEvent
  | RewardSupportEvent
  | RewardStockEvent;

/** Fails to compile unless every event type of the ledger unions has its payload versions listed. */
type EveryEventType<M extends Record<LedgerEvent['type'], object>> = M;

/** Every payload shape that was ever written, by event type and version. */
export type PayloadVersions = EveryEventType<{
  CommitteeRegistered: { 1: CommitteeRegisteredV1; 2: CommitteeRegisteredV2; 3: CommitteeRegisteredV3 };
  CommitteeTimeZoneChanged: { 1: CommitteeTimeZoneChangedV1 };
  ElectionNetDebtsRecorded: { 1: ElectionNetDebtsRecordedV1 };
  NetDebtsContributionApplied: { 1: NetDebtsContributionAppliedV1 };
  CandidacyEnded: { 1: CandidacyEndedV1 };
  GeneralElectionPeriodDeclared: { 1: GeneralElectionPeriodDeclaredV1 };
  FilingRecorded: { 1: FilingRecordedV1 };
  AccountingUnitLinked: { 1: AccountingUnitLinkedV1 };
  CampaignOpened: { 1: CampaignOpenedV1 };
  DonationReceived: { 1: DonationReceivedV1; 2: DonationReceivedV2; 3: DonationReceivedV3; 4: DonationReceivedV4; 5: DonationReceivedV5 };
  DonationAccepted: { 1: DonationAcceptedV1; 2: DonationAcceptedV2 };
  DonationFlagged: { 1: DonationFlaggedV1; 2: DonationFlaggedV2 };
  DonationRejected: { 1: DonationRejectedV1 };
  DonationRefunded: { 1: DonationRefundedV1 };
  ChargebackReceived: { 1: ChargebackReceivedV1 };
  PaymentCaptured: { 1: PaymentCapturedV1 };
  PaymentFailed: { 1: PaymentFailedV1 };
  ExcessiveContributionHeld: { 1: ExcessiveContributionHeldV1 };
  BestEffortsRequestOpened: { 1: BestEffortsRequestOpenedV1 };
  ContributionCounted: { 1: ContributionCountedV1; 2: ContributionCountedV2 };
  ContributionReversed: { 1: ContributionReversedV1 };
  RecurringPlanCreated: { 1: RecurringPlanCreatedV1; 2: RecurringPlanCreatedV2; 3: RecurringPlanCreatedV3; 4: RecurringPlanCreatedV4 };
  RecurringInstalmentInitiated: { 1: RecurringInstalmentInitiatedV1 };
  RecurringInstalmentRefused: { 1: RecurringInstalmentRefusedV1 };
  RecurringPlanPaused: { 1: RecurringPlanPausedV1 };
  RecurringPlanResumed: { 1: RecurringPlanResumedV1 };
  RecurringPlanCancelled: { 1: RecurringPlanCancelledV1 };
  RewardTierDefined: { 1: RewardTierDefinedV1 };
  RewardTierChanged: { 1: RewardTierChangedV1 };
  RewardSupportCounted: { 1: RewardSupportCountedV1 };
  RewardGranted: { 1: RewardGrantedV1 };
  RewardWaitlisted: { 1: RewardWaitlistedV1 };
  DonationReturnRequired: { 1: DonationReturnRequiredV1 };
  DonationDeposited: { 1: DonationDepositedV1 };
  DonationDateCorrected: { 1: DonationDateCorrectedV1 };
  ImpermissibleDonationDealtWith: { 1: ImpermissibleDonationDealtWithV1 };
  ContributionBenefitRecorded: { 1: ContributionBenefitRecordedV1 };
  StructuringSightingRecorded: { 1: StructuringSightingRecordedV1 };
  StructuringSuspected: { 1: StructuringSuspectedV1 };
  ExcessCounted: { 1: ExcessCountedV1 };
  DonorIdentitiesLinked: { 1: DonorIdentitiesLinkedV1 };
  DonorIdentitiesUnlinked: { 1: DonorIdentitiesUnlinkedV1 };
  ReviewItemApproved: { 1: ReviewItemApprovedV1 };
  ReviewItemRejected: { 1: ReviewItemRejectedV1 };
  ExcessRedesignated: { 1: ExcessRedesignatedV1 };
  ExcessReattributed: { 1: ExcessReattributedV1 };
  ReviewInformationRequested: { 1: ReviewInformationRequestedV1 };
  RewardSupportReversed: { 1: RewardSupportReversedV1 };
  RewardRevoked: { 1: RewardRevokedV1 };
  RewardRevocationFlagged: { 1: RewardRevocationFlaggedV1 };
  RewardWaitlistLeft: { 1: RewardWaitlistLeftV1 };
  RewardFulfilmentRecorded: { 1: RewardFulfilmentRecordedV1 };
  ConduitRegistered: { 1: ConduitRegisteredV1 };
  ConduitRecipientAdded: { 1: ConduitRecipientAddedV1 };
  CheckoutReceived: { 1: CheckoutReceivedV1 };
  CheckoutPaymentReversed: { 1: CheckoutPaymentReversedV1 };
  EarmarksForwarded: { 1: EarmarksForwardedV1 };
  EarmarksReceived: { 1: EarmarksReceivedV1 };
}>;

export type PayloadSchemas = {
  readonly [T in keyof PayloadVersions]: {
    readonly [V in keyof PayloadVersions[T]]: ObjectSpec<PayloadVersions[T][V]>;
  };
};

export const PAYLOAD_SCHEMAS: PayloadSchemas = Object.freeze({
  CommitteeRegistered: Object.freeze({ 1: COMMITTEE_REGISTERED_V1, 2: COMMITTEE_REGISTERED_V2, 3: COMMITTEE_REGISTERED_V3 }),
  CommitteeTimeZoneChanged: Object.freeze({ 1: COMMITTEE_TIME_ZONE_CHANGED_V1 }),
  ElectionNetDebtsRecorded: Object.freeze({ 1: ELECTION_NET_DEBTS_RECORDED_V1 }),
  NetDebtsContributionApplied: Object.freeze({ 1: NET_DEBTS_CONTRIBUTION_APPLIED_V1 }),
  CandidacyEnded: Object.freeze({ 1: CANDIDACY_ENDED_V1 }),
  GeneralElectionPeriodDeclared: Object.freeze({ 1: GENERAL_ELECTION_PERIOD_DECLARED_V1 }),
  FilingRecorded: Object.freeze({ 1: FILING_RECORDED_V1 }),
  AccountingUnitLinked: Object.freeze({ 1: ACCOUNTING_UNIT_LINKED_V1 }),
  CampaignOpened: Object.freeze({ 1: CAMPAIGN_OPENED_V1 }),
  DonationReceived: Object.freeze({ 1: DONATION_RECEIVED_V1, 2: DONATION_RECEIVED_V2, 3: DONATION_RECEIVED_V3, 4: DONATION_RECEIVED_V4, 5: DONATION_RECEIVED_V5 }),
  DonationAccepted: Object.freeze({ 1: DONATION_ACCEPTED_V1, 2: DONATION_ACCEPTED_V2 }),
  DonationFlagged: Object.freeze({ 1: DONATION_FLAGGED_V1, 2: DONATION_FLAGGED_V2 }),
  DonationRejected: Object.freeze({ 1: DONATION_REJECTED_V1 }),
  DonationRefunded: Object.freeze({ 1: DONATION_REFUNDED_V1 }),
  ChargebackReceived: Object.freeze({ 1: CHARGEBACK_RECEIVED_V1 }),
  PaymentCaptured: Object.freeze({ 1: PAYMENT_CAPTURED_V1 }),
  PaymentFailed: Object.freeze({ 1: PAYMENT_FAILED_V1 }),
  ExcessiveContributionHeld: Object.freeze({ 1: EXCESSIVE_CONTRIBUTION_HELD_V1 }),
  BestEffortsRequestOpened: Object.freeze({ 1: BEST_EFFORTS_REQUEST_OPENED_V1 }),
  ContributionCounted: Object.freeze({ 1: CONTRIBUTION_COUNTED_V1, 2: CONTRIBUTION_COUNTED_V2 }),
  ContributionReversed: Object.freeze({ 1: CONTRIBUTION_REVERSED_V1 }),
  RecurringPlanCreated: Object.freeze({ 1: RECURRING_PLAN_CREATED_V1, 2: RECURRING_PLAN_CREATED_V2, 3: RECURRING_PLAN_CREATED_V3, 4: RECURRING_PLAN_CREATED_V4 }),
  RecurringInstalmentInitiated: Object.freeze({ 1: RECURRING_INSTALMENT_INITIATED_V1 }),
  RecurringInstalmentRefused: Object.freeze({ 1: RECURRING_INSTALMENT_REFUSED_V1 }),
  RecurringPlanPaused: Object.freeze({ 1: RECURRING_PLAN_PAUSED_V1 }),
  RecurringPlanResumed: Object.freeze({ 1: RECURRING_PLAN_RESUMED_V1 }),
  RecurringPlanCancelled: Object.freeze({ 1: RECURRING_PLAN_CANCELLED_V1 }),
  RewardTierDefined: Object.freeze({ 1: REWARD_TIER_DEFINED_V1 }),
  RewardTierChanged: Object.freeze({ 1: REWARD_TIER_CHANGED_V1 }),
  RewardSupportCounted: Object.freeze({ 1: REWARD_SUPPORT_COUNTED_V1 }),
  RewardGranted: Object.freeze({ 1: REWARD_GRANTED_V1 }),
  RewardWaitlisted: Object.freeze({ 1: REWARD_WAITLISTED_V1 }),
  DonationReturnRequired: Object.freeze({ 1: DONATION_RETURN_REQUIRED_V1 }),
  DonationDeposited: Object.freeze({ 1: DONATION_DEPOSITED_V1 }),
  DonationDateCorrected: Object.freeze({ 1: DONATION_DATE_CORRECTED_V1 }),
  ImpermissibleDonationDealtWith: Object.freeze({ 1: IMPERMISSIBLE_DONATION_DEALT_WITH_V1 }),
  ContributionBenefitRecorded: Object.freeze({ 1: CONTRIBUTION_BENEFIT_RECORDED_V1 }),
  StructuringSightingRecorded: Object.freeze({ 1: STRUCTURING_SIGHTING_RECORDED_V1 }),
  StructuringSuspected: Object.freeze({ 1: STRUCTURING_SUSPECTED_V1 }),
  ExcessCounted: Object.freeze({ 1: EXCESS_COUNTED_V1 }),
  DonorIdentitiesLinked: Object.freeze({ 1: DONOR_IDENTITIES_LINKED_V1 }),
  DonorIdentitiesUnlinked: Object.freeze({ 1: DONOR_IDENTITIES_UNLINKED_V1 }),
  ReviewItemApproved: Object.freeze({ 1: REVIEW_ITEM_APPROVED_V1 }),
  ReviewItemRejected: Object.freeze({ 1: REVIEW_ITEM_REJECTED_V1 }),
  ExcessRedesignated: Object.freeze({ 1: EXCESS_REDESIGNATED_V1 }),
  ExcessReattributed: Object.freeze({ 1: EXCESS_REATTRIBUTED_V1 }),
  ReviewInformationRequested: Object.freeze({ 1: REVIEW_INFORMATION_REQUESTED_V1 }),
  RewardSupportReversed: Object.freeze({ 1: REWARD_SUPPORT_REVERSED_V1 }),
  RewardRevoked: Object.freeze({ 1: REWARD_REVOKED_V1 }),
  RewardRevocationFlagged: Object.freeze({ 1: REWARD_REVOCATION_FLAGGED_V1 }),
  RewardWaitlistLeft: Object.freeze({ 1: REWARD_WAITLIST_LEFT_V1 }),
  RewardFulfilmentRecorded: Object.freeze({ 1: REWARD_FULFILMENT_RECORDED_V1 }),
  ConduitRegistered: Object.freeze({ 1: CONDUIT_REGISTERED_V1 }),
  ConduitRecipientAdded: Object.freeze({ 1: CONDUIT_RECIPIENT_ADDED_V1 }),
  CheckoutReceived: Object.freeze({ 1: CHECKOUT_RECEIVED_V1 }),
  CheckoutPaymentReversed: Object.freeze({ 1: CHECKOUT_PAYMENT_REVERSED_V1 }),
  EarmarksForwarded: Object.freeze({ 1: EARMARKS_FORWARDED_V1 }),
  EarmarksReceived: Object.freeze({ 1: EARMARKS_RECEIVED_V1 }),
});

/** A recorded event with its metadata flattened: the shape of `EventEnvelope` in proto/. */
export type FlatEnvelope = Omit<RecordedEvent, 'payload' | 'metadata'> & EventMetadata;

export const ENVELOPE_SCHEMA = spec.objectOf<FlatEnvelope>({
  eventId: spec.string,
  type: spec.string,
  version: spec.integer,
  streamId: spec.string,
  revision: spec.integer,
  position: spec.integer,
  occurredAt: spec.timestamp,
  recordedAt: spec.timestamp,
  correlationId: spec.string,
  causationId: spec.string,
  committeeId: spec.string,
  donorId: spec.optional(spec.string),
  actor: spec.optional(spec.string),
  traceId: spec.optional(spec.string),
  prevHash: spec.string,
  hash: spec.string,
});

/** The descriptor of one payload version, or undefined when this build does not know it. */
export function payloadSchemaOf(type: string, version: number): AnyObjectSpec | undefined {
  const versions: Readonly<Record<number, AnyObjectSpec>> | undefined = Object.hasOwn(PAYLOAD_SCHEMAS, type)
    ? PAYLOAD_SCHEMAS[type as keyof PayloadSchemas]
    : undefined;
  return versions && Object.hasOwn(versions, version) ? versions[version] : undefined;
}

/**
 * Lists what is wrong with a payload against its contract; empty when it conforms. Pure, so
 * a consumer can decide to dead-letter a message before any handler sees it.
 */
export function validatePayload(type: string, version: number, payload: unknown): string[] {
  const schema = payloadSchemaOf(type, version);
  if (!schema) return [`${type} v${version}: no such event type and version in the contracts`];
  return validateValue(schema, payload, 'payload');
}
