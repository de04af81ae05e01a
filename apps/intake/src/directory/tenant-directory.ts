import { Inject, Injectable } from '@nestjs/common';
import { upcast, type RecordedEvent } from '#contracts';
import { owns, type Principal } from '#domain';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { TenantScope } from '#platform';
import type { DirectoryPage } from './directory-page.js';

/** Registrations read from the ledger per round while a page fills. */
const SCAN_BATCH = 500;

export interface Listed<T> {
  items: T[];
  /** The cursor of the next page, or null on the last. */
  next: string | null;
}

/**
 * The caller's committees and campaigns, in the order they were created, read from the
 * ledger's registrations (there is no other list of them) and kept to the caller's tenant; each
 * item is then resolved as the single-item routes resolve it, so a list never says more.
 */
@Injectable()
export class TenantDirectory {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    private readonly scope: TenantScope,
  ) {}

  async committees(principal: Principal, page: DirectoryPage) {
    const found = await this.scan('CommitteeRegistered', page, async (event) => owns(principal, (event.payload as { tenantId?: string }).tenantId));
    const items = await Promise.all(found.items.map(async (event) => {
      const { status: _status, ...committee } = await this.scope.committee(principal, committeeIdOf(event));
      return committee;
    }));
    return { items, next: found.next };
  }

  /** Every campaign of the tenant, or of one of its committees (another tenant's is a 404). */
  async campaigns(principal: Principal, page: DirectoryPage, committeeId: string | null) {
    if (committeeId !== null) await this.scope.committee(principal, committeeId);
    const found = await this.scan('CampaignOpened', page, async (event) => {
      const owner = committeeIdOf(event);
      return (committeeId === null || owner === committeeId) && owns(principal, await this.scope.tenantOfCommittee(owner));
    });
    return { items: found.items.map((event) => event.payload as Record<string, unknown>), next: found.next };
  }

  /** Registrations of one type after the cursor that `keep` accepts, until the page and one more are found. */
  private async scan(type: string, page: DirectoryPage, keep: (event: RecordedEvent) => Promise<boolean>): Promise<Listed<RecordedEvent>> {
    const kept: RecordedEvent[] = [];
    let after = page.after;
    while (kept.length <= page.limit) {
      const batch = await this.ledger.readAll({ after, maxCount: SCAN_BATCH, filter: { eventTypes: [type] } });
      for (const event of batch.map((raw) => upcast(raw))) if (kept.length <= page.limit && (await keep(event))) kept.push(event);
      if (batch.length < SCAN_BATCH) break;
      after = batch[batch.length - 1].position;
    }
    const items = kept.slice(0, page.limit);
    return { items, next: kept.length > page.limit ? String(items[items.length - 1].position) : null };
  }
}

const committeeIdOf = (event: RecordedEvent): string => String((event.payload as { committeeId: string }).committeeId);
