import { CURRENT_VERSIONS, type CandidacyEndCause, type CandidacyEnded, type Election, type ElectionNetDebtsRecorded, type EventMetadata } from '#contracts';
import { JURISDICTION_RULES } from './jurisdiction.js';
import { reject } from '../shared/rejection.js';
import { committeeDayOf } from './committee-rule-pack.js';
import type { CommitteeState } from './committee.decider.js';

type Registered = CommitteeState & { status: 'registered' };

interface StandingCommand<D> {
  eventId: string;
  metadata: EventMetadata;
  data: D & { committeeId: string; electionId: string; reason: string; recordedBy: string };
}

export type RecordNetDebts = StandingCommand<{ netDebtsMinor: bigint; asOf: string }> & { type: 'RecordNetDebts' };

/**
 * 11 CFR 110.1(b)(3)(ii): an election's net debts are stated as of a day on or after it was
 * held, and not after the committee's today. The same figure as of the same day as the last
 * record writes nothing.
 */
export function recordNetDebts(command: RecordNetDebts, state: CommitteeState): ElectionNetDebtsRecorded[] {
  const { data } = command;
  const election = electionOf(state, data);
  const today = committeeDayOf(stateOf(state), command.metadata.occurredAt);
  if (data.netDebtsMinor < 0n) reject('net_debts_invalid', 'net debts outstanding cannot be negative');
  if (data.asOf < election.date) reject('net_debts_invalid', `net debts of ${election.electionId} are stated as of its day (${election.date}) or later, not ${data.asOf}`);
  if (data.asOf > today) reject('net_debts_invalid', `net debts cannot be stated as of ${data.asOf}, after the committee's today (${today})`);
  const last = stateOf(state).netDebts?.[election.electionId];
  if (last && last.recordedMinor === data.netDebtsMinor && last.asOf === data.asOf) return [];
  const payload = { committeeId: data.committeeId, electionId: election.electionId, netDebtsMinor: data.netDebtsMinor.toString(), asOf: data.asOf, reason: data.reason, recordedBy: data.recordedBy };
  return [{ eventId: command.eventId, type: 'ElectionNetDebtsRecorded', version: CURRENT_VERSIONS.ElectionNetDebtsRecorded, payload, metadata: command.metadata }];
}

export type EndCandidacy = StandingCommand<{ cause: CandidacyEndCause; endedOn: string }> & { type: 'EndCandidacy' };

/**
 * 11 CFR 102.9(e)(3): the candidate will not run in a (general) election: lost the primary
 * before it, or withdrew. A primary cannot be ended this way, a loss is recorded on or after
 * the day of a primary the committee holds, and never after today. Recorded once: the same
 * again writes nothing, a different record is refused.
 */
export function endCandidacy(command: EndCandidacy, state: CommitteeState): CandidacyEnded[] {
  const { data } = command;
  const election = electionOf(state, data);
  const committee = stateOf(state);
  if (election.kind === 'primary') reject('candidacy_end_invalid', `${election.electionId} is a primary: a loss is recorded against the election the candidate will not run in`);
  if (data.endedOn > committeeDayOf(committee, command.metadata.occurredAt)) reject('candidacy_end_invalid', `a candidacy cannot end on ${data.endedOn}, after the committee's today`);
  if (data.cause === 'lost_primary' && !committee.elections.some((e) => e.kind === 'primary' && e.date <= data.endedOn && e.date < election.date)) {
    reject('candidacy_end_invalid', `no primary of the committee was held by ${data.endedOn}, before ${election.electionId}`);
  }
  const ended = committee.candidacyEnded?.[election.electionId];
  if (ended) {
    if (ended.cause === data.cause && ended.endedOn === data.endedOn) return [];
    reject('candidacy_already_ended', `the candidacy in ${election.electionId} ended on ${ended.endedOn} (${ended.cause})`);
  }
  const payload = { committeeId: data.committeeId, electionId: election.electionId, cause: data.cause, endedOn: data.endedOn, reason: data.reason, recordedBy: data.recordedBy };
  return [{ eventId: command.eventId, type: 'CandidacyEnded', version: CURRENT_VERSIONS.CandidacyEnded, payload, metadata: command.metadata }];
}

function stateOf(state: CommitteeState): Registered {
  if (state.status !== 'registered') return reject('committee_not_found', 'no such committee');
  return state;
}

/** The committee's election, under a law that has elections (the FEC's); the reason is required. */
function electionOf(state: CommitteeState, data: { committeeId: string; electionId: string; reason: string }): Election {
  if (state.status !== 'registered') return reject('committee_not_found', `committee ${data.committeeId} does not exist`);
  if (!JURISDICTION_RULES[state.jurisdiction].donationsCountTowardsAnElection) reject('elections_not_applicable', `${state.jurisdiction} committees do not record elections' debts or candidacies`);
  if (data.reason.trim() === '') reject('reason_required', 'the record needs its reason');
  const election = state.elections.find((e) => e.electionId === data.electionId);
  return election ?? reject('election_unknown', `${data.electionId} is not one of the committee's elections`);
}
