import { Controller, Delete, HttpCode, Inject, Param } from '@nestjs/common';
import { DONOR_ID_PATTERN } from '#domain';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '#ledger';
import { fail } from '#platform';

/**
 * Crypto-shredding: erasing a donor's personal data destroys their keys in the key store. Every
 * sealed copy (ledger events, Kafka messages, exports, backups of them) becomes unreadable at
 * once, while the ledger is not touched: totals, limits and the hash chains stay as they were.
 */
@Controller('v1/donors')
export class PersonalDataController {
  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  /** 204 whether erased now or before; 404 when the donor never left personal data here. */
  @Delete(':donorId/personal-data')
  @HttpCode(204)
  async erase(@Param('donorId') donorId: string): Promise<void> {
    if (!DONOR_ID_PATTERN.test(donorId) || !(await this.vault.erase(donorId))) fail('not_found', `no personal data of donor ${donorId}`);
  }
}
