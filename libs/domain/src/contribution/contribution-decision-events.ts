import {
  CURRENT_VERSIONS,
  deterministicId,
  parseMinor,
  type BestEffortsRequestOpened,
  type ContributionCounted,
  type DonationAccepted,
  type DonationFlagged,
  type DonationReceivedV4,
  type DonationRejected,
  type DonationReturnRequired,
  type DonorDetail,
  type EventMetadata,
  type ExcessiveContributionHeld,
  type ExcessRemedy,
  type FlagDeadline,
  type NetDebtsContributionApplied,
  type ReturnAction,
} from '#contracts';
import { RULE_IDS, type Figures, type PartnerCount, type RulePack } from '#compliance-rules';

/**
 * The facts a contribution decision writes. Every id derives from the DonationReceived
 * decided (`causationEventId`), so deciding the same donation again, on any replica, names
 * the same facts and the ledger keeps the first. Acceptance, flag and rejection share one
 * id: a donation stream can hold only one of them.
 */
export interface DecisionContext {
  donation: DonationReceivedV4;
  electionId: string;
  causationEventId: string;
  pack: RulePack;
  metadata: EventMetadata;
}

const idOf = (kind: string, context: DecisionContext): string => deterministicId(kind, context.causationEventId);
const decisionId = (context: DecisionContext): string => idOf('donation-decided', context);

export interface CountedFigures {
  acceptedMinor: bigint;
  aggregateAfterMinor: bigint;
  itemized: boolean | null;
  ruleIds: string[];
  figures: Figures;
}

export function countedEvent(context: DecisionContext, counted: CountedFigures): ContributionCounted {
  const { donation, electionId, metadata } = context;
  return {
    eventId: idOf('contribution-counted', context),
    type: 'ContributionCounted',
    version: CURRENT_VERSIONS.ContributionCounted,
    payload: {
      donationId: donation.donationId,
      donorId: donation.donor.donorId,
      electionId,
      amountMinor: counted.acceptedMinor.toString(),
      currency: donation.currency,
      aggregateAfterMinor: counted.aggregateAfterMinor.toString(),
      paymentMethod: donation.payment.method,
      itemized: counted.itemized,
      figures: counted.figures,
      ruleIds: counted.ruleIds,
    },
    metadata,
  };
}

/**
 * A partner's or member's share of a kept gift, counted on that person's own aggregate toward
 * their own limit (11 CFR 110.1(e), (g)): the same fact as a gift of their own, naming the
 * partnership or LLC it came through. Its id derives from the gift decided and the partner.
 */
export function partnerCountedEvent(context: DecisionContext, count: PartnerCount, figures: Figures): ContributionCounted {
  const { donation, electionId, metadata } = context;
  return {
    eventId: deterministicId('contribution-counted-attributed', context.causationEventId, count.donorId),
    type: 'ContributionCounted',
    version: CURRENT_VERSIONS.ContributionCounted,
    payload: {
      donationId: donation.donationId,
      donorId: count.donorId,
      electionId,
      amountMinor: count.countedMinor.toString(),
      currency: donation.currency,
      aggregateAfterMinor: count.aggregateAfterMinor.toString(),
      paymentMethod: donation.payment.method,
      itemized: null,
      figures: {
        attributedFromDonorId: donation.donor.donorId,
        attributedFromType: donation.donor.type,
        ...(figures.attributionBasis ? { attributionBasis: figures.attributionBasis } : {}),
        ...(figures.attributionCitation ? { attributionCitation: figures.attributionCitation } : {}),
        electionId,
      },
      ruleIds: [RULE_IDS.individualLimitPerElection],
    },
    metadata: { ...metadata, donorId: count.donorId },
  };
}

export function acceptedEvent(context: DecisionContext, counted: CountedFigures): DonationAccepted {
  const { donation, electionId, pack, metadata } = context;
  return {
    eventId: decisionId(context),
    type: 'DonationAccepted',
    version: CURRENT_VERSIONS.DonationAccepted,
    payload: {
      donationId: donation.donationId,
      campaignId: donation.campaignId,
      committeeId: donation.committeeId,
      donorId: donation.donor.donorId,
      electionId,
      acceptedAmountMinor: counted.acceptedMinor.toString(),
      currency: donation.currency,
      aggregateAfterMinor: counted.aggregateAfterMinor.toString(),
      ruleIds: counted.ruleIds,
      rulePackVersion: pack.version,
      figures: counted.figures,
      itemized: counted.itemized,
    },
    metadata,
  };
}

