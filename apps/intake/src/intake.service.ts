import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  campaignStreamId,
  committeeStreamId,
  deterministicId,
  donationStreamId,
  type DonorAttribution,
  type DonorPersonalData,
  type PublicAcknowledgement,
  type DonorSnapshot,
  type EventMetadata,
} from '#contracts';
import {
  campaignFold,
  changeCommitteeTimeZone,
  type CampaignInput,
  type CampaignState,
  committeeFold,
  type CommitteeInput,
  type TimeZoneChangeInput,
  type CommitteeState,
  detailsGivenOf,
  donationFold,
  type DonationInput,
  type DonationState,
  donorIdOf,
  type AttributionInput,
  type DonorInput,
  initialCommitteeState,
  matchKeysOf,
  openCampaign,
  type ReceiveDonation,
  receiveDonation,
  registerCommittee,
} from '#domain';
import { BoundedAggregateCache, handleCommand, LEDGER_STORE, loadState, loadStreams, streamLoad, type LedgerStore } from '#ledger';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '#personal-data';
import { CONFIG, type HustingsConfig, type PublicRequestContext , requestFactMetadata } from '#platform';

/**
 * What the facts of intake's use cases record: the platform's request context without the
 * caller's key and roles, which the recurring scheduler, acting without a request, gives too.
 */
export type RequestContext = PublicRequestContext;

const STREAMS_KEPT = 10_000;

/** Intake's use cases: load the stream, let the decider decide, append with the revision read. */
@Injectable()
export class IntakeService {
  /** Committees and campaigns change seldom and are read on every donation: kept, caught up on each read. */
  private readonly committees = new BoundedAggregateCache<CommitteeState>(STREAMS_KEPT);
  private readonly campaigns = new BoundedAggregateCache<CampaignState>(STREAMS_KEPT);

  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(CONFIG) private readonly config: HustingsConfig,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  private metadata(ctx: RequestContext, committeeId: string, donorId?: string): EventMetadata {
    return requestFactMetadata(ctx, committeeId, donorId);
  }

  async registerCommittee(input: CommitteeInput, ctx: RequestContext) {
    const committeeId = input.committeeId ?? randomUUID();
    const streamId = committeeStreamId(committeeId);
    const { events } = await handleCommand(this.ledger, streamId, committeeFold, (committee) =>
      registerCommittee(
        {
          type: 'RegisterCommittee',
          eventId: randomUUID(),
          metadata: this.metadata(ctx, committeeId),
          data: { ...input, committeeId, registeredBy: ctx.actor, tenantId: ctx.tenantId },
        },
        committee,
      ),
    );
    return events[0].payload;
  }

  /** A committee's zone changes from now on, with the reason; asking for the zone in force writes nothing. */
  async changeCommitteeTimeZone(committeeId: string, input: TimeZoneChangeInput, ctx: RequestContext) {
    const { after } = await handleCommand(this.ledger, committeeStreamId(committeeId), committeeFold, (committee) =>
      changeCommitteeTimeZone(
        { type: 'ChangeCommitteeTimeZone', eventId: randomUUID(), metadata: this.metadata(ctx, committeeId), data: { committeeId, ...input, changedBy: ctx.actor } },
        committee,
      ),
    );
    return after;
  }

  /** Caught up from the state this process kept: only what was appended since is read. */
  async committee(committeeId: string) {
    const [committee] = await loadStreams(this.ledger, [streamLoad(committeeStreamId(committeeId), committeeFold, this.committees)]);
    return committee.state;
  }

  async openCampaign(input: CampaignInput, ctx: RequestContext) {
    const campaignId = input.campaignId ?? randomUUID();
    const streamId = campaignStreamId(campaignId);
    const [committee, campaign] = await Promise.all([
      this.committee(input.committeeId),
      loadState(this.ledger, streamId, campaignFold),
    ]);
    const { events } = await handleCommand(
      this.ledger,
      streamId,
      campaignFold,
      (state) =>
        openCampaign(
          {
            type: 'OpenCampaign',
            eventId: randomUUID(),
            metadata: this.metadata(ctx, input.committeeId),
            data: { ...input, campaignId, opensAt: input.opensAt ?? ctx.now },
            committee,
          },
          state,
        ),
      // Read beside the committee, one round trip's wait instead of two.
      { alreadyRead: campaign },
    );
    return events[0].payload;
  }

  async campaign(campaignId: string) {
    const [campaign] = await loadStreams(this.ledger, [streamLoad(campaignStreamId(campaignId), campaignFold, this.campaigns)]);
    return campaign.state;
  }

