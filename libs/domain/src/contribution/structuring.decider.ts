import {
  CURRENT_VERSIONS,
  deterministicId,
  MATCH_KEY_KINDS,
  parseMinor,
  structuringKeyStreamId,
  type DonationReceivedV4,
  type EventMetadata,
  type RecordedEvent,
  type SightingKeyKind,
  type SightingKind,
  type StructuringSightingRecorded,
  type StructuringSightingRecordedV1,
  type StructuringSuspected,
} from '#contracts';
import { detectStructuring, dueOnInZone, STRUCTURING_RULE_IDS, type KeyHistory, type RulePack } from '#compliance-rules';
import { sightingOf } from './structuring-window.js';

/** One structuring stream a donation is seen on, and the sighting to record there. */
export interface KeyedSighting {
  keyKind: SightingKeyKind;
  streamId: string;
  event: StructuringSightingRecorded;
}

/** The keys a donation is matched on: its match keys, and its donor unless anonymous. */
export function sightingKeysOf(received: DonationReceivedV4): { keyKind: SightingKeyKind; key: string }[] {
  const keys: { keyKind: SightingKeyKind; key: string }[] = MATCH_KEY_KINDS.flatMap((kind) => {
    const key = received.matchKeys[kind];
    return key ? [{ keyKind: kind, key }] : [];
  });
  if (!received.donor.donorId.startsWith('anonymous-')) keys.push({ keyKind: 'donor', key: received.donor.donorId });
  return keys;
}

/**
 * The sightings a donation (or its refund) adds, one per key. The id derives from the causing
 * event and the key kind: a redelivered message names the same sighting, and the ledger
 * keeps one.
 */
export function sightingsOf(
  received: DonationReceivedV4,
  sighting: SightingKind,
  cause: { eventId: string; at: string; amountMinor: string },
  metadata: EventMetadata,
): KeyedSighting[] {
  return sightingKeysOf(received).map(({ keyKind, key }) => ({
    keyKind,
    streamId: structuringKeyStreamId(received.committeeId, keyKind, key),
    event: {
      eventId: deterministicId('structuring-sighting', cause.eventId, keyKind),
      type: 'StructuringSightingRecorded',
      version: CURRENT_VERSIONS.StructuringSightingRecorded,
      payload: {
        donationId: received.donationId,
        donorId: received.donor.donorId,
        keyKind,
        sighting,
        amountMinor: cause.amountMinor,
        currency: received.currency,
        at: cause.at,
      },
      metadata,
    },
  }));
}

/** What a key's stream held before the donation's own sighting (null when it is not there yet). */
export function historyBefore(keyKind: SightingKeyKind, events: readonly RecordedEvent[], sightingEventId: string): KeyHistory | null {
  const index = events.findIndex((e) => e.eventId === sightingEventId);
  if (index < 0) return null;
  return { keyKind, earlier: events.slice(0, index).map((e) => sightingOf(e.payload as StructuringSightingRecordedV1)) };
}

/**
 * The suspicion a donation raises, or null. Its id derives from the DonationReceived, and the
 * histories are what came before the donation's own sightings, so deciding it again finds the
 * same and names the same fact. `linkedDonorIds`: donors an officer linked to this one, whose
 * gifts are no near match of it.
 */
export function suspicionOf(
  received: DonationReceivedV4,
  receivedEventId: string,
  pack: RulePack,
  histories: readonly KeyHistory[],
  metadata: EventMetadata,
  linkedDonorIds: ReadonlySet<string> = new Set(),
): StructuringSuspected | null {
  const rules = pack.structuring;
  if (!rules) return null;
  const subject = { donationId: received.donationId, donorId: received.donor.donorId, linkedDonorIds, amountMinor: parseMinor(received.amountMinor), receivedAt: received.receivedAt };
  const findings = detectStructuring(rules, subject, histories);
  if (findings.length === 0) return null;
  return {
    eventId: deterministicId('structuring-suspected', receivedEventId),
    type: 'StructuringSuspected',
    version: CURRENT_VERSIONS.StructuringSuspected,
    payload: {
      donationId: received.donationId,
      campaignId: received.campaignId,
      committeeId: received.committeeId,
      donorId: received.donor.donorId,
      amountMinor: received.amountMinor,
      currency: received.currency,
      receivedAt: received.receivedAt,
      findings,
      ruleIds: [...new Set(findings.map((f) => STRUCTURING_RULE_IDS[f.detector]))],
      rulePackVersion: pack.version,
      // The officer's review is due on a day of the committee's calendar, as every remedy is.
      reviewDueOn: dueOnInZone(received.receivedAt, rules.reviewDays, pack.timeZone),
    },
    metadata,
  };
}
