import {
  CURRENT_VERSIONS,
  ELECTION_KINDS,
  isSupportedCurrency,
  type CommitteeEvent,
  type CommitteeRegistered,
  type CommitteeRegisteredV2,
  type EventMetadata,
} from '#contracts';
import { parseCalendarDay } from '../shared/calendar.js';
import { JURISDICTION_RULES } from './jurisdiction.js';
import { assertNever, reject } from '../shared/rejection.js';
import type { Fold } from '../shared/fold.js';

export type CommitteeState =
  | { status: 'unregistered' }
  | ({ status: 'registered' } & CommitteeRegisteredV2);

export const initialCommitteeState = (): CommitteeState => ({ status: 'unregistered' });

export function evolveCommittee(state: CommitteeState, event: CommitteeEvent): CommitteeState {
  switch (event.type) {
    case 'CommitteeRegistered':
      return { status: 'registered', ...event.payload };
    default:
      return assertNever(event.type);
  }
}

/** A committee's stream as every service folds it. */
export const committeeFold: Fold<CommitteeState, CommitteeEvent> = { evolve: evolveCommittee, initialState: initialCommitteeState };

export interface RegisterCommittee {
  type: 'RegisterCommittee';
  eventId: string;
  metadata: EventMetadata;
  data: Omit<CommitteeRegisteredV2, 'registeredBy'> & { registeredBy: string };
}

export function registerCommittee(command: RegisterCommittee, state: CommitteeState): CommitteeRegistered[] {
  const data = command.data;
  if (state.status === 'registered') reject('committee_already_registered', `committee ${data.committeeId} exists`);
  if (!isSupportedCurrency(data.currency)) reject('currency_not_supported', `currency ${data.currency} is not supported`);
  const rules = JURISDICTION_RULES[data.jurisdiction];
  if (rules === undefined) reject('jurisdiction_not_supported', `no rules for jurisdiction ${data.jurisdiction}`);
  if (rules.currency !== data.currency) {
    reject('currency_mismatch', `${data.jurisdiction} committees report in ${rules.currency}`);
  }
  checkElections(data);
  return [
    {
      eventId: command.eventId,
      type: 'CommitteeRegistered',
      version: CURRENT_VERSIONS.CommitteeRegistered,
      payload: { ...data },
      metadata: command.metadata,
    },
  ];
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
