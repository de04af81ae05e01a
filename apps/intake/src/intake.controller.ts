import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CLIENT_ID_PATTERN } from '#contracts';
import { InputError, parseCampaignRequest, parseCommitteeRequest, parseDonationRequest, type DonationState } from '#domain';
import { fail, HttpProblem, problem } from '#platform';
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
  if (!CLIENT_ID_PATTERN.test(value)) fail('not_found', `no ${what} ${value}`);
  return value;
}

/** Amounts leave the API as JSON integers; they were safe integers on the way in. */
function donationView(donationId: string, state: DonationState) {
  if (state.status === 'none') fail('not_found', `no donation ${donationId}`);
  const r = state.received;
  return {
    donationId,
    status: state.status,
    campaignId: r.campaignId,
    committeeId: r.committeeId,
    amountMinor: Number(r.amountMinor),
    currency: r.currency,
    acceptedAmountMinor: Number(state.acceptedAmountMinor),
    refundedAmountMinor: Number(state.refundedAmountMinor),
    chargedBackAmountMinor: Number(state.chargedBackAmountMinor),
    electionId: r.electionId,
    receivedAt: r.receivedAt,
    rejection: state.rejection,
    flags: state.flags,
    history: state.history,
  };
}

@Controller('v1')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Post('committees')
  @HttpCode(201)
  async registerCommittee(@Body() body: unknown, @Req() request: Request) {
    return this.intake.registerCommittee(parsed(parseCommitteeRequest, body), contextOf(request));
  }

  @Get('committees/:committeeId')
  async committee(@Param('committeeId') committeeId: string) {
    const state = await this.intake.committee(id(committeeId, 'committee'));
    if (state.status !== 'registered') fail('not_found', `no committee ${committeeId}`);
    const { status: _status, ...committee } = state;
    return committee;
  }

  @Post('campaigns')
  @HttpCode(201)
  async openCampaign(@Body() body: unknown, @Req() request: Request) {
    return this.intake.openCampaign(parsed(parseCampaignRequest, body), contextOf(request));
  }

  @Get('campaigns/:campaignId')
  async campaign(@Param('campaignId') campaignId: string) {
    const state = await this.intake.campaign(id(campaignId, 'campaign'));
    if (state.status !== 'opened') fail('not_found', `no campaign ${campaignId}`);
    const { status: _status, ...campaign } = state;
    return campaign;
  }

  @Post('campaigns/:campaignId/donations')
  async donate(@Param('campaignId') campaignId: string, @Body() body: unknown, @Req() request: Request, @Res() response: Response) {
    const input = parsed(parseDonationRequest, body);
    const { donationId, created } = await this.intake.receiveDonation(id(campaignId, 'campaign'), input, contextOf(request));
    const status = `/v1/donations/${donationId}`;
    response
      .status(202)
      .location(status)
      .json({ donationId, status: 'received', duplicate: !created, links: { status } });
  }

  @Get('donations/:donationId')
  async donation(@Param('donationId') donationId: string) {
    return donationView(donationId, await this.intake.donation(id(donationId, 'donation')));
  }
}
