import { CURRENT_VERSIONS, deterministicId, type AccountingUnitLinked, type EventMetadata, type FilingKind, type FilingRecorded, type GeneralElectionPeriodDeclared, type UkRegister } from '#contracts';
import { filingObligations, type FilingCommittee } from '#compliance-rules';
import { parseCalendarDay } from '../shared/calendar.js';
import { reject } from '../shared/rejection.js';
import { committeeDayOf } from './committee-rule-pack.js';
import type { CommitteeState } from './committee.decider.js';

type Registered = CommitteeState & { status: 'registered' };

interface PartyCommand<T extends string, D> {
  type: T;
  eventId: string;
  metadata: EventMetadata;
  data: D & { committeeId: string };
}

/** What the filing schedule reads of a committee's state: its local day of registration, its elections, periods and filings. */
export function filingCommitteeOf(committee: Registered, today: string): FilingCommittee {
  const registeredOn = committee.registeredAt ? committeeDayOf(committee, committee.registeredAt) : `${today.slice(0, 4)}-01-01`;
  return { jurisdiction: committee.jurisdiction, registeredOn, elections: committee.elections, generalElectionPeriods: committee.generalElectionPeriods ?? [], filings: committee.filings ?? [] };
}

export type DeclareGeneralElectionPeriod = PartyCommand<
  'DeclareGeneralElectionPeriod',
  { periodId: string; dissolvedOn: string; pollOn: string; heldIn: UkRegister[]; partyRegisteredIn: UkRegister[]; reason: string; declaredBy: string }
>;

/**
 * PPERA s.63(6): a general election period runs from the day Parliament is dissolved to the day
 * of the poll, and only a UK party's central organisation reports weekly in it (s.63(3)). The
 * poll is at most 25 working days after dissolution in law, so a period over 60 days is a typo,
 * refused. The same declaration again writes nothing; a different one of the same id corrects it.
 */
export function declareGeneralElectionPeriod(command: DeclareGeneralElectionPeriod, state: CommitteeState): GeneralElectionPeriodDeclared[] {
  const { data } = command;
  const committee = registered(state, data.committeeId);
  if (committee.jurisdiction !== 'UK-PPERA-PARTY') reject('general_election_period_invalid', `${committee.jurisdiction} committees record no general election period: weekly reports are the central organisation's (PPERA s.63(3))`);
  if (data.reason.trim() === '') reject('reason_required', 'a general election period needs its reason (the proclamation, the dissolution)');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(data.periodId)) reject('general_election_period_invalid', 'periodId must be 1 to 64 letters, digits, dots, dashes or underscores');
  for (const [name, day] of [['dissolvedOn', data.dissolvedOn], ['pollOn', data.pollOn]] as const) {
    if ('code' in parseCalendarDay(day)) reject('general_election_period_invalid', `${name} must be a real day, YYYY-MM-DD`);
  }
  if (data.pollOn < data.dissolvedOn) reject('general_election_period_invalid', `the poll (${data.pollOn}) cannot be before the dissolution (${data.dissolvedOn})`);
  if (Date.parse(data.pollOn) - Date.parse(data.dissolvedOn) > 60 * 86_400_000) reject('general_election_period_invalid', 'a general election period of more than 60 days is not one (the poll follows dissolution within 25 working days)');
  if (data.heldIn.length === 0) reject('general_election_period_invalid', 'heldIn must name where the election is held: great_britain, northern_ireland or both');
  const same = committee.generalElectionPeriods?.find((p) => p.periodId === data.periodId);
  const sorted = (parts: readonly UkRegister[]): string => [...new Set(parts)].sort().join();
  if (same && same.dissolvedOn === data.dissolvedOn && same.pollOn === data.pollOn && sorted(same.heldIn) === sorted(data.heldIn) && sorted(same.partyRegisteredIn) === sorted(data.partyRegisteredIn)) return [];
  const payload = { ...data, heldIn: [...new Set(data.heldIn)], partyRegisteredIn: [...new Set(data.partyRegisteredIn)] };
  return [{ eventId: command.eventId, type: 'GeneralElectionPeriodDeclared', version: CURRENT_VERSIONS.GeneralElectionPeriodDeclared, payload, metadata: command.metadata }];
}

export type RecordFiling = PartyCommand<'RecordFiling', { kind: FilingKind; periodTo: string; filedOn: string; reference: string | null; reason: string; recordedBy: string }>;

