import { Body, Controller, Delete, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { DONOR_ID_PATTERN, donorIdOf, parseDonorLookupRequest } from '#domain';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '#ledger';
import { CONFIG, fail, idOf, RequestContext, Roles, type HustingsConfig } from '#platform';

const personalDataPath = (donorId: string): string => `/v1/donors/${donorId}/personal-data`;

/**
 * Crypto-shredding: erasing a donor's personal data destroys their keys in the key store. Every
 * sealed copy (ledger events, Kafka messages, exports, backups of them) becomes unreadable at
 * once, while the ledger is not touched: totals, limits and the hash chains stay as they were.
 * Donors are the caller's tenant's own: another tenant's donor answers exactly as a missing one.
 */
@Controller('v1/donors')
export class PersonalDataController {
  constructor(
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CONFIG) private readonly config: HustingsConfig,
  ) {}

  /**
   * The donor id this tenant knows a person by, from who they are (the donor object they gave),
   * so an erasure request ("I am Jane Smith, 20002; forget me") can be carried out. POST, so
   * the identity never appears in a URL or an access log. 404 when this tenant holds no
   * personal data of that person, whether or not another tenant does.
   */
  @Post('lookup')
  @Roles('admin')
  @HttpCode(200)
  async lookup(@Body() body: unknown, @RequestContext() ctx: RequestContext) {
    const donorId = donorIdOf(this.config.donorIdKey, ctx.tenantId, parseDonorLookupRequest(body));
    const status = donorId === null ? 'unknown' : await this.vault.status(donorId, ctx.tenantId);
    if (donorId === null || status === 'unknown') fail('not_found', 'no donor of this tenant has that identity');
    return { donorId, personalData: status === 'live' ? 'held' : 'erased', links: { personalData: personalDataPath(donorId) } };
  }

  /** 204 whether erased now or before; 404 when the donor never left personal data with this tenant. */
  @Delete(':donorId/personal-data')
  @Roles('admin')
  @HttpCode(204)
  async erase(@Param('donorId', idOf('donor', { pattern: DONOR_ID_PATTERN })) donorId: string, @RequestContext() ctx: RequestContext): Promise<void> {
    if (!(await this.vault.erase(donorId, ctx.tenantId))) fail('not_found', `no personal data of donor ${donorId}`);
  }
}
