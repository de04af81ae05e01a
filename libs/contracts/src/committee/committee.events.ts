import type { NewEvent } from '../shared/envelope.js';

/**
 * A profile is a jurisdiction and the kind of entity the committee is there. An accounting unit
 * of a UK party (PPERA 2000 s.26: a constituent or affiliated organisation keeping its own
 * accounts) reports at its own, lower, threshold, so it is a profile of its own.
 */
export const JURISDICTION_PROFILES = ['US-FEC-CANDIDATE', 'UK-PPERA-PARTY', 'UK-PPERA-ACCOUNTING-UNIT'] as const;
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

/** v2: a committee belongs to one tenant (a party); every read and write is scoped to it. */
export interface CommitteeRegisteredV2 extends CommitteeRegisteredV1 {
  tenantId: string;
}

/** Committees written before tenants existed belong to the tenant an install starts with. */
export const DEFAULT_TENANT_ID = 'default';

export type CommitteeRegistered = NewEvent<'CommitteeRegistered', CommitteeRegisteredV2>;
export type CommitteeEvent = CommitteeRegistered;

export const committeeStreamId = (committeeId: string): string => `committee-${committeeId}`;
