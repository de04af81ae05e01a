import {
  CURRENT_VERSIONS,
  type ConduitEvent,
  type ConduitRecipientAdded,
  type ConduitRecipientAddedV1,
  type ConduitRegistered,
  type ConduitRegisteredV1,
  type EventMetadata,
  type RecipientCommitteeType,
} from '#contracts';
import type { CommitteeState } from '../committee/committee.decider.js';
import { assertNever, reject } from '../shared/rejection.js';

/** An FEC committee identifier: C and eight digits (FEC Form 1). */
export const FEC_COMMITTEE_ID = /^C\d{8}$/;

export type ConduitState =
  | { status: 'none' }
  | ({ status: 'registered'; recipients: ReadonlyMap<string, ConduitRecipientAddedV1> } & ConduitRegisteredV1);

export const initialConduitState = (): ConduitState => ({ status: 'none' });

export function evolveConduit(state: ConduitState, event: ConduitEvent): ConduitState {
  switch (event.type) {
    case 'ConduitRegistered':
      return { status: 'registered', ...event.payload, recipients: new Map() };
    case 'ConduitRecipientAdded':
      if (state.status !== 'registered') return state;
      return { ...state, recipients: new Map(state.recipients).set(event.payload.recipientCommitteeId, event.payload) };
    default:
      return assertNever(event);
  }
}

export interface RegisterConduit {
  type: 'RegisterConduit';
  eventId: string;
  metadata: EventMetadata;
  data: { fecId: string; registeredBy: string };
  /** The tenant's committee that becomes the conduit. */
  committee: CommitteeState;
}

/**
 * A committee of the tenant becomes a conduit. Earmarking and forwarding are FEC rules
 * (11 CFR 110.6), so the committee must be a US FEC one. Registering again as before is no change.
 */
export function registerConduit(command: RegisterConduit, state: ConduitState): ConduitRegistered[] {
  const { committee, data } = command;
  if (committee.status !== 'registered') reject('committee_not_found', 'the conduit must be a registered committee');
  if (committee.currency !== 'USD' || !committee.jurisdiction.startsWith('US-FEC')) {
    reject('jurisdiction_not_supported', `a conduit forwards earmarked contributions under FEC rules; ${committee.jurisdiction} has none`);
  }
  if (!FEC_COMMITTEE_ID.test(data.fecId)) reject('fec_id_invalid', `${data.fecId} is not an FEC committee id (C and eight digits)`);
  const payload: ConduitRegisteredV1 = { committeeId: committee.committeeId, fecId: data.fecId, name: committee.name, tenantId: committee.tenantId, registeredBy: data.registeredBy };
  if (state.status === 'registered') {
    if (state.fecId === payload.fecId) return [];
    reject('conduit_already_registered', `committee ${committee.committeeId} is a conduit with FEC id ${state.fecId}`);
  }
  return [{ eventId: command.eventId, type: 'ConduitRegistered', version: CURRENT_VERSIONS.ConduitRegistered, payload, metadata: command.metadata }];
}

export interface AddConduitRecipient {
  type: 'AddConduitRecipient';
  eventId: string;
  metadata: EventMetadata;
  data: { kind: ConduitRecipientAddedV1['kind']; fecId: string | null };
  /** The recipient as Hustings keeps it: the tenant's own, or the one kept for an outside committee. */
  recipient: CommitteeState;
}

/** The recipients' committee types that the jurisdiction profiles in Hustings stand for. */
function committeeTypeOf(recipient: CommitteeState & { status: 'registered' }): RecipientCommitteeType {
  // A candidate committee profile is an authorized committee (52 U.S.C. 30102(e)); a party or
  // PAC profile, when one is added, is a political committee with the 30-day rule for $50 or less.
  return recipient.jurisdiction === 'US-FEC-CANDIDATE' ? 'authorized_committee' : 'political_committee';
}

/**
 * Lists a committee the conduit forwards to. It must be of the conduit's tenant (an outside
 * committee is kept as one) and book in the conduit's currency under FEC rules, since its
 * shares are decided by its own rule pack. Listing it again as before is no change.
 */
export function addConduitRecipient(command: AddConduitRecipient, state: ConduitState): ConduitRecipientAdded[] {
  const { recipient, data } = command;
  if (state.status !== 'registered') reject('conduit_not_found', 'the committee is not registered as a conduit');
  if (recipient.status !== 'registered' || recipient.tenantId !== state.tenantId) reject('committee_not_found', 'the recipient is not a committee of the conduit\'s tenant');
  if (recipient.committeeId === state.committeeId) reject('recipient_invalid', 'a conduit does not forward to itself');
  if (recipient.currency !== 'USD' || !recipient.jurisdiction.startsWith('US-FEC')) {
    reject('recipient_invalid', `an earmarked contribution goes to an FEC committee, not a ${recipient.jurisdiction} one`);
  }
  if (data.fecId !== null && !FEC_COMMITTEE_ID.test(data.fecId)) reject('fec_id_invalid', `${data.fecId} is not an FEC committee id (C and eight digits)`);
  if (data.kind === 'outside' && data.fecId === null) reject('fec_id_invalid', 'an outside recipient is known by its FEC id: give it');
  const payload: ConduitRecipientAddedV1 = {
    conduitCommitteeId: state.committeeId,
    recipientCommitteeId: recipient.committeeId,
    kind: data.kind,
    committeeType: committeeTypeOf(recipient),
    name: recipient.name,
    fecId: data.fecId,
  };
  const listed = state.recipients.get(recipient.committeeId);
  if (listed !== undefined) {
    if (listed.kind === payload.kind && listed.fecId === payload.fecId) return [];
    reject('recipient_already_listed', `committee ${recipient.committeeId} is already a recipient, as ${listed.kind} ${listed.fecId ?? ''}`.trim());
  }
  return [{ eventId: command.eventId, type: 'ConduitRecipientAdded', version: CURRENT_VERSIONS.ConduitRecipientAdded, payload, metadata: command.metadata }];
}
