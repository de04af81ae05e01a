import {
  CURRENT_VERSIONS,
  DEFAULT_TIME_ZONES,
  ELECTION_KINDS,
  isSupportedCurrency,
  type CommitteeEvent,
  type CommitteeRegistered,
  type CommitteeRegisteredV3,
  type CommitteeTimeZoneChanged,
  type EventMetadata,
} from '#contracts';
import { isIanaTimeZone } from '#compliance-rules';
import { parseCalendarDay } from '../shared/calendar.js';
import { JURISDICTION_RULES } from './jurisdiction.js';
import { assertNever, reject } from '../shared/rejection.js';
import type { Fold } from '../shared/fold.js';
import { evolveElectionStanding, type ElectionStandings } from './election-standing.js';
import { evolvePartyStanding, type PartyStanding } from './party-standing.js';

/** A change of the committee's zone, kept so that each instant is read in the zone then in force. */
export interface TimeZoneChange {
  effectiveFrom: string;
  previousTimeZone: string;
  timeZone: string;
}

/**
 * `timeZone` is the zone in force now (absent only in a state built by hand: the profile's
 * default, see committeeTimeZoneAt); `timeZoneChanges`, absent until the first change, the history; `registeredAt`, the
 * registration's instant (absent only in a state built by hand); the elections' recorded net
 * debts and ended candidacies (ElectionStandings), absent until the first is recorded.
 */
export type CommitteeState =
  | { status: 'unregistered' }
  | ({ status: 'registered' } & Omit<CommitteeRegisteredV3, 'timeZone' | 'timeZoneDefaulted'> &
      Partial<Pick<CommitteeRegisteredV3, 'timeZone' | 'timeZoneDefaulted'>> & { timeZoneChanges?: TimeZoneChange[]; registeredAt?: string } & ElectionStandings &
      PartyStanding);

export const initialCommitteeState = (): CommitteeState => ({ status: 'unregistered' });

export function evolveCommittee(state: CommitteeState, event: CommitteeEvent): CommitteeState {
  switch (event.type) {
    case 'CommitteeRegistered':
      // When it registered: its first report's period begins on that local day (filing obligations).
      return { status: 'registered', ...event.payload, registeredAt: event.metadata.occurredAt };
    case 'CommitteeTimeZoneChanged': {
      if (state.status !== 'registered') return state;
      const { effectiveFrom, previousTimeZone, timeZone } = event.payload;
      return { ...state, timeZone, timeZoneChanges: [...(state.timeZoneChanges ?? []), { effectiveFrom, previousTimeZone, timeZone }] };
    }
    case 'ElectionNetDebtsRecorded':
    case 'NetDebtsContributionApplied':
    case 'CandidacyEnded':
      return state.status === 'registered' ? evolveElectionStanding(state, event) : state;
    case 'GeneralElectionPeriodDeclared':
    case 'FilingRecorded':
    case 'AccountingUnitLinked':
      return state.status === 'registered' ? evolvePartyStanding(state, event) : state;
    default:
      return assertNever(event);
  }
}

/** A committee's stream as every service folds it. */
export const committeeFold: Fold<CommitteeState, CommitteeEvent> = { evolve: evolveCommittee, initialState: initialCommitteeState };

export interface RegisterCommittee {
  type: 'RegisterCommittee';
  eventId: string;
  metadata: EventMetadata;
  /** `timeZone` absent or null: the profile's default (DEFAULT_TIME_ZONES), and the event says it was defaulted. */
  data: Omit<CommitteeRegisteredV3, 'registeredBy' | 'timeZone' | 'timeZoneDefaulted'> & { registeredBy: string; timeZone?: string | null };
}

/**
 * A committee's zone must be an IANA zone, and a UK profile's is Europe/London: PPERA's days,
 * quarters and years are UK days whatever office the party's treasurer sits in (a profile whose
 * law fixes its zone, JURISDICTION_RULES).
 */
function checkTimeZone(jurisdiction: CommitteeRegisteredV3['jurisdiction'], timeZone: string): void {
  if (!isIanaTimeZone(timeZone)) reject('time_zone_invalid', `${timeZone} is not an IANA time zone (e.g. America/New_York)`);
  const fixed = DEFAULT_TIME_ZONES[jurisdiction];
  if (JURISDICTION_RULES[jurisdiction].timeZoneFixedByLaw && timeZone !== fixed) reject('time_zone_mismatch', `${jurisdiction} committees count UK days: their time zone is ${fixed}`);
}

