import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { deterministicId, donationStreamId } from '#contracts';
import { donationFold, owns, parseImpermissibleDisposalRequest, recordImpermissibleDisposal } from '#domain';
import { handleCommand, LEDGER_STORE, type LedgerStore } from '#ledger';
import { fail, idOf, RequestContext, requestFactMetadata, Roles, TenantScope } from '#platform';
import { IntakeService } from './intake.service.js';

/**
 * A compliance officer records how a donation the party may not keep was dealt with (PPERA
 * s.56(2), s.58; issue 14, item 7): returned to the donor or the transferor, paid to the
 * Electoral Commission, or forfeited by a court's order, and on which day. One fact on the
 * donation's stream through the one command path; the rules are impermissible-disposal.decider.ts'.
 * Refusals are problem+json: 422 donation_not_impermissible, disposal_manner_not_allowed,
 * disposal_date_invalid, forfeiture_order_required, forfeiture_not_available; 409
 * donation_already_dealt_with, donation_already_returned; 400 invalid_request; 404 not_found.
 */
@Controller('v1/donations/:donationId')
export class ImpermissibleDisposalController {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    private readonly intake: IntakeService,
    private readonly scope: TenantScope,
  ) {}

  /** 201 when recorded now; 200 when the same record was made before. */
  @Post('dealt-with')
  @Roles('officer')
  async record(@Param('donationId', idOf('donation')) donationId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext, @Res({ passthrough: true }) response: Response) {
    const input = parseImpermissibleDisposalRequest(body);
    const donation = await this.intake.donation(donationId);
    if (donation.status === 'none' || !owns(ctx, await this.scope.tenantOfCommittee(donation.received.committeeId))) fail('not_found', `no donation ${donationId}`);
    const { committeeId, donor } = donation.received;
    const committee = await this.intake.committee(committeeId);
    // One disposal per donation: a retried request is the same fact.
    const eventId = deterministicId('impermissible-donation-dealt-with', donationId);
    const metadata = requestFactMetadata(ctx, committeeId, donor.donorId);
    const { after, events } = await handleCommand(this.ledger, donationStreamId(donationId), donationFold, (state) =>
      recordImpermissibleDisposal({ type: 'RecordImpermissibleDisposal', eventId, metadata, data: { donationId, ...input, recordedBy: ctx.actor }, committee }, state),
    );
    if (after.status === 'none' || after.dealtWith === null || after.returnRequired === null) return fail('not_found', `no donation ${donationId}`);
    response.status(events.length > 0 ? 201 : 200);
    return { donationId, committeeId, required: after.returnRequired.action, dueOn: after.returnRequired.dueOn, dealtWith: after.dealtWith, recorded: events.length > 0 };
  }
}
