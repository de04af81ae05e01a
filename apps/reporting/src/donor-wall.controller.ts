import { Controller, Get, Header, Inject, Logger, Param, Query } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MoreThan } from 'typeorm';
import { campaignStreamId } from '#contracts';
import { campaignFold } from '#domain';
import { LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import { PERSONAL_DATA_VAULT, PersonalDataError, PersonalDataVault } from '#personal-data';
import { DonorWallRow } from '#read-models';
import { AddressLimited, fail, HttpProblem, idOf, problem, Public, READ_MODELS } from '#platform';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

function pageOf(limit: string | undefined, after: string | undefined): { limit: number; after: string } {
  const bad = (field: string, detail: string): never => {
    throw new HttpProblem(problem('invalid_request', `${field}: ${detail}`, { field }));
  };
  const size = limit === undefined ? DEFAULT_LIMIT : /^[1-9][0-9]{0,2}$/.test(limit) && Number(limit) <= MAX_LIMIT ? Number(limit) : bad('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  const cursor = after === undefined ? '0' : /^[0-9]{1,18}$/.test(after) ? after : bad('after', 'must be the cursor a previous page gave');
  return { limit: size, after: cursor };
}

/**
 * The public donor wall of a campaign, for anyone, without a key: only donors who consented
 * when they gave, only for donations compliance accepted and nobody took money back from, by
 * display name, with the amount only when they consented to that too. Each name is opened with
 * the donor's key as the request is answered, so an erased donor is gone at once (and their row
 * with them); nothing is cached.
 */
@Controller('v1/campaigns/:campaignId/wall')
export class DonorWallController {
  private readonly log = new Logger('donor-wall');

  constructor(
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @Get()
  @Public()
  @AddressLimited()
  @Header('Cache-Control', 'no-store')
  async wall(@Param('campaignId', idOf('campaign')) campaignId: string, @Query('limit') limit: string | undefined, @Query('after') after: string | undefined) {
    const page = pageOf(limit, after);
    const campaign = await loadState(this.ledger, campaignStreamId(campaignId), campaignFold);
    if (campaign.state.status !== 'opened') fail('not_found', `no campaign ${campaignId}`);
    const rows = await this.readModels.getRepository(DonorWallRow).find({
      where: { campaignId, listed: true, acceptedPosition: MoreThan(page.after) },
      order: { acceptedPosition: 'ASC' },
      take: page.limit,
    });
    const donors: { displayName: string; amountMinor?: number; currency?: string }[] = [];
    for (const row of rows) {
      const displayName = await this.displayNameOf(row);
      if (displayName === null) continue;
      donors.push(row.amountMinor === null ? { displayName } : { displayName, amountMinor: Number(row.amountMinor), currency: row.currency });
    }
    const last = rows.at(-1);
    return { campaignId, donors, next: rows.length === page.limit && last ? `/v1/campaigns/${campaignId}/wall?limit=${page.limit}&after=${last.acceptedPosition}` : null };
  }

  /** null when the donor was erased (the row is dropped: it can never be shown again) or the value does not open. */
  private async displayNameOf(row: DonorWallRow): Promise<string | null> {
    try {
      const opened = await this.vault.open(row.donorId, row.sealedDisplayName);
      if (opened.status === 'open') return opened.data.name;
      await this.readModels.getRepository(DonorWallRow).delete({ donationId: row.donationId });
      return null;
    } catch (error) {
      if (!(error instanceof PersonalDataError)) throw error;
      this.log.error(`donation ${row.donationId}: the display name does not open (${error.reason}); not shown`);
      return null;
    }
  }
}
