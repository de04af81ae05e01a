/**
 * Builders shared by the donor-aggregate specifications: a donor of committee c-smith who
 * gave every detail and attested citizenship, deciding under the FEC 2025-26 pack, and the
 * events an acceptance by card writes. Not a suite itself (no `.unit.` in the name).
 */
import {
  deterministicId,
  type ContributionCounted,
  type ContributionReversed,
  type DonationAccepted,
  type DonationReceivedV4,
  type DonationRejected,
  type DonorSnapshot,
  type EventMetadata,
  type ExcessiveContributionHeld,
  type PaymentMethod,
} from '#contracts';
import { rulePackFor, type RulePack } from '#compliance-rules';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import {
  decideContribution,
  evolveDonorAggregate,
  initialDonorAggregate,
  type ContributionDecision,
  type DecideContribution,
} from './donor-aggregate.decider.js';

export const fec2026 = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T12:00:00.000Z');
export const PRIMARY = 'p-2026';
export const GENERAL = 'g-2026';
export const RECEIVED_AT = '2026-03-01T12:00:00.000Z';
export const DECIDED_AT = '2026-03-01T12:00:02.000Z';
export const FEC_RULES = ['prohibited-source', 'questionable-source', 'individual-limit-per-election', 'itemization-threshold'];

export const donor = (changes: Partial<DonorSnapshot> = {}): DonorSnapshot => ({
  donorId: 'dn_jane',
  type: 'individual',
  sealedPii: 'sealed:jane',
  attestations: { usCitizenOrPermanentResident: true },
  detailsGiven: { mailingAddress: true, occupation: true, employer: true },
  registrationNumber: null,
  ...changes,
});

export const donationOf = (donationId: string, amountMinor: string, electionId: string | null = PRIMARY, changes: Partial<DonationReceivedV4> = {}): DonationReceivedV4 => ({
  donationId,
  campaignId: 'cmp-spring',
  committeeId: 'c-smith',
  amountMinor,
  currency: 'USD',
  donor: donor(),
  payment: { method: 'card', pspReference: `psp-${donationId}` },
  electionId,
  receivedAt: RECEIVED_AT,
  matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
  publicAcknowledgement: null,
  ...changes,
});

export const decide = (donation: DonationReceivedV4, pack: RulePack = fec2026): DecideContribution => ({
  type: 'DecideContribution',
  donation,
  causationEventId: `ev-received-${donation.donationId}`,
  correlationId: `corr-${donation.donationId}`,
  pack,
  cycleElectionIds: [PRIMARY, GENERAL],
  decidedAt: DECIDED_AT,
});

export const metadataOf = (donationId: string): EventMetadata => ({
  occurredAt: DECIDED_AT,
  correlationId: `corr-${donationId}`,
  causationId: `ev-received-${donationId}`,
  committeeId: 'c-smith',
  donorId: 'dn_jane',
  actor: 'compliance',
});

export interface Counting {
  election?: string;
  amount: string;
  before: string;
  accepted?: string;
  cycleAfter?: string;
  method?: PaymentMethod;
}

/** The figures an FEC 2025-26 acceptance by card compares, for a donor who gave every detail. */
export const figuresOf = ({ election = PRIMARY, amount, before, accepted = amount, cycleAfter }: Counting): Record<string, string> => {
  const after = (BigInt(before) + BigInt(accepted)).toString();
  return {
    amountMinor: amount,
    aggregateBeforeMinor: before,
    limitMinor: '350000',
    headroomMinor: (350_000n - BigInt(before)).toString(),
    acceptedMinor: accepted,
    excessMinor: (BigInt(amount) - BigInt(accepted)).toString(),
    aggregateAfterMinor: after,
    cycleAggregateAfterMinor: cycleAfter ?? after,
    itemizationThresholdMinor: '20000',
    electionId: election,
  };
};

