import type { AccountingUnitLinked, FilingRecorded, GeneralElectionPeriodDeclared } from '#contracts';
import type { GeneralElectionPeriod, RecordedFiling } from '#compliance-rules';
import { assertNever } from '../shared/rejection.js';

/** A filing as the committee recorded it: which report, the day delivered, the regulator's reference. */
export interface FilingRecord extends RecordedFiling {
  name: string;
  reference: string | null;
}

/**
 * What a UK party (or its accounting unit) has recorded since registration, each absent until
 * its first fact: its general election periods (by id, a later declaration correcting an
 * earlier), its filings (in the order recorded: the latest of a report gives its day), its
 * accounting units (at the central organisation) or its central organisation (at a unit).
 */
export interface PartyStanding {
  generalElectionPeriods?: readonly GeneralElectionPeriod[];
  filings?: readonly FilingRecord[];
  accountingUnits?: readonly string[];
  centralCommitteeId?: string;
}

export type PartyStandingEvent = GeneralElectionPeriodDeclared | FilingRecorded | AccountingUnitLinked;

export function evolvePartyStanding<S extends PartyStanding & { committeeId: string }>(state: S, event: PartyStandingEvent): S {
  switch (event.type) {
    case 'GeneralElectionPeriodDeclared': {
      const { periodId, dissolvedOn, pollOn, heldIn, partyRegisteredIn } = event.payload;
      const others = (state.generalElectionPeriods ?? []).filter((p) => p.periodId !== periodId);
      return { ...state, generalElectionPeriods: [...others, { periodId, dissolvedOn, pollOn, heldIn, partyRegisteredIn }].sort((a, b) => a.dissolvedOn.localeCompare(b.dissolvedOn)) };
    }
    case 'FilingRecorded': {
      const { kind, periodTo, name, filedOn, reference } = event.payload;
      return { ...state, filings: [...(state.filings ?? []), { kind, periodTo, name, filedOn, reference }] };
    }
    case 'AccountingUnitLinked': {
      const { centralCommitteeId, unitCommitteeId } = event.payload;
      if (state.committeeId === centralCommitteeId) {
        const units = state.accountingUnits ?? [];
        return units.includes(unitCommitteeId) ? state : { ...state, accountingUnits: [...units, unitCommitteeId] };
      }
      return { ...state, centralCommitteeId };
    }
    default:
      return assertNever(event);
  }
}
