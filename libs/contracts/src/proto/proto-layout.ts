import type { PayloadVersions } from '../shared/schemas.js';

/*
 * What the runtime descriptors do not say about proto/: which file each event's messages live
 * in, each file's opening comment, and the integer width of the few integers that are not
 * uint32. A new version of an event, or a new field, needs nothing here; a new event type
 * names its file.
 */

export const PROTO_PACKAGE = 'hustings.events.v1';
export const PROTO_DIR = 'hustings/events/v1';

export interface ProtoFileLayout {
  readonly file: string;
  /** The comment under the imports, one string per line. */
  readonly header: readonly string[];
  /** Its event types; a message is generated for every payload version of each. */
  readonly types: readonly (keyof PayloadVersions)[];
}

/**
 * In generation order: a shared message or enum is declared in the first file whose messages
 * use it, and a later file imports it from there.
 */
export const PROTO_FILES: readonly ProtoFileLayout[] = [
  { file: 'committee.proto', header: ['Mirrors libs/contracts/src/committee/committee.events.ts.'], types: ['CommitteeRegistered', 'CommitteeTimeZoneChanged', 'ElectionNetDebtsRecorded', 'NetDebtsContributionApplied', 'CandidacyEnded', 'GeneralElectionPeriodDeclared', 'FilingRecorded', 'AccountingUnitLinked'] },
  { file: 'campaign.proto', header: ['Mirrors libs/contracts/src/committee/campaign.events.ts.'], types: ['CampaignOpened'] },
  {
    file: 'donation.proto',
    header: ['Mirrors libs/contracts/src/donation/donation.events.ts (current versions).', 'Amounts are decimal strings of minor units, exactly as in the TypeScript contracts.'],
    types: [
      'DonationReceived',
      'DonationAccepted',
      'DonationFlagged',
      'DonationRejected',
      'DonationRefunded',
      'ChargebackReceived',
      'PaymentCaptured',
      'PaymentFailed',
      'ExcessiveContributionHeld',
      'BestEffortsRequestOpened',
      'DonationReturnRequired',
      'DonationDeposited',
      'DonationDateCorrected',
      'ImpermissibleDonationDealtWith',
    ],
  },
  {
    file: 'donation_v1.proto',
    header: ['Mirrors libs/contracts/src/donation/donation.events.v1.ts: DonationReceived as the first release', 'wrote it. Frozen; readers upcast it to DonationReceivedV2.'],
    types: [],
  },
  {
    file: 'compliance.proto',
    header: ["Mirrors libs/contracts/src/compliance/compliance.events.ts: facts on a donor's aggregate stream."],
    types: ['ContributionCounted', 'ContributionReversed', 'ContributionBenefitRecorded', 'DonorIdentitiesLinked', 'DonorIdentitiesUnlinked'],
  },
  {
    file: 'recurring.proto',
    header: ["Mirrors libs/contracts/src/recurring/recurring.events.ts: facts on a recurring plan's stream.", 'Each instalment is also a DonationReceivedV3 on its own donation stream.'],
    types: ['RecurringPlanCreated', 'RecurringInstalmentInitiated', 'RecurringInstalmentRefused', 'RecurringPlanPaused', 'RecurringPlanResumed', 'RecurringPlanCancelled'],
  },
  {
    file: 'reward.proto',
    header: [
      'Mirrors libs/contracts/src/reward/reward.events.ts: reward tiers per campaign (stream',
      "reward-tiers-<campaign>), each supporter's accepted money per campaign (stream",
      "reward-support-<campaign>.<donor>) and each tier's inventory (stream",
      'reward-stock-<campaign>.<tier>, appended with an expected revision).',
    ],
    types: [
      'RewardTierDefined',
      'RewardTierChanged',
      'RewardSupportCounted',
      'RewardGranted',
      'RewardWaitlisted',
      'RewardSupportReversed',
      'RewardRevoked',
      'RewardRevocationFlagged',
      'RewardWaitlistLeft',
      'RewardFulfilmentRecorded',
    ],
  },
  {
    file: 'review.proto',
    header: [
      'Mirrors libs/contracts/src/review/review.events.ts: structuring sightings (stream',
      "structuring-<committee>-<key kind>-<keyed hash>), suspicions and officers' decisions",
      '(stream review-<donation>), and remedied excess counted on a donor\'s aggregate.',
    ],
    types: ['StructuringSightingRecorded', 'StructuringSuspected', 'ReviewItemApproved', 'ReviewItemRejected', 'ExcessRedesignated', 'ExcessReattributed', 'ReviewInformationRequested', 'ExcessCounted'],
  },
  {
    file: 'conduit.proto',
    header: [
      'Mirrors libs/contracts/src/conduit/conduit.events.ts: a conduit and its recipients (stream',
      'conduit-<committee>), a split checkout (stream checkout-<checkout>, each share also a',
      'DonationReceived on its own donation stream), the transfers to recipients (stream forwarding-<campaign>)',
      'and each as its recipient records it (stream earmarks-<recipient>).',
    ],
    types: ['ConduitRegistered', 'ConduitRecipientAdded', 'CheckoutReceived', 'CheckoutPaymentReversed', 'EarmarksForwarded', 'EarmarksReceived'],
  },
];

/** Frozen payload versions kept in a file of their own, by message name. */
export const PROTO_FILE_OF_MESSAGE: Readonly<Record<string, string>> = Object.freeze({ DonationReceivedV1: 'donation_v1.proto' });

/** The envelope's file; it imports every other. */
export const ENVELOPE_FILE = 'envelope.proto';

/** Integers are uint32 unless named here (`Message.field`). */
export const PROTO_INTEGER_TYPES: Readonly<Record<string, string>> = Object.freeze({
  'DonationReceivedV1.amount_cents': 'int64',
  'EventEnvelope.revision': 'uint64',
  'EventEnvelope.position': 'uint64',
});

/** The envelope's payload cases start here; lower numbers are left to envelope fields. */
export const FIRST_PAYLOAD_CASE = 100;
