import { TOPICS, type RecordedEvent } from '#contracts';
import type { ReadModelProjection } from '../projection.js';
import { storedRows } from '../store/stored-rows.js';
import { countedOf, evolveDonationRow, isDonationFact, type DonationRow } from './donation-row.js';
import { ReportDonationEntity } from './report-donation.entity.js';

/*
 * A new fact about donations (an officer's redesignation or reattribution, from the review
 * work) is its type here, a case in donation-row.ts `applied` (a redesignation calls
 * `redesignated`), and an entry in COMPLIANCE_CASE_HANDLERS when it meets an obligation.
 */
export const DONATION_FACTS: readonly string[] = ['DonationReceived', 'DonationAccepted', 'DonationFlagged', 'DonationRejected', 'DonationRefunded', 'ChargebackReceived', 'ExcessiveContributionHeld', 'DonationReturnRequired', 'DonationDeposited', 'DonationDateCorrected', 'ImpermissibleDonationDealtWith'];

/** The donation a fact is about, for facts of a donation's stream. */
export const donationIdOf = (event: RecordedEvent): string | null =>
  isDonationFact(event) ? ((event.payload as { donationId?: string }).donationId ?? null) : null;

export const donationsProjection: ReadModelProjection<DonationRow> = {
  name: 'report-donations',
  topics: [TOPICS.donations],
  canHandle: DONATION_FACTS,
  keyOf: donationIdOf,
  evolve: evolveDonationRow,
};

export const reportDonations = storedRows<DonationRow>(donationsProjection, ReportDonationEntity, (r) => ({
  committee_id: r.committeeId,
  campaign_id: r.campaignId,
  donor_id: r.donorId,
  received_at: r.receivedAt,
  status: r.status,
  election_id: r.electionId ?? r.allocations[0]?.electionId ?? null,
  counted_minor: countedOf(r).countedMinor.toString(),
  itemized: r.itemized === null ? null : String(r.itemized),
}));