export function registerCommittee(command: RegisterCommittee, state: CommitteeState): CommitteeRegistered[] {
  const { timeZone: named, ...data } = command.data;
  if (state.status === 'registered') reject('committee_already_registered', `committee ${data.committeeId} exists`);
  if (!isSupportedCurrency(data.currency)) reject('currency_not_supported', `currency ${data.currency} is not supported`);
  const rules = JURISDICTION_RULES[data.jurisdiction];
  if (rules === undefined) reject('jurisdiction_not_supported', `no rules for jurisdiction ${data.jurisdiction}`);
  if (rules.currency !== data.currency) {
    reject('currency_mismatch', `${data.jurisdiction} committees report in ${rules.currency}`);
  }
  checkElections(data);
  const timeZone = named ?? DEFAULT_TIME_ZONES[data.jurisdiction];
  checkTimeZone(data.jurisdiction, timeZone);
  return [
    {
      eventId: command.eventId,
      type: 'CommitteeRegistered',
      version: CURRENT_VERSIONS.CommitteeRegistered,
      payload: { ...data, timeZone, timeZoneDefaulted: named === undefined || named === null },
      metadata: command.metadata,
    },
  ];
}

export interface ChangeCommitteeTimeZone {
  type: 'ChangeCommitteeTimeZone';
  eventId: string;
  metadata: EventMetadata;
  data: { committeeId: string; timeZone: string; reason: string; changedBy: string };
}

/**
 * Changes the zone from the command's own time on (metadata.occurredAt): never back-dated, so
 * no decision already made changes its days. Asking for the zone in force changes nothing.
 */
export function changeCommitteeTimeZone(command: ChangeCommitteeTimeZone, state: CommitteeState): CommitteeTimeZoneChanged[] {
  const { data } = command;
  if (state.status !== 'registered') return reject('committee_not_found', `committee ${data.committeeId} does not exist`);
  if (data.reason.trim() === '') reject('reason_required', 'a change of time zone needs its reason');
  checkTimeZone(state.jurisdiction, data.timeZone);
  const current = committeeTimeZoneAt(state, command.metadata.occurredAt);
  if (data.timeZone === current) return [];
  const payload = { committeeId: data.committeeId, previousTimeZone: current, timeZone: data.timeZone, effectiveFrom: command.metadata.occurredAt, reason: data.reason, changedBy: data.changedBy };
  return [{ eventId: command.eventId, type: 'CommitteeTimeZoneChanged', version: CURRENT_VERSIONS.CommitteeTimeZoneChanged, payload, metadata: command.metadata }];
}

/** The zone in force at an instant: the registered one, then each change from its effectiveFrom on. */
export function committeeTimeZoneAt(
  committee: Pick<CommitteeRegisteredV3, 'jurisdiction'> & { timeZone?: string; timeZoneChanges?: readonly TimeZoneChange[] },
  at: string,
): string {
  const changes = committee.timeZoneChanges ?? [];
  const time = Date.parse(at);
  for (let i = changes.length - 1; i >= 0; i--) if (time >= Date.parse(changes[i].effectiveFrom)) return changes[i].timeZone;
  return changes.length > 0 ? changes[0].previousTimeZone : (committee.timeZone ?? DEFAULT_TIME_ZONES[committee.jurisdiction]);
}

function checkElections(data: RegisterCommittee['data']): void {
  const ids = data.elections.map((e) => e.electionId);
  if (new Set(ids).size !== ids.length) reject('elections_invalid', 'election ids must be unique');
  for (const election of data.elections) {
    if ('code' in parseCalendarDay(election.date)) {
      reject('elections_invalid', `election ${election.electionId} has no valid date (YYYY-MM-DD)`);
    }
    if (!(ELECTION_KINDS as readonly string[]).includes(election.kind)) {
      reject('elections_invalid', `election ${election.electionId} has unknown kind ${election.kind}`);
    }
  }
  if (JURISDICTION_RULES[data.jurisdiction].electionsRequired && data.elections.length === 0) {
    reject('elections_invalid', 'a US FEC candidate committee needs at least one election');
  }
  if (data.defaultElectionId !== null && !ids.includes(data.defaultElectionId)) {
    reject('election_unknown', `default election ${data.defaultElectionId} is not one of the committee's elections`);
  }
}
