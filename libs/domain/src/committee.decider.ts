import {
  CURRENT_VERSIONS,
  ELECTION_KINDS,
  isSupportedCurrency,
  type CommitteeEvent,
  type CommitteeRegistered,
  type CommitteeRegisteredV2,
  type EventMetadata,
  type JurisdictionProfile,
} from '#contracts';
import { assertNever, reject } from './rejection.js';

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

export interface RegisterCommittee {
  type: 'RegisterCommittee';
  eventId: string;
  metadata: EventMetadata;
  data: Omit<CommitteeRegisteredV2, 'registeredBy'> & { registeredBy: string };
}

/** Currency each profile reports in: a committee may not book in another. */
const PROFILE_CURRENCY: Record<JurisdictionProfile, string> = {
  'US-FEC-CANDIDATE': 'USD',
  'UK-PPERA-PARTY': 'GBP',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Date.parse rolls 2026-02-30 over to 2 March; a real day survives the round trip unchanged. */
function isCalendarDay(value: string): boolean {
  const time = Date.parse(value);
  return DAY.test(value) && !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

export function registerCommittee(command: RegisterCommittee, state: CommitteeState): CommitteeRegistered[] {
  const data = command.data;
  if (state.status === 'registered') reject('committee_already_registered', `committee ${data.committeeId} exists`);
  if (!isSupportedCurrency(data.currency)) reject('currency_not_supported', `currency ${data.currency} is not supported`);
  if (PROFILE_CURRENCY[data.jurisdiction] !== data.currency) {
    reject('currency_mismatch', `${data.jurisdiction} committees report in ${PROFILE_CURRENCY[data.jurisdiction]}`);
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
    if (!isCalendarDay(election.date)) {
      reject('elections_invalid', `election ${election.electionId} has no valid date (YYYY-MM-DD)`);
    }
    if (!(ELECTION_KINDS as readonly string[]).includes(election.kind)) {
      reject('elections_invalid', `election ${election.electionId} has unknown kind ${election.kind}`);
    }
  }
  if (data.jurisdiction === 'US-FEC-CANDIDATE' && data.elections.length === 0) {
    reject('elections_invalid', 'a US FEC candidate committee needs at least one election');
  }
  if (data.defaultElectionId !== null && !ids.includes(data.defaultElectionId)) {
    reject('election_unknown', `default election ${data.defaultElectionId} is not one of the committee's elections`);
  }
}
