import { Inject, Injectable } from '@nestjs/common';
import { committeeStreamId, donationStreamId, donorAggregateStreamId, parseMinor, type DonorIdentitiesLinkedV1, type DonorIdentitiesUnlinked, type EventMetadata, type ExcessiveContributionHeld, type RecordedEvent } from '#contracts';
import { aggregateLimitOf } from '#compliance-rules';
import {
  committeeFold,
  contributionPack,
  donationFold,
  donorAggregateFold,
  excessOfLinkedDonors,
  linkDonorIdentities,
  linkedExcessHeldEvent,
  reject,
  unlinkDonorIdentities,
  type CommitteeState,
  type DonationRecord,
  type DonationState,
  type DonorAggregateState,
  type DonorLinkInput,
  type LinkedExcess,
} from '#domain';
import { handleCommand, LEDGER_STORE, loadState, loadStreams, streamLoad, type LedgerStore, type Loaded } from '#ledger';
import { linkedDonorsOf } from './linked-donors.js';
import { ReviewService } from './review.service.js';

type Registered = Extract<CommitteeState, { status: 'registered' }>;

export interface LinkContext {
  officer: string;
  correlationId: string;
  traceId?: string;
  now: string;
}

export interface DonorLinkResult {
  linkId: string;
  linkedAt: string;
  held: { donationId: string; donorId: string; electionId: string; excessMinor: bigint; dueOn: string }[];
}

export interface DonorUnlinkResult {
  linkId: string;
  donorId: string;
  linkedDonorId: string;
  unlinkedAt: string;
}

/**
 * An officer links two donor identities of a committee (issue 14, item 12): the link on both
 * donors' aggregates in one command, then the excess that counting them together creates held
 * on their latest donations for a remedy, like any excess. Compliance judges every later
 * donation of either against both (ComplianceHandler reads the linked aggregates).
 */
