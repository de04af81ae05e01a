import { createHash } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Request, Response } from 'express';
import { CLIENT_ID_PATTERN, deterministicId } from '#contracts';
import { canonicalJson } from '#ledger';
import {
  amountsOf,
  countedAmounts,
  InputError,
  parseCampaignRequest,
  parseCommitteeRequest,
  parseDonationRequest,
  owns,
  parseIdempotencyKey,
  type DonationState,
  type Principal,
  type StoredResponse,
} from '#domain';
import { Caller, fail, HttpProblem, knownProblem, problem, PROBLEM_CONTENT_TYPE, READ_MODELS, Roles, TenantScope } from '#platform';
import { IdempotencyStore } from './idempotency/idempotency-store.js';
import { IntakeService } from './intake.service.js';
import { contextOf } from './request-context.js';

function parsed<T>(parse: (body: unknown) => T, body: unknown): T {
  try {
    return parse(body);
  } catch (error) {
    if (error instanceof InputError) throw new HttpProblem(problem(error.code, error.message, { field: error.field }));
    throw error;
  }
}

function id(value: string, what: string): string {
  // An id that cannot exist is not echoed: it may be anything a client typed, up to the URL limit.
  if (!CLIENT_ID_PATTERN.test(value)) fail('not_found', `no ${what} has such an id`);
  return value;
}

/**
 * The donation's lifecycle as decided so far. Amounts leave the API as JSON integers; they
 * were safe integers on the way in. `countedAmountMinor` is what the donation still counts
 * for (towards the donor's limits and the campaign's totals) after refunds and chargebacks.
 */
function donationView(donationId: string, state: DonationState) {
  if (state.status === 'none') fail('not_found', `no donation ${donationId}`);
  const r = state.received;
  const { countedMinor } = countedAmounts(amountsOf(state));
  return {
    donationId,
    status: state.status,
    decision: state.decision,
    campaignId: r.campaignId,
    committeeId: r.committeeId,
    amountMinor: Number(r.amountMinor),
    currency: r.currency,
    receivedAmountMinor: Number(r.amountMinor),
    acceptedAmountMinor: Number(state.acceptedAmountMinor),
    refundedAmountMinor: Number(state.refundedAmountMinor),
    chargedBackAmountMinor: Number(state.chargedBackAmountMinor),
    countedAmountMinor: Number(countedMinor),
    payment: {
      method: r.payment.method,
      pspReference: r.payment.pspReference,
      status: state.payment.status,
      capturedAmountMinor: Number(state.payment.capturedAmountMinor),
      failure: state.payment.failure,
    },
    electionId: r.electionId,
    receivedAt: r.receivedAt,
    rejection: state.rejection,
    flags: state.flags,
    itemized: state.itemized,
    reportingMark: state.reportingMark,
    returnRequired: state.returnRequired && { ...state.returnRequired, amountMinor: Number(state.returnRequired.amountMinor) },
    history: state.history.map((entry) => ({ ...entry, amountMinor: entry.amountMinor === null ? null : Number(entry.amountMinor) })),
  };
}

/** What identifies a request for its Idempotency-Key: method, target and body, canonically. */
function fingerprintOf(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${canonicalJson(body ?? null)}`).digest('hex');
}

function send(response: Response, stored: StoredResponse, replayed: boolean): void {
  response.status(stored.status).set(stored.headers);
  if (replayed) response.set('idempotency-replayed', 'true');
  const contentType = stored.headers['content-type'];
  if (contentType) response.type(contentType).send(JSON.stringify(stored.body));
  else response.json(stored.body);
}

@Controller('v1')
export class IntakeController {
  private readonly idempotency: IdempotencyStore;

  constructor(
    private readonly intake: IntakeService,
    private readonly scope: TenantScope,
    @Inject(READ_MODELS) readModels: DataSource,
  ) {
    this.idempotency = new IdempotencyStore(readModels);
  }

  /** Admins register their party's committees; ids are global, so a taken one is a 409 whoever holds it. */
  @Post('committees')
  @HttpCode(201)
  async registerCommittee(@Body() body: unknown, @Req() request: Request, @Caller() caller: Principal) {
    return this.intake.registerCommittee(parsed(parseCommitteeRequest, body), contextOf(request, caller));
  }

  @Get('committees/:committeeId')
  @Roles('intake', 'officer', 'auditor')
  async committee(@Param('committeeId') committeeId: string, @Caller() caller: Principal) {
    const { status: _status, ...committee } = await this.scope.committee(caller, id(committeeId, 'committee'));
    return committee;
  }

  @Post('campaigns')
  @HttpCode(201)
  async openCampaign(@Body() body: unknown, @Req() request: Request, @Caller() caller: Principal) {
    const input = parsed(parseCampaignRequest, body);
    await this.scope.committee(caller, input.committeeId);
    return this.intake.openCampaign(input, contextOf(request, caller));
  }

  @Get('campaigns/:campaignId')
  @Roles('intake', 'officer', 'auditor')
  async campaign(@Param('campaignId') campaignId: string, @Caller() caller: Principal) {
    const { status: _status, tenantId: _tenant, ...campaign } = await this.scope.campaign(caller, id(campaignId, 'campaign'));
    return campaign;
  }

  /**
   * Idempotent after the IETF Idempotency-Key draft: the key is required; a retry with the
   * same body gets the first response again, another body 422, a retry while the first is
   * still running 409. Keys live 24 hours per tenant. The donation id is the client's,
   * or derived from the key, so even a forgotten key cannot make a second donation.
   */
  @Post('campaigns/:campaignId/donations')
  @Roles('intake')
  async donate(
    @Param('campaignId') campaignId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') keyHeader: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
    @Caller() caller: Principal,
  ) {
    const key = parseIdempotencyKey(keyHeader);
    await this.scope.campaign(caller, id(campaignId, 'campaign'));
    const tenant = caller.tenantId;
    const fingerprint = fingerprintOf(request.method, request.originalUrl, body);
    const decision = await this.idempotency.begin(tenant, key, fingerprint);
    if (decision.action === 'reject') throw decision.error;
    if (decision.action === 'replay') return send(response, decision.response, true);
    let outcome: StoredResponse;
    try {
      const input = parsed(parseDonationRequest, body);
      const assignedId = deterministicId('donation-for-key', tenant, key);
      const { donationId, created } = await this.intake.receiveDonation(campaignId, input, contextOf(request, caller), assignedId);
      const status = `/v1/donations/${donationId}`;
      outcome = { status: 202, headers: { location: status }, body: { donationId, status: 'received', duplicate: !created, links: { status } } };
    } catch (error) {
      const known = knownProblem(error);
      if (!known) {
        await this.idempotency.release(tenant, key).catch(() => undefined);
        throw error;
      }
      outcome = { status: known.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body: { ...known, instance: request.originalUrl } };
    }
    await this.idempotency.complete(tenant, key, outcome);
    return send(response, outcome, false);
  }

  /** Another tenant's donation answers exactly as a missing one. */
  @Get('donations/:donationId')
  @Roles('intake', 'officer', 'auditor')
  async donation(@Param('donationId') donationId: string, @Caller() caller: Principal) {
    const state = await this.intake.donation(id(donationId, 'donation'));
    if (state.status === 'none' || !owns(caller, await this.scope.tenantOfCommittee(state.received.committeeId))) {
      fail('not_found', `no donation ${donationId}`);
    }
    return donationView(donationId, state);
  }
}