  /**
   * The campaign, its committee and the donation's stream in one read of the ledger when this
   * process has seen the campaign before (its committee never changes), in two otherwise.
   */
  private async donationContext(campaignId: string, donationId: string) {
    const known = this.campaigns.get(campaignStreamId(campaignId))?.state;
    const knownCommitteeId = known?.status === 'opened' ? known.committeeId : null;
    const [campaign, donation, committee] = await loadStreams(this.ledger, [
      streamLoad(campaignStreamId(campaignId), campaignFold, this.campaigns),
      streamLoad(donationStreamId(donationId), donationFold),
      ...(knownCommitteeId === null ? [] : [streamLoad(committeeStreamId(knownCommitteeId), committeeFold, this.committees)]),
    ]);
    if (campaign.state.status !== 'opened') return { campaign: campaign.state, committee: initialCommitteeState(), donation };
    return { campaign: campaign.state, committee: committee?.state ?? (await this.committee(campaign.state.committeeId)), donation };
  }

  /**
   * Appends DonationReceived. The event id derives from the donation id, so a client that
   * retries with the same donation id writes nothing new and gets the same answer.
   * `assignedId` names the donation when the client did not (derived from its Idempotency-Key).
   */
  async receiveDonation(campaignId: string, input: DonationInput, ctx: RequestContext, assignedId?: string): Promise<{ donationId: string; created: boolean }> {
    const { donationId: chosenId, donor: given, payment, receivedAt, deviceFingerprint, publicAcknowledgement, ...asGiven } = input;
    const donationId = chosenId ?? assignedId ?? randomUUID();
    // The ledger is read while the donor's details are sealed: neither waits for the other.
    const context = this.donationContext(campaignId, donationId);
    context.catch(() => undefined);
    const identified = this.identify(given, ctx.tenantId);
    const [donor, acknowledgement] = await Promise.all([
      this.snapshotOf(campaignId, donationId, given, ctx.tenantId, identified),
      this.publicAcknowledgement(identified, ctx.tenantId, publicAcknowledgement),
    ]);
    return this.recordDonation(
      {
        // What the event carries as the form gave it (amount, currency, election, …): a new field passes through.
        ...carriedAsGiven(asGiven),
        donationId,
        campaignId,
        donor,
        payment: { method: payment.method, pspReference: payment.pspReference, inKind: payment.inKind },
        receivedAt: receivedAt ?? ctx.now,
        // Keyed here, where the plaintext is: compliance matches structuring on these alone.
        matchKeys: matchKeysOf(this.config.donorIdKey, ctx.tenantId, {
          paymentInstrument: payment.instrumentFingerprint ?? payment.pspReference,
          address: given.address,
          email: given.email,
          device: deviceFingerprint ?? null,
          donor: { type: donor.type, name: given.name, postalCode: given.address?.postalCode ?? null },
        }),
        publicAcknowledgement: acknowledgement,
      },
      ctx,
      context,
    );
  }

  /**
   * The display name enters the ledger sealed with the donor's key, as a personal-data record
   * of that name alone, so erasing the donor erases it from the wall and from every copy.
   * The parser has made sure the donor is named (anonymous donors have no key).
   */
  private async publicAcknowledgement(donorId: string | null, tenantId: string, consent: DonationInput['publicAcknowledgement']): Promise<PublicAcknowledgement | null> {
    if (consent === null) return null;
    if (donorId === null) throw new Error('an acknowledged donor is always named (parseDonationRequest)');
    const record: DonorPersonalData = { name: consent.displayName, address: null, email: null, occupation: null, employer: null };
    return { sealedDisplayName: await this.vault.seal(donorId, tenantId, record), showAmount: consent.showAmount };
  }

  /**
   * The donor as the ledger keeps it. An anonymous donor is named after `referenceId`: the
   * donation, or the recurring plan whose instalments all carry this one snapshot.
   * `tenantId` is the tenant of the campaign's committee (the caller's, which the controller
   * has checked owns the campaign): donor ids and donor keys are that tenant's own.
   */
  async donorSnapshot(campaignId: string, referenceId: string, donor: DonorInput, tenantId: string): Promise<DonorSnapshot> {
    return this.snapshotOf(campaignId, referenceId, donor, tenantId, this.identify(donor, tenantId));
  }

  /** The keyed donor id of a named donor (the tenant's own), null for an anonymous one. */
  private identify(donor: Pick<DonorInput, 'type' | 'name' | 'address'>, tenantId: string): string | null {
    return donorIdOf(this.config.donorIdKey, tenantId, { type: donor.type, name: donor.name, postalCode: donor.address?.postalCode ?? null });
  }

