import { CURRENT_VERSIONS, deterministicId, type EarmarksForwarded, type EarmarksForwardedV1, type EarmarksReceived, type EventMetadata, type ForwardingEvent, type RecipientCommitteeType } from '#contracts';
import { earmarkForwardingDeadline, rulePackInZone } from '#compliance-rules';
import { countedAmounts } from '../donation/donation-amounts.js';
import { amountsOf, type DonationState } from '../donation/donation.decider.js';
import { assertNever, reject } from '../shared/rejection.js';

/** The transfers recorded for one conduit campaign's shares (stream `forwarding-<campaignId>`). */
export interface ForwardingState {
  batches: ReadonlyMap<string, EarmarksForwardedV1>;
  /** Which batch carried each share forwarded so far. */
  forwarded: ReadonlyMap<string, string>;
}

export const initialForwardingState = (): ForwardingState => ({ batches: new Map(), forwarded: new Map() });

export function evolveForwarding(state: ForwardingState, event: ForwardingEvent): ForwardingState {
  switch (event.type) {
    case 'EarmarksForwarded': {
      const forwarded = new Map(state.forwarded);
      for (const donationId of event.payload.donationIds) forwarded.set(donationId, event.payload.batchId);
      return { batches: new Map(state.batches).set(event.payload.batchId, event.payload), forwarded };
    }
    default:
      return assertNever(event.type);
  }
}

export interface RecordForwarding {
  type: 'RecordForwarding';
  eventId: string;
  metadata: EventMetadata;
  data: Omit<EarmarksForwardedV1, 'amountMinor' | 'currency'>;
  /** Each share named, as its donation stream holds it. */
  shares: ReadonlyMap<string, DonationState>;
}

/**
 * Records one transfer of accepted shares to one recipient. Each share must be one of this
 * campaign's to that recipient, accepted, not forwarded before, and received no later than the
 * day of the transfer; the amount is what the shares still count for (accepted, less what went
 * back), so the conduit forwards neither an excess nor a refunded part. The same batch again is
 * no change; the same batch id with other content is refused.
 */
export function recordForwarding(command: RecordForwarding, state: ForwardingState): EarmarksForwarded[] {
  const { data } = command;
  if (data.donationIds.length === 0 || new Set(data.donationIds).size !== data.donationIds.length) {
    reject('forwarding_share_invalid', 'a transfer names each share it carries once, and at least one');
  }
  const recorded = state.batches.get(data.batchId);
  if (recorded !== undefined) {
    if (recorded.recipientCommitteeId === data.recipientCommitteeId && recorded.forwardedOn === data.forwardedOn && recorded.donationIds.join() === data.donationIds.join()) return [];
    reject('forwarding_batch_exists', `batch ${data.batchId} was recorded with other content`);
  }
  let amountMinor = 0n;
  let currency = '';
  for (const donationId of data.donationIds) {
    const share = command.shares.get(donationId);
    if (share === undefined || share.status === 'none' || share.received.campaignId !== data.campaignId || share.received.committeeId !== data.recipientCommitteeId) {
      reject('forwarding_share_invalid', `${donationId} is not a share of campaign ${data.campaignId} for ${data.recipientCommitteeId}`);
    }
    if (share.decision !== 'accepted') reject('forwarding_share_invalid', `${donationId} is not accepted (${share.status}): nothing of it is the recipient's yet`);
    const batch = state.forwarded.get(donationId);
    if (batch !== undefined) reject('earmark_already_forwarded', `${donationId} was forwarded in batch ${batch}`);
    if (share.received.receivedAt.slice(0, 10) > data.forwardedOn) reject('forwarding_share_invalid', `${donationId} was received after ${data.forwardedOn}`);
    amountMinor += countedAmounts(amountsOf(share)).countedMinor;
    currency = share.received.currency;
  }
  const payload: EarmarksForwardedV1 = { ...data, amountMinor: amountMinor.toString(10), currency };
  return [{ eventId: command.eventId, type: 'EarmarksForwarded', version: CURRENT_VERSIONS.EarmarksForwarded, payload, metadata: command.metadata }];
}

/**
 * The transfer as its recipient's own ledger records it, with the conduit named: keyed by the
 * recipient, its id derived from the conduit's record, so a second copy is a duplicate.
 */
export function earmarksReceivedOf(forwarded: EarmarksForwarded, conduit: { fecId: string; name: string }): EarmarksReceived {
  return {
    eventId: deterministicId('earmarks-received', forwarded.eventId),
    type: 'EarmarksReceived',
    version: CURRENT_VERSIONS.EarmarksReceived,
    payload: { ...forwarded.payload, conduitFecId: conduit.fecId, conduitName: conduit.name },
    metadata: { ...forwarded.metadata, committeeId: forwarded.payload.recipientCommitteeId, causationId: forwarded.eventId },
  };
}

/** A share as the obligation list needs it: from the donations read model or the share's stream. */
export interface EarmarkedShare {
  donationId: string;
  recipientCommitteeId: string;
  receivedAt: string;
  /** What the share still counts for: what must be forwarded. */
  countedMinor: bigint;
  decision: 'accepted' | 'flagged' | 'rejected' | null;
}

export type ForwardingStatus = 'forwarded' | 'due' | 'overdue' | 'awaiting_decision' | 'not_owed';

export interface ForwardingObligation extends EarmarkedShare {
  dueOn: string;
  citation: string;
  status: ForwardingStatus;
  batchId: string | null;
  forwardedOn: string | null;
  /** Forwarded after its due day. */
  late: boolean;
}

/**
 * Each share's forwarding obligation on `today`: its due day under the pack in force when it
 * was received, and whether it is forwarded (late or not), still due, overdue, awaiting the
 * recipient's decision, or not owed (rejected, or nothing of it left to forward). Days are the
 * conduit's local ones (`timeZone`, its committee's zone; `today` is a day of that calendar).
 */
export function forwardingObligations(
  shares: readonly EarmarkedShare[],
  state: ForwardingState,
  recipientTypes: ReadonlyMap<string, RecipientCommitteeType>,
  today: string,
  timeZone = 'UTC',
): ForwardingObligation[] {
  return shares.map((share) => {
    const pack = rulePackInZone('US-FEC-CANDIDATE', share.receivedAt, timeZone);
    const recipientType = recipientTypes.get(share.recipientCommitteeId) ?? 'authorized_committee';
    const { dueOn, citation } = earmarkForwardingDeadline(pack, { receivedAt: share.receivedAt, amountMinor: share.countedMinor, recipientType });
    const batchId = state.forwarded.get(share.donationId) ?? null;
    const forwardedOn = batchId === null ? null : (state.batches.get(batchId)?.forwardedOn ?? null);
    const status: ForwardingStatus =
      forwardedOn !== null ? 'forwarded'
      : share.decision === null || share.decision === 'flagged' ? (today > dueOn ? 'overdue' : 'awaiting_decision')
      : share.decision === 'rejected' || share.countedMinor === 0n ? 'not_owed'
      : today > dueOn ? 'overdue' : 'due';
    return { ...share, dueOn, citation, status, batchId, forwardedOn, late: forwardedOn !== null && forwardedOn > dueOn };
  });
}
