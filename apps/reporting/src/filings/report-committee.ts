import { committeeStreamId } from '#contracts';
import { committeeFold, type CommitteeState } from '#domain';
import { loadState, loadStreams, streamLoad, type LedgerStore } from '#ledger';
import type { ReportCommittee } from '#read-models';

type Registered = CommitteeState & { status: 'registered' };

/**
 * A committee as its reports read it, from the ledger as it stands (the CLI's read): its general
 * election periods, filings and accounting units change after registration.
 */
export async function reportCommitteeOf(ledger: LedgerStore, committeeId: string): Promise<ReportCommittee | null> {
  const { state } = await loadState(ledger, committeeStreamId(committeeId), committeeFold);
  return state.status === 'registered' ? withUnitNames(ledger, state) : null;
}

/** A committee's current state (the tenant scope's, caught up) with its accounting units' names, which the return gives. */
export async function withUnitNames(ledger: LedgerStore, state: Registered): Promise<ReportCommittee> {
  const units = state.accountingUnits ?? [];
  const loaded = units.length === 0 ? [] : await loadStreams(ledger, units.map((id) => streamLoad(committeeStreamId(id), committeeFold)));
  const names = new Map(units.map((id, i) => {
    const unit = loaded[i].state;
    return [id, unit.status === 'registered' ? unit.name : id] as const;
  }));
  return { ...state, accountingUnitNames: names };
}