  /** donorSnapshot, for a donor already identified. */
  private async snapshotOf(campaignId: string, referenceId: string, donor: DonorInput, tenantId: string, identified: string | null): Promise<DonorSnapshot> {
    const donorId = identified ?? `anonymous-${deterministicId('anonymous-donor', campaignId, referenceId)}`;
    // Personal data enters the ledger only sealed with the donor's own key (crypto-shredding);
    // the decider never compares sealed data, whose nonce differs on every sealing.
    const sealedPii = identified === null ? null : await this.vault.seal(identified, tenantId, personalDataOf(donor));
    const attribution = donor.attribution ? await this.attributionOf(donor.attribution, tenantId) : null;
    return {
      donorId,
      type: donor.type,
      sealedPii,
      attestations: donor.attestations,
      detailsGiven: detailsGivenOf(donor),
      registrationNumber: donor.registrationNumber,
      ...(attribution ? { attribution } : {}),
    };
  }

  /**
   * Each partner or member is identified as if they gave themselves (the same keyed donor id),
   * so compliance counts their share with their own gifts (11 CFR 110.1(e)); their details are
   * sealed with their own key, and erasing them erases them from the partnership's gifts too.
   */
  private async attributionOf(input: AttributionInput, tenantId: string): Promise<DonorAttribution> {
    const shares = await Promise.all(
      input.partners.map(async ({ donor, amountMinor }) => {
        const donorId = this.identify(donor, tenantId);
        if (donorId === null) throw new Error('a partner is always named (parseDonor)');
        // What the partner is and what they attested travel with the share: the rules refuse a prohibited partner's part.
        const said = { ...(donor.type === 'individual' ? {} : { type: donor.type }), ...(Object.keys(donor.attestations).length > 0 ? { attestations: donor.attestations } : {}) };
        return { donorId, amountMinor: amountMinor.toString(), sealedPii: await this.vault.seal(donorId, tenantId, personalDataOf(donor)), detailsGiven: detailsGivenOf(donor), ...said };
      }),
    );
    return { basis: input.basis, shares };
  }

  /**
   * Decides and appends DonationReceived for a donor already snapshotted: a donation just
   * taken, or a recurring instalment with its plan's donor. The donation decider applies the
   * same rules to both, and compliance decides both alike from the received fact.
   */
  async recordDonation(
    data: ReceiveDonation['data'],
    ctx: RequestContext,
    context: ReturnType<IntakeService['donationContext']> = this.donationContext(data.campaignId, data.donationId),
  ): Promise<{ donationId: string; created: boolean }> {
    const { donationId } = data;
    const { campaign, committee, donation: read } = await context;
    const streamId = donationStreamId(donationId);
    const command: ReceiveDonation = {
      type: 'ReceiveDonation',
      eventId: deterministicId('donation-received', donationId),
      metadata: this.metadata(ctx, campaign.status === 'opened' ? campaign.committeeId : 'unknown', data.donor.donorId),
      data,
      campaign,
      committee,
    };
    const { events, duplicate } = await handleCommand(this.ledger, streamId, donationFold, (donation) => receiveDonation(command, donation), { alreadyRead: read });
    if (events.length === 0) return { donationId, created: false };
    if (duplicate) {
      // A concurrent request with the same donation id was appended first (the event id derives
      // from the donation id; the ledger answers duplicate whatever the expected revision, also
      // to two scheduler replicas on one instalment): decide again against what it stored, so a
      // retry answers as a duplicate and different content is refused, instead of both answering
      // "created".
      receiveDonation(command, await this.donation(donationId));
      return { donationId, created: false };
    }
    return { donationId, created: true };
  }

  /** Read from the ledger itself, so a caller always sees its own write. */
  async donation(donationId: string): Promise<DonationState> {
    return (await loadState(this.ledger, donationStreamId(donationId), donationFold)).state;
  }
}

/**
 * The input's members passed to the command as they are. Only members the command's data
 * declares compile: an input-only member (a fingerprint, plaintext) must be taken out above,
 * so it can never slip into the ledger.
 */
function carriedAsGiven<T extends object>(fields: T & (Exclude<keyof T, keyof ReceiveDonation['data']> extends never ? unknown : never)): T {
  return fields;
}

function personalDataOf(donor: DonorInput): DonorPersonalData {
  return { name: donor.name ?? '', address: donor.address, email: donor.email, occupation: donor.occupation, employer: donor.employer };
}
