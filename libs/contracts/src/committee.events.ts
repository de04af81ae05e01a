import type { NewEvent } from './envelope.js';

export const JURISDICTION_PROFILES = ['US-FEC-CANDIDATE', 'UK-PPERA-PARTY'] as const;
export type JurisdictionProfile = (typeof JURISDICTION_PROFILES)[number];

export const ELECTION_KINDS = ['primary', 'general', 'runoff', 'special', 'convention'] as const;
export type ElectionKind = (typeof ELECTION_KINDS)[number];

export interface Election {
  electionId: string;
  kind: ElectionKind;
  /** Election day, YYYY-MM-DD. */
  date: string;
}

export interface CommitteeRegisteredV1 {
  committeeId: string;
  name: string;
  jurisdiction: JurisdictionProfile;
  currency: string;
  elections: Election[];
  /** Election a donation counts towards when the donor designates none. */
  defaultElectionId: string | null;
  registeredBy: string;
}

export type CommitteeRegistered = NewEvent<'CommitteeRegistered', CommitteeRegisteredV1>;
export type CommitteeEvent = CommitteeRegistered;

export const committeeStreamId = (committeeId: string): string => `committee-${committeeId}`;
