import { Controller, Get, Inject, Param } from '@nestjs/common';
import { donationStreamId, reviewStreamId, type RecordedEvent } from '#contracts';
import { owns } from '#domain';
import { LEDGER_STORE, verifyStreamChain, type LedgerStore } from '#ledger';
import { HttpProblem, idOf, problem, RequestContext, Roles, TenantScope } from '#platform';

const eventView = (event: RecordedEvent) => ({
  position: event.position,
  revision: event.revision,
  eventId: event.eventId,
  type: event.type,
  version: event.version,
  occurredAt: event.metadata.occurredAt,
  recordedAt: event.recordedAt,
  actor: event.metadata.actor ?? null,
  causationId: event.metadata.causationId,
  prevHash: event.prevHash,
  hash: event.hash,
  payload: event.payload,
});

/**
 * A donation's facts as the ledger holds them, its own stream and its review's, each with
 * whether its hash chain verifies (every hash recomputed from the event, every link to the one
 * before): what the console's donation page shows an officer or an auditor. Payloads are as
 * recorded: money as decimal strings, donors' personal data sealed.
 */
@Controller('v1')
export class DonationLedgerController {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    private readonly scope: TenantScope,
  ) {}

  @Get('donations/:donationId/ledger')
  @Roles('officer', 'auditor')
  async ledgerOf(@Param('donationId', idOf('donation', { code: 'donation_not_found' })) donationId: string, @RequestContext() ctx: RequestContext) {
    const [donation, review] = await Promise.all([this.ledger.readStream(donationStreamId(donationId)), this.ledger.readStream(reviewStreamId(donationId))]);
    const committeeId = donation[0]?.metadata.committeeId;
    if (!committeeId || !owns(ctx, await this.scope.tenantOfCommittee(committeeId))) {
      throw new HttpProblem(problem('donation_not_found', `donation ${donationId} does not exist`));
    }
    const streams = [donation, review].filter((events) => events.length > 0);
    return {
      donationId,
      verified: streams.every((events) => verifyStreamChain(events).ok),
      streams: streams.map((events) => ({ streamId: events[0].streamId, chain: verifyStreamChain(events), events: events.map(eventView) })),
    };
  }
}
