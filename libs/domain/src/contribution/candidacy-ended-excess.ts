import { CURRENT_VERSIONS, deterministicId, parseMinor, type CandidacyEndedV1, type DonationReceivedV4, type EventMetadata, type ExcessiveContributionHeld } from '#contracts';
import { aggregateLimitRuleIdOf, refundForEndedCandidacy, type RulePack } from '#compliance-rules';

/** A gift already counted toward an election the candidate will no longer run in. */
export interface CountedForEndedElection {
  /** The donation as it was received. */
  received: DonationReceivedV4;
  /** What of it the committee still keeps for that election (counted, less what was refunded). */
  keptMinor: bigint;
  /** The pack the donation was decided under (its election's cycle). */
  pack: RulePack;
}

/**
 * 11 CFR 102.9(e)(3): a candidate who will not run in an election (lost the primary, withdrew)
 * has no limit for it, so every gift for it already in hand is to be refunded within 60 days of
 * the day the candidacy ended (the primary's day when it was lost), counted on the committee's
 * days; one received after that day, 60 days after its receipt (refundForEndedCandidacy). The
 * money was counted in full when it came, so the remedy offered is a refund, as for any counted
 * money held later. Its id derives from the end of the candidacy and the donation, so applying
 * the end again holds nothing more. Nothing kept: nothing held.
 */
export function candidacyEndedHeldEvent(ended: { eventId: string; payload: CandidacyEndedV1 }, gift: CountedForEndedElection, metadata: EventMetadata): ExcessiveContributionHeld | null {
  if (gift.keptMinor <= 0n) return null;
  const { received, pack } = gift;
  const refund = refundForEndedCandidacy(pack, { receivedAt: received.receivedAt, candidacyEndedOn: ended.payload.endedOn });
  if (refund === null) return null;
  return {
    eventId: deterministicId('candidacy-ended-held', ended.eventId, received.donationId),
    type: 'ExcessiveContributionHeld',
    version: CURRENT_VERSIONS.ExcessiveContributionHeld,
    payload: {
      donationId: received.donationId,
      campaignId: received.campaignId,
      committeeId: received.committeeId,
      donorId: received.donor.donorId,
      electionId: ended.payload.electionId,
      receivedAmountMinor: received.amountMinor,
      acceptedAmountMinor: (parseMinor(received.amountMinor) - gift.keptMinor).toString(),
      excessAmountMinor: gift.keptMinor.toString(),
      currency: received.currency,
      remedies: [...refund.remedies],
      dueOn: refund.dueOn,
      figures: {
        cause: 'candidacy_ended',
        candidacyEndedOn: refund.endedOn,
        candidacyEndedCause: ended.payload.cause,
        candidacyEndedCitation: refund.citation,
        electionId: ended.payload.electionId,
        excessMinor: gift.keptMinor.toString(),
      },
      ruleIds: [aggregateLimitRuleIdOf(pack)],
      rulePackVersion: pack.version,
    },
    metadata: { ...metadata, donorId: received.donor.donorId },
  };
}
