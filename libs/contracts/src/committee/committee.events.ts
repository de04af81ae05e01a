import type { NewEvent } from '../shared/envelope.js';

/**
 * A profile is a jurisdiction and the kind of entity the committee is there. An accounting unit
 * of a UK party (PPERA 2000 s.26: a constituent or affiliated organisation keeping its own
 * accounts) reports at its own, lower, threshold, so it is a profile of its own. A Canadian
 * registered party (Canada Elections Act) was added in place, as donor types were: every event
 * written before keeps a value it could hold, so no version of CommitteeRegistered changes and
 * no upcaster is needed; a new value is appended, so the proto enum keeps its numbers.
 */
export const JURISDICTION_PROFILES = ['US-FEC-CANDIDATE', 'UK-PPERA-PARTY', 'UK-PPERA-ACCOUNTING-UNIT', 'CA-CEA-PARTY'] as const;
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

/**
 * v3: the IANA time zone whose calendar days the committee's legal dates are counted in (the
 * contribution date, report periods, the windows before an election, remedy deadlines, the
 * itemization year). Set at registration; changed later only by a CommitteeTimeZoneChanged.
 */
export interface CommitteeRegisteredV3 extends CommitteeRegisteredV2 {
  timeZone: string;
  /** Whether the zone is the profile's default because the registration named none (the answer says so). */
  timeZoneDefaulted: boolean;
}

/**
 * The zone a committee of a profile gets when it names none, and the zone a committee
 * registered before v3 is read with: the FEC's deadlines are the committee's local days and
 * the FEC itself keeps Eastern time (a US committee may name its own); UK law counts UK days.
 * A Canadian party counts its calendar years where its chief agent keeps its books; Eastern
 * time (Elections Canada's own) unless the party names its zone.
 */
export const DEFAULT_TIME_ZONES: Readonly<Record<JurisdictionProfile, string>> = Object.freeze({
  'US-FEC-CANDIDATE': 'America/New_York',
  'UK-PPERA-PARTY': 'Europe/London',
  'UK-PPERA-ACCOUNTING-UNIT': 'Europe/London',
  'CA-CEA-PARTY': 'America/Toronto',
});

/**
 * The committee's time zone changed (it moved, or it was registered with the wrong one). The
 * new zone applies to what happens from `effectiveFrom` on; what was decided before keeps the
 * days it was decided on. A correction, never an edit: the reason and who decided it are kept.
 */
export interface CommitteeTimeZoneChangedV1 {
  committeeId: string;
  previousTimeZone: string;
  timeZone: string;
  /** First instant the new zone applies to (the change's own time: never back-dated). */
  effectiveFrom: string;
  reason: string;
  changedBy: string;
}

export type CommitteeRegistered = NewEvent<'CommitteeRegistered', CommitteeRegisteredV3>;
export type CommitteeTimeZoneChanged = NewEvent<'CommitteeTimeZoneChanged', CommitteeTimeZoneChangedV1>;

export const committeeStreamId = (committeeId: string): string => `committee-${committeeId}`;

/**
 * 11 CFR 110.1(b)(3): a gift for an election already held may be kept only up to that
 * election's net debts outstanding, which the committee states. An officer records the figure
 * as of a day (a committee-local day, on or after the election); each record replaces the one
 * before as the figure outstanding from then on, and what is accepted against it afterwards is
 * counted down by NetDebtsContributionApplied.
 */
export interface ElectionNetDebtsRecordedV1 {
  committeeId: string;
  electionId: string;
  /** The election's net debts outstanding, in minor units of the committee's currency (decimal string). */
  netDebtsMinor: string;
  /** The committee-local day the figure is stated as of (YYYY-MM-DD). */
  asOf: string;
  reason: string;
  recordedBy: string;
}

/**
 * A gift for an election already held was accepted against its net debts: what remains
 * outstanding goes down by `appliedMinor`. Written by compliance with the decision, its id
 * derived from the donation's, so a redelivered decision applies nothing twice.
 */
export interface NetDebtsContributionAppliedV1 {
  committeeId: string;
  electionId: string;
  donationId: string;
  appliedMinor: string;
  /** Outstanding after this gift. */
  netDebtsRemainingMinor: string;
}

/** Why a candidate will not run in an election: lost the primary, or withdrew. */
export const CANDIDACY_END_CAUSES = ['lost_primary', 'withdrew'] as const;
export type CandidacyEndCause = (typeof CANDIDACY_END_CAUSES)[number];

