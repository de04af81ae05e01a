import type { CandidacyEndCause, CandidacyEnded, CommitteeRegisteredV3, ElectionNetDebtsRecorded, NetDebtsContributionApplied } from '#contracts';
import { assertNever } from '../shared/rejection.js';

/** The part of a registered committee's state these facts read and change. */
type Registered = Pick<CommitteeRegisteredV3, 'elections'> & ElectionStandings;

/** An election's net debts as last stated by an officer, less what was accepted against them since. */
export interface NetDebtsStanding {
  recordedMinor: bigint;
  asOf: string;
  remainingMinor: bigint;
}

/** The candidate will not run in the election (11 CFR 102.9(e)(3)). */
export interface CandidacyEnd {
  cause: CandidacyEndCause;
  endedOn: string;
}

/** What the committee has recorded about its elections since registration; each absent until its first fact. */
export interface ElectionStandings {
  netDebts?: Readonly<Record<string, NetDebtsStanding>>;
  candidacyEnded?: Readonly<Record<string, CandidacyEnd>>;
}

export type ElectionStandingEvent = ElectionNetDebtsRecorded | NetDebtsContributionApplied | CandidacyEnded;

/** Each record replaces the figure before it; each gift accepted against it after counts it down. */
export function evolveElectionStanding<S extends Registered>(state: S, event: ElectionStandingEvent): S {
  switch (event.type) {
    case 'ElectionNetDebtsRecorded': {
      const { electionId, netDebtsMinor, asOf } = event.payload;
      const standing = { recordedMinor: BigInt(netDebtsMinor), asOf, remainingMinor: BigInt(netDebtsMinor) };
      return { ...state, netDebts: { ...state.netDebts, [electionId]: standing } };
    }
    case 'NetDebtsContributionApplied': {
      const { electionId, netDebtsRemainingMinor } = event.payload;
      const standing = state.netDebts?.[electionId];
      if (!standing) return state;
      return { ...state, netDebts: { ...state.netDebts, [electionId]: { ...standing, remainingMinor: BigInt(netDebtsRemainingMinor) } } };
    }
    case 'CandidacyEnded': {
      const { electionId, cause, endedOn } = event.payload;
      return { ...state, candidacyEnded: { ...state.candidacyEnded, [electionId]: { cause, endedOn } } };
    }
    default:
      return assertNever(event);
  }
}

/** What a decision needs to know of the election a gift counts toward. */
export interface ElectionFacts {
  date: string;
  netDebtsRemainingMinor: bigint | null;
  candidacyEndedOn: string | null;
}

/** The committee's facts about one of its elections; null when it has no such election. */
export function electionFactsOf(committee: Registered, electionId: string | null): ElectionFacts | null {
  const election = committee.elections.find((e) => e.electionId === electionId);
  if (!election) return null;
  return {
    date: election.date,
    netDebtsRemainingMinor: committee.netDebts?.[election.electionId]?.remainingMinor ?? null,
    candidacyEndedOn: committee.candidacyEnded?.[election.electionId]?.endedOn ?? null,
  };
}
