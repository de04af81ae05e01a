import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { campaignStreamId, checkoutStreamId, committeeStreamId, conduitStreamId, deterministicId, donationStreamId, forwardingStreamId, recipientEarmarksStreamId, withTrace, type EventMetadata } from '#contracts';
import {
  addConduitRecipient,
  evolveCampaign,
  evolveCheckout,
  evolveCommittee,
  evolveConduit,
  evolveDonation,
  earmarksReceivedOf,
  evolveForwarding,
  initialCampaignState,
  initialCheckoutState,
  initialCommitteeState,
  initialConduitState,
  initialDonationState,
  initialForwardingState,
  matchKeysOf,
  receiveCheckout,
  recordForwarding,
  registerConduit,
  paymentFactId,
  recordCheckoutPayment,
  sharePartEventId,
  type CheckoutInput,
  type CheckoutState,
  type CommitteeState,
  type ConduitState,
  type DonationState,
  type RecipientInput,
  type CheckoutPaymentNotice,
} from '#domain';
import { BoundedAggregateCache, handleCommand, LEDGER_STORE, loadStreams, streamLoad, type LedgerStore } from '#ledger';
import { CONFIG, fail, type HustingsConfig , requestFactMetadata } from '#platform';
import { IntakeService, type RequestContext } from './intake.service.js';

const STREAMS_KEPT = 10_000;
const conduitFold = { evolve: evolveConduit, initialState: initialConduitState };
const checkoutFold = { evolve: evolveCheckout, initialState: initialCheckoutState };
const committeeFold = { evolve: evolveCommittee, initialState: initialCommitteeState };
const campaignFold = { evolve: evolveCampaign, initialState: initialCampaignState };
const donationFold = { evolve: evolveDonation, initialState: initialDonationState };
const forwardingFold = { evolve: evolveForwarding, initialState: initialForwardingState };

/** An outside recipient's committee id: one per conduit and FEC id, so listing it again names the same committee. */
export const outsideRecipientId = (conduitCommitteeId: string, fecId: string): string => deterministicId('outside-recipient', conduitCommitteeId, fecId);

/**
 * A conduit's use cases: registering, listing recipients, split checkouts and the reversal of
 * their one payment. Every write goes through handleCommand; a checkout and its shares are one
 * atomic append (the shares are the decision's follow-ups).
 */
