import type { SightingKeyKind, SightingKind, StructuringFinding } from '#contracts';
import { sightingInstant } from './sighting-instant.js';
import type { StructuringRules } from './structuring.js';

/** What the detector reads of a structuring subject and a key's history (structuring-detectors.ts has the full shapes). */
interface NearMatchSubject {
  donationId: string;
  donorId: string;
  linkedDonorIds?: ReadonlySet<string>;
  receivedAt: string;
}
interface NearMatchHistory {
  keyKind: SightingKeyKind;
  earlier: readonly { donationId: string; donorId: string; sighting: SightingKind; at: string }[];
}

const MINUTE_MS = 60_000;

/** What each near-match key says about two donors who share it, for the officer. */
const EVIDENCE: Readonly<Partial<Record<SightingKeyKind, string>>> = Object.freeze({
  nearName: 'same surname, first initial and postal code under another donor id (an initial, a middle name, or a "Jr."/"Sr." written differently)',
  nameCard: 'same name and the same card under another donor id, at another postal code',
});

/**
 * Issue 14, item 12: donations under another donor id that may be the same person, because
 * they share a near name ("A. Lovelace" and "Ada Lovelace" at one postal code; "John Smith
 * Jr." and "John Smith Sr.") or one name and card at two postal codes. Not certain, so never
 * merged and never refused: flagged for the officer with the donations and donor ids as
 * evidence, who may link the two identities. Donations of the subject's own donor id are the
 * certain case (one id already) and, like those of donors an officer linked to it, are never
 * evidence.
 */
export function detectDonorNearMatch(rules: StructuringRules, subject: NearMatchSubject, history: NearMatchHistory): StructuringFinding | null {
  const evidence = EVIDENCE[history.keyKind];
  if (evidence === undefined) return null;
  const subjectMs = Date.parse(subject.receivedAt);
  const windowMs = rules.donorNearMatch.windowMinutes * MINUTE_MS;
  const seen = new Set<string>([subject.donationId]);
  const related = history.earlier.filter(
    (s) => s.sighting === 'donation' && s.donorId !== subject.donorId && !subject.linkedDonorIds?.has(s.donorId) && Math.abs(sightingInstant(s) - subjectMs) < windowMs && !seen.has(s.donationId) && seen.add(s.donationId) !== undefined,
  );
  if (related.length === 0) return null;
  return {
    detector: 'donor-near-match',
    keyKind: history.keyKind,
    relatedDonationIds: related.map((s) => s.donationId),
    figures: {
      evidence,
      otherDonorIds: [...new Set(related.map((s) => s.donorId))].sort().join(' '),
      windowMinutes: String(rules.donorNearMatch.windowMinutes),
    },
  };
}