export function heldEvent(
  context: DecisionContext,
  counted: CountedFigures,
  remedy: { dueOn: string; remedies: readonly ExcessRemedy[] },
): ExcessiveContributionHeld {
  const { donation, electionId, pack, metadata } = context;
  const receivedMinor = parseMinor(donation.amountMinor);
  return {
    eventId: idOf('excessive-contribution-held', context),
    type: 'ExcessiveContributionHeld',
    version: CURRENT_VERSIONS.ExcessiveContributionHeld,
    payload: {
      donationId: donation.donationId,
      campaignId: donation.campaignId,
      committeeId: donation.committeeId,
      donorId: donation.donor.donorId,
      electionId,
      receivedAmountMinor: donation.amountMinor,
      acceptedAmountMinor: counted.acceptedMinor.toString(),
      excessAmountMinor: (receivedMinor - counted.acceptedMinor).toString(),
      currency: donation.currency,
      remedies: [...remedy.remedies],
      dueOn: remedy.dueOn,
      figures: counted.figures,
      ruleIds: counted.ruleIds,
      rulePackVersion: pack.version,
    },
    metadata,
  };
}

export function bestEffortsEvent(context: DecisionContext, request: { missingDetails: DonorDetail[]; dueOn: string }, ruleId: string): BestEffortsRequestOpened {
  const { donation, pack, metadata } = context;
  return {
    eventId: idOf('best-efforts-request-opened', context),
    type: 'BestEffortsRequestOpened',
    version: CURRENT_VERSIONS.BestEffortsRequestOpened,
    payload: {
      donationId: donation.donationId,
      campaignId: donation.campaignId,
      committeeId: donation.committeeId,
      donorId: donation.donor.donorId,
      missingDetails: request.missingDetails,
      dueOn: request.dueOn,
      ruleIds: [ruleId],
      rulePackVersion: pack.version,
    },
    metadata,
  };
}

export function rejectedEvent(context: DecisionContext, verdict: { code: string; detail: string; ruleIds: string[]; figures: Figures }): DonationRejected {
  const { donation, pack, metadata } = context;
  return {
    eventId: decisionId(context),
    type: 'DonationRejected',
    version: CURRENT_VERSIONS.DonationRejected,
    payload: {
      donationId: donation.donationId,
      campaignId: donation.campaignId,
      committeeId: donation.committeeId,
      donorId: donation.donor.donorId,
      code: verdict.code,
      detail: verdict.detail,
      figures: verdict.figures,
      ruleIds: verdict.ruleIds,
      rulePackVersion: pack.version,
    },
    metadata,
  };
}

export function returnRequiredEvent(
  context: DecisionContext,
  verdict: { code: string; ruleIds: string[]; figures: Figures; returnDue: { action: ReturnAction; dueOn: string } },
): DonationReturnRequired {
  const { donation, pack, metadata } = context;
  return {
    eventId: idOf('donation-return-required', context),
    type: 'DonationReturnRequired',
    version: CURRENT_VERSIONS.DonationReturnRequired,
    payload: {
      donationId: donation.donationId,
      campaignId: donation.campaignId,
      committeeId: donation.committeeId,
      donorId: donation.donor.donorId,
      amountMinor: donation.amountMinor,
      currency: donation.currency,
      code: verdict.code,
      action: verdict.returnDue.action,
      dueOn: verdict.returnDue.dueOn,
      figures: verdict.figures,
      ruleIds: verdict.ruleIds,
      rulePackVersion: pack.version,
    },
    metadata,
  };
}

export function flaggedEvent(
  context: DecisionContext,
  verdict: { code: string; detail: string; ruleIds: string[]; figures: Figures; deadlines: FlagDeadline[] },
): DonationFlagged {
  const { donation, pack, metadata } = context;
  return {
    eventId: decisionId(context),
    type: 'DonationFlagged',
    version: CURRENT_VERSIONS.DonationFlagged,
    payload: {
      donationId: donation.donationId,
      campaignId: donation.campaignId,
      reasons: [{ code: verdict.code, detail: verdict.detail }],
      ruleIds: verdict.ruleIds,
      rulePackVersion: pack.version,
      figures: verdict.figures,
      deadlines: verdict.deadlines,
    },
    metadata,
  };
}

/**
 * A gift for an election already held, kept against its net debts (11 CFR 110.1(b)(3)): what the
 * committee still owes from that election goes down by what was kept, on the committee's
 * stream. From the decision's own figures, so a repeated decision names the same fact; null
 * when the decision kept nothing against net debts.
 */
export function netDebtsAppliedEvent(context: DecisionContext, counted: Pick<CountedFigures, 'acceptedMinor' | 'figures'>): NetDebtsContributionApplied | null {
  const outstanding = counted.figures.netDebtsOutstandingMinor;
  if (outstanding === undefined || counted.acceptedMinor <= 0n) return null;
  const { donation, electionId, metadata } = context;
  return {
    eventId: idOf('net-debts-applied', context),
    type: 'NetDebtsContributionApplied',
    version: CURRENT_VERSIONS.NetDebtsContributionApplied,
    payload: {
      committeeId: donation.committeeId,
      electionId,
      donationId: donation.donationId,
      appliedMinor: counted.acceptedMinor.toString(),
      netDebtsRemainingMinor: (parseMinor(outstanding) - counted.acceptedMinor).toString(),
    },
    metadata,
  };
}