@Injectable()
export class ConduitService {
  /** Conduits, campaigns and recipients change seldom and are read on every checkout: kept, caught up on each read. */
  private readonly conduits = new BoundedAggregateCache<ConduitState>(STREAMS_KEPT);
  private readonly committees = new BoundedAggregateCache<CommitteeState>(STREAMS_KEPT);
  private readonly campaigns = new BoundedAggregateCache<ReturnType<typeof initialCampaignState>>(STREAMS_KEPT);

  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(CONFIG) private readonly config: HustingsConfig,
    private readonly intake: IntakeService,
  ) {}

  private metadata(ctx: RequestContext, committeeId: string, donorId?: string): EventMetadata {
    return requestFactMetadata(ctx, committeeId, donorId);
  }

  async conduit(committeeId: string): Promise<ConduitState> {
    const [conduit] = await loadStreams(this.ledger, [streamLoad(conduitStreamId(committeeId), conduitFold, this.conduits)]);
    return conduit.state;
  }

  async registerConduit(committeeId: string, fecId: string, ctx: RequestContext) {
    const committee = await this.intake.committee(committeeId);
    const { after } = await handleCommand(this.ledger, conduitStreamId(committeeId), conduitFold, (state) =>
      registerConduit({ type: 'RegisterConduit', eventId: randomUUID(), metadata: this.metadata(ctx, committeeId), data: { fecId, registeredBy: ctx.actor }, committee }, state),
    );
    return viewOfConduit(after);
  }

  /** An outside recipient is first kept as a committee of the tenant (once), then listed. */
  async addRecipient(conduitCommitteeId: string, input: RecipientInput, ctx: RequestContext) {
    const recipientId = input.kind === 'hustings' ? input.committeeId : outsideRecipientId(conduitCommitteeId, input.fecId);
    if (input.kind === 'outside' && (await this.intake.committee(recipientId)).status !== 'registered') {
      await this.intake.registerCommittee({ ...input.committee, committeeId: recipientId }, ctx);
    }
    const recipient = await this.intake.committee(recipientId);
    const { after } = await handleCommand(this.ledger, conduitStreamId(conduitCommitteeId), conduitFold, (state) =>
      addConduitRecipient({ type: 'AddConduitRecipient', eventId: randomUUID(), metadata: this.metadata(ctx, conduitCommitteeId), data: { kind: input.kind, fecId: input.fecId }, recipient }, state),
    );
    return viewOfConduit(after);
  }

  /**
   * One payment split across recipients: the donor is sealed once, and the campaign, the
   * conduit, the checkout and every recipient are read in one round trip; then the checkout and
   * a DonationReceived per share are appended together. `assignedId` names the checkout when
   * the client did not (derived from its Idempotency-Key).
   */
  async receiveCheckout(campaignId: string, input: CheckoutInput, ctx: RequestContext, assignedId: string) {
    const checkoutId = input.checkoutId ?? assignedId;
    const donor = await this.intake.donorSnapshot(campaignId, checkoutId, input.donor, ctx.tenantId);
    const recipientIds = input.allocations.map((a) => a.recipientCommitteeId).slice(0, 50);
    const [campaign, checkout, ...recipients] = await loadStreams(this.ledger, [
      streamLoad(campaignStreamId(campaignId), campaignFold, this.campaigns),
      streamLoad(checkoutStreamId(checkoutId), checkoutFold),
      ...recipientIds.map((id) => streamLoad(committeeStreamId(id), committeeFold, this.committees)),
    ]);
    const conduit = campaign.state.status === 'opened' ? await this.conduit(campaign.state.committeeId) : initialConduitState();
    const command = {
      type: 'ReceiveCheckout' as const,
      eventId: deterministicId('checkout-received', checkoutId),
      metadata: this.metadata(ctx, campaign.state.status === 'opened' ? campaign.state.committeeId : 'unknown', donor.donorId),
      data: {
        checkoutId,
        campaignId,
        amountMinor: input.amountMinor,
        currency: input.currency,
        donor,
        // A conduit forwards money: a checkout is never a gift in kind.
        payment: { method: input.payment.method, pspReference: input.payment.pspReference, inKind: null },
        receivedAt: input.receivedAt ?? ctx.now,
        matchKeys: matchKeysOf(this.config.donorIdKey, ctx.tenantId, {
          paymentInstrument: input.payment.instrumentFingerprint ?? input.payment.pspReference,
          address: input.donor.address,
          email: input.donor.email,
          device: input.deviceFingerprint ?? null,
          donor: { type: donor.type, name: input.donor.name, postalCode: input.donor.address?.postalCode ?? null },
        }),
        // The donor wall names donors per donation; a split names none until a share's consent is asked for.
        publicAcknowledgement: null,
        allocations: input.allocations,
      },
      campaign: campaign.state,
      conduit,
      recipients: new Map(recipientIds.map((id, i) => [id, recipients[i].state])),
    };
    const { after, events } = await handleCommand(
      this.ledger,
      checkoutStreamId(checkoutId),
      checkoutFold,
      (state) => {
        const decision = receiveCheckout(command, state);
        return { events: decision.checkout, followUps: decision.shares.map(({ streamId, event }) => ({ streamId, events: [event] })) };
      },
      { alreadyRead: checkout },
    );
    return { checkoutId, created: events.length > 0, state: after };
  }

  /**
   * Records a transfer of accepted shares to one recipient on the campaign's forwarding stream,
   * guarded by its revision, so two officers cannot forward one share twice. The shares are
   * read beside it in one round trip: a staff action, not the donation path.
   */
  async recordForwarding(campaignId: string, conduitCommitteeId: string, input: ForwardingInput, ctx: RequestContext) {
    const conduit = await this.conduit(conduitCommitteeId);
    if (conduit.status !== 'registered') fail('not_found', `campaign ${campaignId} is not a conduit's`);
    const [forwarding, ...shares] = await loadStreams(this.ledger, [
      streamLoad(forwardingStreamId(campaignId), forwardingFold),
      ...input.donationIds.map((id) => streamLoad(donationStreamId(id), donationFold)),
    ]);
    const sharesById = new Map(input.donationIds.map((id, i) => [id, shares[i].state]));
    const { after } = await handleCommand(
      this.ledger,
      forwardingStreamId(campaignId),
      forwardingFold,
      (state) => {
        const events = recordForwarding(
          {
            type: 'RecordForwarding',
            eventId: deterministicId('earmarks-forwarded', campaignId, input.batchId),
            metadata: this.metadata(ctx, conduitCommitteeId),
            data: { ...input, conduitCommitteeId, campaignId, recordedBy: ctx.actor },
            shares: sharesById,
          },
          state,
        );
        // The recipient's own ledger records the same transfer, the conduit named, in the same append.
        const followUps = events.map((event) => ({ streamId: recipientEarmarksStreamId(event.payload.recipientCommitteeId), events: [earmarksReceivedOf(event, conduit)] }));
        return { events, followUps };
      },
      { alreadyRead: forwarding },
    );
    const batch = after.batches.get(input.batchId);
    return batch && { ...batch, amountMinor: Number(batch.amountMinor) };
  }

  /** The checkout and each share's donation as decided so far, read from the ledger itself. */
  async checkout(checkoutId: string): Promise<{ checkout: CheckoutState; shares: Map<string, DonationState> }> {
    const [checkout] = await loadStreams(this.ledger, [streamLoad(checkoutStreamId(checkoutId), checkoutFold)]);
    if (checkout.state.status !== 'received') return { checkout: checkout.state, shares: new Map() };
    const ids = checkout.state.received.shares.map((s) => s.donationId);
    const shares = await loadStreams(this.ledger, ids.map((id) => streamLoad(donationStreamId(id), donationFold)));
    return { checkout: checkout.state, shares: new Map(ids.map((id, i) => [id, shares[i].state])) };
  }

  /**
   * A provider's notice about a checkout's one payment, recorded on the checkout and on every
   * share in one atomic append (appendMany, where the ledger has it): a capture or failure on
   * each share for its own amount, a refund or chargeback spread pro rata (the spread on the
   * checkout, each share's part on the share). Each share is appended at the revision it was
   * decided on, so a refund of one share racing this one is a lost race, decided again. On a
   * ledger without multi-stream transactions the parts follow the checkout's append, and a
   * retry after a failure completes the ones not yet written.
   */
  async recordPayment(checkoutId: string, notice: CheckoutPaymentNotice, ctx: RequestContext) {
    const { after } = await handleCommand(this.ledger, checkoutStreamId(checkoutId), checkoutFold, async (state) => {
      const ids = state.status === 'received' ? state.received.shares.map((s) => s.donationId) : [];
      const loaded = await loadStreams(this.ledger, ids.map((id) => streamLoad(donationStreamId(id), donationFold)));
      const shares = new Map(ids.map((id, i) => [id, loaded[i].state]));
      const decision = recordCheckoutPayment({ type: 'RecordCheckoutPayment', notice, correlationId: ctx.correlationId, actor: 'payment-webhook', shares }, state);
      const revisionOf = new Map(ids.map((id, i) => [id, loaded[i].revision]));
      const followUps = decision.shares.map(({ donationId, facts }) => ({
        streamId: donationStreamId(donationId),
        events: withTrace(facts, ctx.traceId),
        expected: revisionOf.get(donationId) ?? ('no_stream' as const),
      }));
      return { events: decision.checkout, followUps };
    });
    if (after.status !== 'received') return { checkoutId, pspEventId: notice.pspEventId, kind: notice.kind, policy: 'whole' as const, parts: [] };
    const spread = after.reversals.get(notice.pspEventId);
    const parts = spread ? spread.parts : after.received.shares.map(({ donationId, amountMinor }) => ({ donationId, amountMinor }));
    return {
      checkoutId,
      pspEventId: notice.pspEventId,
      kind: notice.kind,
      policy: spread ? ('pro_rata' as const) : ('whole' as const),
      parts: parts.map((p) => ({ donationId: p.donationId, amountMinor: Number(p.amountMinor), eventId: paymentFactId(sharePartEventId(notice.pspEventId, p.donationId)) })),
    };
  }
}

/** What a conduit officer records of one transfer to one recipient. */
export interface ForwardingInput {
  batchId: string;
  recipientCommitteeId: string;
  forwardedOn: string;
  donationIds: string[];
}

export function viewOfConduit(state: ConduitState) {
  if (state.status !== 'registered') return { status: 'none' as const };
  const { status: _status, recipients, ...conduit } = state;
  return { ...conduit, recipients: [...recipients.values()] };
}
