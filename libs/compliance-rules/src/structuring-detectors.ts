import type { SightingKeyKind, StructuringDetectorId, StructuringFinding } from '#contracts';
import { detectDonorNearMatch } from './donor-near-match.rule.js';
import { sightingInstant as atMs } from './sighting-instant.js';
import type { StructuringRules, StructuringThreshold } from './structuring.js';

/** A donation or refund seen earlier with the same match key. */
export interface Sighting {
  donationId: string;
  donorId: string;
  sighting: 'donation' | 'refund';
  amountMinor: bigint;
  /** ISO 8601 instant: the donation's receipt, or the refund. */
  at: string;
}

/** The donation being checked. */
export interface StructuringSubject {
  donationId: string;
  donorId: string;
  /** Donor ids an officer linked to the donor as the same person: never a near match of theirs. */
  linkedDonorIds?: ReadonlySet<string>;
  amountMinor: bigint;
  receivedAt: string;
}

/**
 * What one match key's stream held before the subject's own sighting. Only what came before
 * is ever compared, so checking the same donation again, on any replica, finds the same.
 */
export interface KeyHistory {
  keyKind: SightingKeyKind;
  earlier: readonly Sighting[];
}

export const STRUCTURING_RULE_IDS: Readonly<Record<StructuringDetectorId, string>> = Object.freeze({
  'just-under-threshold': 'structuring-just-under-threshold',
  burst: 'structuring-burst',
  'round-trip-refund': 'structuring-round-trip-refund',
  'donor-near-match': 'donor-near-match',
});

const MINUTE_MS = 60_000;

const within = (sighting: Sighting, subjectMs: number, windowMinutes: number): boolean => Math.abs(atMs(sighting) - subjectMs) < windowMinutes * MINUTE_MS;

/**
 * Donations only, each once, other than the subject, that `wanted` keeps. `wanted` is asked
 * before the set of ids is: a key with hundreds of sightings then builds the set of the few in
 * a detector's window, not of them all. The same as keeping the first sighting of each donation
 * and asking `wanted` after: every sighting of one donation carries that donation's amount and
 * receipt, so `wanted` answers the same for all of them.
 */
function otherDonations(subject: StructuringSubject, earlier: readonly Sighting[], wanted: (s: Sighting) => boolean = () => true): Sighting[] {
  const seen = new Set<string>([subject.donationId]);
  return earlier.filter((s) => s.sighting === 'donation' && wanted(s) && !seen.has(s.donationId) && seen.add(s.donationId) !== undefined);
}

/** The lowest amount still "just under" a threshold. */
export function bandFloorMinor(threshold: StructuringThreshold, marginBasisPoints: number): bigint {
  return threshold.amountMinor - (threshold.amountMinor * BigInt(marginBasisPoints)) / 10_000n;
}

/** Whether an amount is just under a threshold: at or above the band's floor, and under (or, where the law says so, at) the threshold. */
export function isJustUnder(amountMinor: bigint, threshold: StructuringThreshold, marginBasisPoints: number): boolean {
  const under = threshold.underIncludesThreshold ? amountMinor <= threshold.amountMinor : amountMinor < threshold.amountMinor;
  return under && amountMinor >= bandFloorMinor(threshold, marginBasisPoints);
}

/**
 * Several donations just under one threshold, with one payment instrument, address, email or
 * device, under different donors' names, within the window, together passing what each stays
 * under: money split so that no single gift is reported.
 */
export function detectJustUnderThreshold(rules: StructuringRules, subject: StructuringSubject, history: KeyHistory): StructuringFinding | null {
  if (history.keyKind === 'donor') return null;
  const policy = rules.justUnderThreshold;
  const subjectMs = Date.parse(subject.receivedAt);
  for (const threshold of policy.thresholds) {
    if (!isJustUnder(subject.amountMinor, threshold, policy.marginBasisPoints)) continue;
    const related = otherDonations(subject, history.earlier, (s) => within(s, subjectMs, policy.windowMinutes) && isJustUnder(s.amountMinor, threshold, policy.marginBasisPoints));
    const donors = new Set([subject.donorId, ...related.map((s) => s.donorId)]);
    const combinedMinor = related.reduce((sum, s) => sum + s.amountMinor, subject.amountMinor);
    const passes = threshold.underIncludesThreshold ? combinedMinor > threshold.amountMinor : combinedMinor >= threshold.amountMinor;
    if (related.length + 1 < policy.minDonations || donors.size < policy.minDistinctDonors || !passes) continue;
    return {
      detector: 'just-under-threshold',
      keyKind: history.keyKind,
      relatedDonationIds: related.map((s) => s.donationId),
      figures: {
        threshold: threshold.id,
        thresholdMinor: threshold.amountMinor.toString(),
        bandFloorMinor: bandFloorMinor(threshold, policy.marginBasisPoints).toString(),
        donations: String(related.length + 1),
        minDonations: String(policy.minDonations),
        distinctDonors: String(donors.size),
        minDistinctDonors: String(policy.minDistinctDonors),
        combinedMinor: combinedMinor.toString(),
        windowMinutes: String(policy.windowMinutes),
      },
    };
  }
  return null;
}