/**
 * 11 CFR 102.9(e)(3): the candidate will not be a candidate in this (general) election, so
 * gifts for it are to be refunded within 60 days. Recorded by an officer; from then on every
 * gift for the election is held whole for its refund.
 */
export interface CandidacyEndedV1 {
  committeeId: string;
  /** The election the candidate will not run in. */
  electionId: string;
  cause: CandidacyEndCause;
  /** The committee-local day the candidacy ended (the primary's day when it was lost). */
  endedOn: string;
  reason: string;
  recordedBy: string;
}

export type ElectionNetDebtsRecorded = NewEvent<'ElectionNetDebtsRecorded', ElectionNetDebtsRecordedV1>;
export type NetDebtsContributionApplied = NewEvent<'NetDebtsContributionApplied', NetDebtsContributionAppliedV1>;
export type CandidacyEnded = NewEvent<'CandidacyEnded', CandidacyEndedV1>;

/**
 * The two registers of political parties (PPERA 2000 s.23): Great Britain's and Northern
 * Ireland's. A general election is held in parts of the UK, and a party is registered for parts.
 */
export const UK_REGISTERS = ['great_britain', 'northern_ireland'] as const;
export type UkRegister = (typeof UK_REGISTERS)[number];

/**
 * PPERA 2000 s.63(6): a general election period, from the day Parliament is dissolved for a
 * parliamentary general election to the day of the poll, as the party's officer records it.
 * It says where the election is held and which registers the party stands in for it: weekly
 * pre-poll reports are owed only for a period the party is registered for (filing-deadlines).
 */
export interface GeneralElectionPeriodDeclaredV1 {
  committeeId: string;
  /** The officer's name for the election (e.g. "ukpga-2029"); a second declaration of it is a correction. */
  periodId: string;
  /** s.63(6)(a): the day Parliament is dissolved, the period's first day (YYYY-MM-DD, UK). */
  dissolvedOn: string;
  /** s.63(6)(b): the day of the poll, the period's last day. */
  pollOn: string;
  /** The parts of the UK the general election is held in. */
  heldIn: UkRegister[];
  /** The registers the party is registered in for this election. */
  partyRegisteredIn: UkRegister[];
  reason: string;
  declaredBy: string;
}

/**
 * The reports a committee owes a regulator, by kind (filing-deadlines.rule.ts schedules them).
 * New kinds are appended, so an event written before keeps a value it could hold.
 */
export const FILING_KINDS = ['ppera_quarterly', 'fec_quarterly', 'fec_year_end', 'fec_pre_election', 'fec_post_general', 'ppera_weekly'] as const;
export type FilingKind = (typeof FILING_KINDS)[number];

/**
 * An officer records that a report the committee owed was delivered to the regulator: from
 * then on it is filed, not due or overdue. The report is named by its kind and the last day of
 * the period it covers. A correction of the day filed is another record, with its reason.
 */
export interface FilingRecordedV1 {
  committeeId: string;
  kind: FilingKind;
  /** The last day the report covers (with the kind, which report it is). */
  periodTo: string;
  /** The regulator's name for it ("Q1 2026", "Pre-poll week 1, ukpga-2029"). */
  name: string;
  /** The committee-local day it was delivered. */
  filedOn: string;
  /** The regulator's acknowledgement or reference, when one was given. */
  reference: string | null;
  reason: string;
  recordedBy: string;
}

/**
 * PPERA 2000 s.26, s.27 and Sch.6: an accounting unit belongs to its party's central
 * organisation. The link is written to both committees' streams (`committeeId` is the stream's
 * own committee), so the unit knows its party and the party knows its units; the central
 * treasurer's reports then cover the units, and a source's donations count across all of them.
 */
export interface AccountingUnitLinkedV1 {
  committeeId: string;
  centralCommitteeId: string;
  unitCommitteeId: string;
  reason: string;
  linkedBy: string;
}

export type GeneralElectionPeriodDeclared = NewEvent<'GeneralElectionPeriodDeclared', GeneralElectionPeriodDeclaredV1>;
export type FilingRecorded = NewEvent<'FilingRecorded', FilingRecordedV1>;
export type AccountingUnitLinked = NewEvent<'AccountingUnitLinked', AccountingUnitLinkedV1>;
export type CommitteeEvent =
  | CommitteeRegistered
  | CommitteeTimeZoneChanged
  | ElectionNetDebtsRecorded
  | NetDebtsContributionApplied
  | CandidacyEnded
  | GeneralElectionPeriodDeclared
  | FilingRecorded
  | AccountingUnitLinked;