/**
 * A report is recorded as filed only if the committee owes it (it is in its schedule and its
 * books have closed), on a day after its period ends and not after the committee's today. The
 * same record again writes nothing; a different day is a correction and is kept as the latest.
 */
export function recordFiling(command: RecordFiling, state: CommitteeState): FilingRecorded[] {
  const { data } = command;
  const committee = registered(state, data.committeeId);
  const today = committeeDayOf(committee, command.metadata.occurredAt);
  if ('code' in parseCalendarDay(data.filedOn)) reject('filing_invalid', 'filedOn must be a real day, YYYY-MM-DD');
  const owed = filingObligations(filingCommitteeOf(committee, today), today).find((o) => o.kind === data.kind && o.periodTo === data.periodTo);
  if (!owed) return reject('filing_unknown', `${committee.committeeId} owes no ${data.kind} report for a period ending ${data.periodTo} as of ${today}`);
  if (data.filedOn <= owed.periodTo) reject('filing_invalid', `${owed.name} covers days up to ${owed.periodTo}: it cannot be filed on ${data.filedOn}`);
  if (data.filedOn > today) reject('filing_invalid', `a filing cannot be recorded for ${data.filedOn}, after the committee's today (${today})`);
  const last = [...(committee.filings ?? [])].reverse().find((f) => f.kind === data.kind && f.periodTo === data.periodTo);
  if (last && last.filedOn === data.filedOn && last.reference === data.reference) return [];
  const payload = { ...data, name: owed.name };
  return [{ eventId: command.eventId, type: 'FilingRecorded', version: CURRENT_VERSIONS.FilingRecorded, payload, metadata: command.metadata }];
}

export type LinkAccountingUnit = PartyCommand<'LinkAccountingUnit', { unitCommitteeId: string; reason: string; linkedBy: string }>;

/**
 * PPERA s.26, s.27: an accounting unit belongs to one registered party's central organisation.
 * The central committee is a UK party, the unit a UK accounting unit of the same tenant (the
 * caller checks the tenant), and a unit linked to another party is refused. Returns the event
 * for the central's stream and the one for the unit's; a link made already writes nothing.
 */
export function linkAccountingUnit(command: LinkAccountingUnit, central: CommitteeState, unit: CommitteeState): [AccountingUnitLinked, AccountingUnitLinked] | [] {
  const { data } = command;
  const party = registered(central, data.committeeId);
  const member = registered(unit, data.unitCommitteeId);
  if (party.jurisdiction !== 'UK-PPERA-PARTY') reject('accounting_unit_invalid', `${party.committeeId} is ${party.jurisdiction}: accounting units belong to a UK party's central organisation (UK-PPERA-PARTY)`);
  if (member.jurisdiction !== 'UK-PPERA-ACCOUNTING-UNIT') reject('accounting_unit_invalid', `${member.committeeId} is ${member.jurisdiction}, not an accounting unit (UK-PPERA-ACCOUNTING-UNIT)`);
  if (party.tenantId !== member.tenantId) reject('accounting_unit_invalid', 'an accounting unit belongs to a party of its own tenant');
  if (data.reason.trim() === '') reject('reason_required', 'the link needs its reason (the unit\'s registration with the Commission)');
  if (member.centralCommitteeId !== undefined) {
    if (member.centralCommitteeId === party.committeeId) return [];
    reject('accounting_unit_already_linked', `${member.committeeId} is an accounting unit of ${member.centralCommitteeId}`);
  }
  const payload = { centralCommitteeId: party.committeeId, unitCommitteeId: member.committeeId, reason: data.reason, linkedBy: data.linkedBy };
  const event = (committeeId: string, eventId: string): AccountingUnitLinked => ({
    eventId,
    type: 'AccountingUnitLinked',
    version: CURRENT_VERSIONS.AccountingUnitLinked,
    payload: { committeeId, ...payload },
    metadata: { ...command.metadata, committeeId },
  });
  return [event(party.committeeId, command.eventId), event(member.committeeId, deterministicId(command.eventId, 'accounting-unit'))];
}

function registered(state: CommitteeState, committeeId: string): Registered {
  if (state.status !== 'registered') return reject('committee_not_found', `committee ${committeeId} does not exist`);
  return state;
}
