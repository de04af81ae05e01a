import { committeeStreamId } from '#contracts';
import { committeeFold } from '#domain';
import { loadState, loadStreams, streamLoad, type LedgerStore } from '#ledger';
import type { ReportCommittee } from '#read-models';

/**
 * A committee as its reports read it, from the ledger as it stands: its general election
 * periods, filings and accounting units change after registration, so the tenant check's cached
 * copy is not enough. A UK party's accounting units come with their names (the return names them).
 */
export async function reportCommitteeOf(ledger: LedgerStore, committeeId: string): Promise<ReportCommittee | null> {
  const { state } = await loadState(ledger, committeeStreamId(committeeId), committeeFold);
  if (state.status !== 'registered') return null;
  const units = state.accountingUnits ?? [];
  const loaded = units.length === 0 ? [] : await loadStreams(ledger, units.map((id) => streamLoad(committeeStreamId(id), committeeFold)));
  const names = new Map(units.map((id, i) => {
    const unit = loaded[i].state;
    return [id, unit.status === 'registered' ? unit.name : id] as const;
  }));
  return { ...state, accountingUnitNames: names };
}