@Injectable()
export class DonorLinksService {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    private readonly reviews: ReviewService,
  ) {}

  async link(committee: Registered, input: DonorLinkInput, ctx: LinkContext): Promise<DonorLinkResult> {
    const { committeeId } = committee;
    const otherStream = donorAggregateStreamId(committeeId, input.linkedDonorId);
    const result = await handleCommand(this.ledger, donorAggregateStreamId(committeeId, input.donorId), donorAggregateFold, async (own) => {
      const other = await loadState(this.ledger, otherStream, donorAggregateFold);
      const command = { type: 'LinkDonorIdentities' as const, committeeId, ...input, officer: ctx.officer, correlationId: ctx.correlationId, decidedAt: ctx.now };
      const [onOwn, onOther] = linkDonorIdentities(command, own, other.state);
      const traced = <E extends { metadata: EventMetadata }>(e: E): E => (ctx.traceId ? { ...e, metadata: { ...e.metadata, traceId: ctx.traceId } } : e);
      return { events: [traced(onOwn)], followUps: [{ streamId: otherStream, events: [traced(onOther)], expected: other.revision ?? 'no_stream' }] };
    });
    const linkId = result.events[0].metadata.causationId;
    const held = await this.holdExcess(committee, input.donorId, result.after, linkId, ctx);
    await this.reviews.refreshIndexes(held.map((h) => h.payload.donationId));
    return {
      linkId,
      linkedAt: ctx.now,
      held: held.map(({ payload: p }) => ({ donationId: p.donationId, donorId: p.donorId, electionId: p.electionId, excessMinor: parseMinor(p.excessAmountMinor), dueOn: p.dueOn })),
    };
  }

  /**
   * The link's excess held again from the bus, should the API's process have stopped between
   * the link and the hold: what earlier holds of the group still hold is subtracted first
   * (excessOfLinkedDonors' `outstandingMinor`), and the ids derive from the link, so a hold made
   * already is made again as a duplicate or not at all.
   */
  async holdAfterLink(event: RecordedEvent<'DonorIdentitiesLinked', DonorIdentitiesLinkedV1>): Promise<void> {
    const { committeeId, donorId, officer } = event.payload;
    const linkId = event.metadata.causationId;
    const [committee, own] = await Promise.all([loadState(this.ledger, committeeStreamId(committeeId), committeeFold), loadState(this.ledger, donorAggregateStreamId(committeeId, donorId), donorAggregateFold)]);
    // A link undone since holds nothing more: its donors count apart again.
    if (committee.state.status !== 'registered' || own.state.links.get(linkId)?.inForce !== true) return;
    const ctx = { officer, correlationId: event.metadata.correlationId, now: event.metadata.occurredAt, ...(event.metadata.traceId ? { traceId: event.metadata.traceId } : {}) };
    const held = await this.holdExcess(committee.state, donorId, own.state, linkId, ctx);
    await this.reviews.refreshIndexes(held.map((h) => h.payload.donationId));
  }

  /**
   * An officer undoes a link made in error (issue 14, item 12): the undoing on both donors'
   * aggregates in one command, after which each donation of either is judged against its own
   * aggregate again. The link is found by its id among the committee's link facts.
   */
  async unlink(committee: Registered, linkId: string, reason: string, ctx: LinkContext): Promise<DonorUnlinkResult> {
    const { committeeId } = committee;
    const linked = await this.findLink(committeeId, linkId);
    if (linked === null) return reject('donor_link_not_found', `committee ${committeeId} has no donor link ${linkId}`);
    const { donorId, linkedDonorId } = linked;
    const otherStream = donorAggregateStreamId(committeeId, linkedDonorId);
    const result = await handleCommand(this.ledger, donorAggregateStreamId(committeeId, donorId), donorAggregateFold, async (own) => {
      const other = await loadState(this.ledger, otherStream, donorAggregateFold);
      const command = { type: 'UnlinkDonorIdentities' as const, committeeId, linkId, reason, officer: ctx.officer, correlationId: ctx.correlationId, decidedAt: ctx.now };
      const [onOwn, onOther] = unlinkDonorIdentities(command, donorId, own, other.state);
      const traced = (e: DonorIdentitiesUnlinked): DonorIdentitiesUnlinked => (ctx.traceId ? { ...e, metadata: { ...e.metadata, traceId: ctx.traceId } } : e);
      return { events: [traced(onOwn)], followUps: [{ streamId: otherStream, events: [traced(onOther)], expected: other.revision ?? 'no_stream' }] };
    });
    return { linkId, donorId, linkedDonorId, unlinkedAt: result.events[0].metadata.occurredAt };
  }

  /**
   * The donors of a link, from its first fact on the committee's donor aggregates: read by event
   * type (the ledgers index it), so the cost is the number of links ever made, not the ledger's
   * size, and only on this rare officer's request.
   */
  private async findLink(committeeId: string, linkId: string): Promise<{ donorId: string; linkedDonorId: string } | null> {
    const filter = { eventTypes: ['DonorIdentitiesLinked'], streamPrefixes: [donorAggregateStreamId(committeeId, '')] };
    for (let after: number | null = null; ; ) {
      const page = await this.ledger.readAll({ after, maxCount: 500, filter });
      const found = page.find((e) => e.metadata.causationId === linkId && (e.payload as DonorIdentitiesLinkedV1).committeeId === committeeId);
      if (found) return found.payload as DonorIdentitiesLinkedV1;
      if (page.length === 0) return null;
      after = page[page.length - 1].position;
    }
  }

  /** The excess of the whole linked group, held on its latest donations (ids derived from the link). */
  private async holdExcess(committee: Registered, donorId: string, own: DonorAggregateState, linkId: string, ctx: LinkContext): Promise<ExcessiveContributionHeld[]> {
    const group = [{ donorId, state: own }, ...(await linkedDonorsOf(this.ledger, committee.committeeId, donorId, own))];
    const donationIds = group.flatMap((g) => [...g.state.counted.keys()]);
    const loaded = (await loadStreams(this.ledger, donationIds.map((id) => streamLoad(donationStreamId(id), donationFold)))) as readonly Loaded<DonationState>[];
    const donations = new Map(loaded.flatMap((l, i): [string, DonationRecord][] => (l.state.status === 'none' ? [] : [[donationIds[i], l.state]])));
    const alreadyHeld = new Set([...donations].filter(([, d]) => d.excessHeld !== null).map(([id]) => id));
    const excesses = excessOfLinkedDonors(group, (electionId) => this.limitOf(committee, electionId, donations), alreadyHeld, outstandingLinkExcess(group, donations));
    const events = excesses.flatMap((excess) => this.heldEvent(committee, excess, donations.get(excess.donationId), group, linkId, ctx));
    if (events.length > 0) await this.ledger.appendMany(events.map((e) => ({ streamId: donationStreamId(e.payload.donationId), events: [e], expected: 'any' as const })));
    return events;
  }

  private limitOf(committee: Registered, electionId: string, donations: ReadonlyMap<string, DonationRecord>): bigint | null {
    const any = [...donations.values()][0];
    if (!any) return null;
    const { pack } = contributionPack(committee, electionId, any.received.receivedAt);
    return aggregateLimitOf(pack, any.received.donor.type);
  }

  private heldEvent(committee: Registered, excess: LinkedExcess, donation: DonationRecord | undefined, group: readonly { donorId: string; state: DonorAggregateState }[], linkId: string, ctx: LinkContext): ExcessiveContributionHeld[] {
    if (!donation) return [];
    const { pack } = contributionPack(committee, excess.electionId, donation.received.receivedAt);
    const limitMinor = aggregateLimitOf(pack, donation.received.donor.type) ?? 0n;
    const togetherMinor = group.reduce((sum, g) => sum + (g.state.byElection.get(excess.electionId) ?? 0n), 0n);
    const metadata: EventMetadata = { occurredAt: ctx.now, correlationId: ctx.correlationId, causationId: linkId, committeeId: committee.committeeId, actor: ctx.officer, ...(ctx.traceId ? { traceId: ctx.traceId } : {}) };
    return [linkedExcessHeldEvent({ excess, received: donation.received, pack, linkId, linkedDonorIds: group.map((g) => g.donorId), limitMinor, togetherMinor, metadata })];
  }
}

/**
 * What earlier links hold, per election, of money still counted: an excess held on a donation
 * counted in full (only a link holds such an excess), less what was refunded of it since.
 */
function outstandingLinkExcess(group: readonly { state: DonorAggregateState }[], donations: ReadonlyMap<string, DonationRecord>): Map<string, bigint> {
  const outstanding = new Map<string, bigint>();
  for (const { state } of group) {
    for (const [donationId, counted] of state.counted) {
      const donation = donations.get(donationId);
      if (!donation?.excessHeld || counted.amountMinor < parseMinor(donation.received.amountMinor)) continue;
      const left = donation.excessHeld.amountMinor - donation.refundedAmountMinor;
      if (left > 0n) outstanding.set(counted.electionId, (outstanding.get(counted.electionId) ?? 0n) + left);
    }
  }
  return outstanding;
}
