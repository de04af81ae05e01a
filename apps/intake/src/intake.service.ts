import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  campaignStreamId,
  committeeStreamId,
  deterministicId,
  donationStreamId,
  type EventMetadata,
} from '#contracts';
import {
  evolveCampaign,
  evolveCommittee,
  evolveDonation,
  initialCampaignState,
  initialCommitteeState,
  initialDonationState,
  openCampaign,
  receiveDonation,
  registerCommittee,
  donorIdOf,
  type CampaignInput,
  type CommitteeInput,
  type DonationInput,
  type DonationState,
  type ReceiveDonation,
} from '#domain';
import { LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import { CONFIG, type HustingsConfig } from '#platform';

export interface RequestContext {
  correlationId: string;
  actor: string;
  /** The caller's tenant: what it creates belongs to it. */
  tenantId: string;
  now: string;
}

/** Intake's use cases: load the stream, let the decider decide, append with the revision read. */
@Injectable()
export class IntakeService {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(CONFIG) private readonly config: HustingsConfig,
  ) {}

  private metadata(ctx: RequestContext, committeeId: string, donorId?: string): EventMetadata {
    return { occurredAt: ctx.now, correlationId: ctx.correlationId, causationId: ctx.correlationId, committeeId, donorId, actor: ctx.actor };
  }

  async registerCommittee(input: CommitteeInput, ctx: RequestContext) {
    const committeeId = input.committeeId ?? randomUUID();
    const streamId = committeeStreamId(committeeId);
    const { state, revision } = await loadState(this.ledger, streamId, evolveCommittee, initialCommitteeState);
    const events = registerCommittee(
      {
        type: 'RegisterCommittee',
        eventId: randomUUID(),
        metadata: this.metadata(ctx, committeeId),
        data: { ...input, committeeId, registeredBy: ctx.actor, tenantId: ctx.tenantId },
      },
      state,
    );
    await this.ledger.append(streamId, events, revision ?? 'no_stream');
    return events[0].payload;
  }

  async committee(committeeId: string) {
    return (await loadState(this.ledger, committeeStreamId(committeeId), evolveCommittee, initialCommitteeState)).state;
  }

  async openCampaign(input: CampaignInput, ctx: RequestContext) {
    const campaignId = input.campaignId ?? randomUUID();
    const streamId = campaignStreamId(campaignId);
    const [committee, campaign] = await Promise.all([
      this.committee(input.committeeId),
      loadState(this.ledger, streamId, evolveCampaign, initialCampaignState),
    ]);
    const events = openCampaign(
      {
        type: 'OpenCampaign',
        eventId: randomUUID(),
        metadata: this.metadata(ctx, input.committeeId),
        data: { ...input, campaignId, opensAt: input.opensAt ?? ctx.now },
        committee,
      },
      campaign.state,
    );
    await this.ledger.append(streamId, events, campaign.revision ?? 'no_stream');
    return events[0].payload;
  }

  async campaign(campaignId: string) {
    return (await loadState(this.ledger, campaignStreamId(campaignId), evolveCampaign, initialCampaignState)).state;
  }

  /**
   * Appends DonationReceived. The event id derives from the donation id, so a client that
   * retries with the same donation id writes nothing new and gets the same answer.
   * `assignedId` names the donation when the client did not (derived from its Idempotency-Key).
   */
  async receiveDonation(campaignId: string, input: DonationInput, ctx: RequestContext, assignedId?: string): Promise<{ donationId: string; created: boolean }> {
    const donationId = input.donationId ?? assignedId ?? randomUUID();
    const campaign = await this.campaign(campaignId);
    const committee = campaign.status === 'opened' ? await this.committee(campaign.committeeId) : initialCommitteeState();
    const donorId = donorIdOf(this.config.donorIdKey, input.donor) ?? `anonymous-${deterministicId('anonymous-donor', campaignId, donationId)}`;
    const streamId = donationStreamId(donationId);
    const existing = await loadState(this.ledger, streamId, evolveDonation, initialDonationState);
    const command: ReceiveDonation = {
      type: 'ReceiveDonation',
      eventId: deterministicId('donation-received', donationId),
      metadata: this.metadata(ctx, campaign.status === 'opened' ? campaign.committeeId : 'unknown', donorId),
      data: {
        donationId,
        campaignId,
        amountMinor: input.amountMinor,
        currency: input.currency,
        // Personal data is not written to the ledger until the per-donor key vault lands (issue 4).
        donor: { donorId, type: input.donor.type, sealedPii: null, attestations: input.donor.attestations },
        payment: input.payment,
        electionId: input.electionId,
        receivedAt: input.receivedAt ?? ctx.now,
      },
      campaign,
      committee,
    };
    const events = receiveDonation(command, existing.state);
    if (events.length === 0) return { donationId, created: false };
    const appended = await this.ledger.append(streamId, events, existing.revision ?? 'no_stream');
    if (appended.duplicate) {
      // A concurrent request with the same donation id was appended first (the event id derives
      // from the donation id): decide again against what it stored, so a retry answers as a
      // duplicate and different content is refused, instead of both answering "created".
      receiveDonation(command, await this.donation(donationId));
      return { donationId, created: false };
    }
    return { donationId, created: true };
  }

  /** Read from the ledger itself, so a caller always sees its own write. */
  async donation(donationId: string): Promise<DonationState> {
    return (await loadState(this.ledger, donationStreamId(donationId), evolveDonation, initialDonationState)).state;
  }
}