/** Many donations from one donor within minutes: a card-testing run, or a gift cut into pieces. */
export function detectBurst(rules: StructuringRules, subject: StructuringSubject, history: KeyHistory): StructuringFinding | null {
  if (history.keyKind !== 'donor') return null;
  const policy = rules.burst;
  const subjectMs = Date.parse(subject.receivedAt);
  const related = otherDonations(subject, history.earlier, (s) => within(s, subjectMs, policy.windowMinutes));
  if (related.length + 1 < policy.minDonations) return null;
  return {
    detector: 'burst',
    keyKind: 'donor',
    relatedDonationIds: related.map((s) => s.donationId),
    figures: { donations: String(related.length + 1), minDonations: String(policy.minDonations), windowMinutes: String(policy.windowMinutes) },
  };
}

/**
 * Donate, refund, donate again: money that goes round and comes back (by one donor, or on
 * one instrument) resets what the ledger counts while the same money stays in play.
 */
export function detectRoundTripRefund(rules: StructuringRules, subject: StructuringSubject, history: KeyHistory): StructuringFinding | null {
  if (history.keyKind !== 'donor' && history.keyKind !== 'paymentInstrument') return null;
  const policy = rules.roundTripRefund;
  // Most keys never saw a refund: nothing to pass over twice.
  if (policy.minRefundedDonations > 0 && !history.earlier.some((s) => s.sighting === 'refund')) return null;
  const subjectMs = Date.parse(subject.receivedAt);
  const donated = new Set(otherDonations(subject, history.earlier).map((s) => s.donationId));
  const refunded = [
    ...new Set(
      history.earlier
        .filter((s) => s.sighting === 'refund' && donated.has(s.donationId) && atMs(s) <= subjectMs)
        .filter((s) => within(s, subjectMs, policy.windowMinutes))
        .map((s) => s.donationId),
    ),
  ];
  if (refunded.length < policy.minRefundedDonations) return null;
  return {
    detector: 'round-trip-refund',
    keyKind: history.keyKind,
    relatedDonationIds: refunded,
    figures: { refundedDonations: String(refunded.length), minRefundedDonations: String(policy.minRefundedDonations), windowMinutes: String(policy.windowMinutes) },
  };
}

/**
 * Every detector, with how far from the subject's receipt it looks. A detector compares the
 * subject only with sightings less than its window away (and refunds no later than it), so a
 * detector added here must say its window: the largest is how much evidence a key must keep.
 */
const DETECTORS: readonly { detect: typeof detectBurst; windowMinutes: (rules: StructuringRules) => number }[] = [
  { detect: detectJustUnderThreshold, windowMinutes: (rules) => rules.justUnderThreshold.windowMinutes },
  { detect: detectBurst, windowMinutes: (rules) => rules.burst.windowMinutes },
  { detect: detectRoundTripRefund, windowMinutes: (rules) => rules.roundTripRefund.windowMinutes },
  { detect: detectDonorNearMatch, windowMinutes: (rules) => rules.donorNearMatch.windowMinutes },
];

/** Every detector over every key the donation was seen with; empty when none matches. */
export function detectStructuring(rules: StructuringRules, subject: StructuringSubject, histories: readonly KeyHistory[]): StructuringFinding[] {
  return histories.flatMap((history) => DETECTORS.map(({ detect }) => detect(rules, subject, history)).filter((f): f is StructuringFinding => f !== null));
}

/**
 * How far from a donation's receipt, in minutes, any detector of these rules looks: a sighting
 * at least this far from it, before or after, cannot change what is found (the round-trip
 * refund's 30 days in the FEC pack). Read from the rules in force, so evidence kept for a key
 * follows the pack's figures.
 */
export function structuringLookbackMinutes(rules: StructuringRules): number {
  return Math.max(...DETECTORS.map(({ windowMinutes }) => windowMinutes(rules)));
}