export const counted = (donationId: string, c: Counting): ContributionCounted => {
  const accepted = c.accepted ?? c.amount;
  const figures = figuresOf(c);
  return {
    eventId: deterministicId('contribution-counted', `ev-received-${donationId}`),
    type: 'ContributionCounted',
    version: 2,
    payload: {
      donationId,
      donorId: 'dn_jane',
      electionId: c.election ?? PRIMARY,
      amountMinor: accepted,
      currency: 'USD',
      aggregateAfterMinor: figures.aggregateAfterMinor,
      paymentMethod: c.method ?? 'card',
      itemized: BigInt(figures.cycleAggregateAfterMinor) > 20_000n,
      figures,
      ruleIds: FEC_RULES,
    },
    metadata: metadataOf(donationId),
  };
};

export const accepted = (donationId: string, c: Counting): DonationAccepted => {
  const { payload } = counted(donationId, c);
  return {
    eventId: deterministicId('donation-decided', `ev-received-${donationId}`),
    type: 'DonationAccepted',
    version: 2,
    payload: {
      donationId,
      campaignId: 'cmp-spring',
      committeeId: 'c-smith',
      donorId: 'dn_jane',
      electionId: payload.electionId,
      acceptedAmountMinor: payload.amountMinor,
      currency: 'USD',
      aggregateAfterMinor: payload.aggregateAfterMinor,
      ruleIds: FEC_RULES,
      rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
      figures: payload.figures,
      itemized: payload.itemized,
    },
    metadata: metadataOf(donationId),
  };
};

export const held = (donationId: string, c: Counting & { accepted: string }): ExcessiveContributionHeld => ({
  eventId: deterministicId('excessive-contribution-held', `ev-received-${donationId}`),
  type: 'ExcessiveContributionHeld',
  version: 1,
  payload: {
    donationId,
    campaignId: 'cmp-spring',
    committeeId: 'c-smith',
    donorId: 'dn_jane',
    electionId: c.election ?? PRIMARY,
    receivedAmountMinor: c.amount,
    acceptedAmountMinor: c.accepted,
    excessAmountMinor: (BigInt(c.amount) - BigInt(c.accepted)).toString(),
    currency: 'USD',
    remedies: ['refund', 'redesignation', 'reattribution'],
    dueOn: '2026-04-30',
    figures: figuresOf(c),
    ruleIds: FEC_RULES,
    rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
  },
  metadata: metadataOf(donationId),
});

export const acceptance = (donationId: string, c: Counting): ContributionDecision => ({
  outcome: 'accept',
  counted: counted(donationId, c),
  accepted: accepted(donationId, c),
  held: c.accepted !== undefined && c.accepted !== c.amount ? held(donationId, { ...c, accepted: c.accepted }) : null,
  bestEfforts: null,
  netDebtsApplied: null,
});

export const reversed = (donationId: string, electionId: string, amountMinor: string): ContributionReversed => ({
  eventId: `ev-reversed-${donationId}`,
  type: 'ContributionReversed',
  version: 1,
  payload: { donationId, donorId: 'dn_jane', electionId, amountMinor, currency: 'USD', reason: 'refund' },
  metadata: metadataOf(donationId),
});

export const limitRejection = (donationId: string, amountMinor: string, before: string, election = PRIMARY): ContributionDecision => {
  const rejected: DonationRejected = {
    eventId: deterministicId('donation-decided', `ev-received-${donationId}`),
    type: 'DonationRejected',
    version: 1,
    payload: {
      donationId,
      campaignId: 'cmp-spring',
      committeeId: 'c-smith',
      donorId: 'dn_jane',
      code: 'donor_exceeds_election_limit',
      detail: `donor has given ${before} of 350000 minor units for this election; ${amountMinor} would exceed it`,
      figures: { amountMinor, aggregateBeforeMinor: before, limitMinor: '350000', headroomMinor: '0', electionId: election },
      ruleIds: ['prohibited-source', 'questionable-source', 'individual-limit-per-election'],
      rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
    },
    metadata: metadataOf(donationId),
  };
  return { outcome: 'reject', rejected, returnRequired: null };
};

export const spec = deciderSpec({ decide: decideContribution, evolve: evolveDonorAggregate, initialState: initialDonorAggregate });
