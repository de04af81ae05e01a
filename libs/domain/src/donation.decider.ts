import {
  CURRENT_VERSIONS,
  parseMinor,
  type DonationEvent,
  type DonationReceived,
  type DonationReceivedV2,
  type EventMetadata,
} from '#contracts';
import type { CampaignState } from './campaign.decider.js';
import type { CommitteeState } from './committee.decider.js';
import { JURISDICTION_RULES } from './jurisdiction.js';
import { checkReceiptWindow } from './receipt-window.js';
import { assertNever, reject } from './rejection.js';

export type DonationStatus = 'received' | 'accepted' | 'flagged' | 'rejected' | 'refunded' | 'charged_back';

export type DonationState =
  | { status: 'none' }
  | {
      status: DonationStatus;
      received: DonationReceivedV2;
      acceptedAmountMinor: bigint;
      refundedAmountMinor: bigint;
      chargedBackAmountMinor: bigint;
      rejection: { code: string; detail: string } | null;
      flags: { code: string; detail: string }[];
      history: { type: string; at: string }[];
    };

export const initialDonationState = (): DonationState => ({ status: 'none' });

export function evolveDonation(state: DonationState, event: DonationEvent & { recordedAt?: string }): DonationState {
  const at = event.recordedAt ?? event.metadata.occurredAt;
  if (event.type === 'DonationReceived') {
    return {
      status: 'received',
      received: event.payload,
      acceptedAmountMinor: 0n,
      refundedAmountMinor: 0n,
      chargedBackAmountMinor: 0n,
      rejection: null,
      flags: [],
      history: [{ type: event.type, at }],
    };
  }
  if (state.status === 'none') return state;
  const history = [...state.history, { type: event.type, at }];
  switch (event.type) {
    case 'DonationAccepted':
      return { ...state, status: 'accepted', acceptedAmountMinor: parseMinor(event.payload.acceptedAmountMinor), history };
    case 'DonationFlagged':
      return { ...state, status: 'flagged', flags: [...state.flags, ...event.payload.reasons], history };
    case 'DonationRejected':
      return { ...state, status: 'rejected', rejection: { code: event.payload.code, detail: event.payload.detail }, history };
    case 'DonationRefunded':
      return {
        ...state,
        status: 'refunded',
        refundedAmountMinor: state.refundedAmountMinor + parseMinor(event.payload.amountMinor),
        history,
      };
    case 'ChargebackReceived':
      return {
        ...state,
        status: 'charged_back',
        chargedBackAmountMinor: state.chargedBackAmountMinor + parseMinor(event.payload.amountMinor),
        history,
      };
    default:
      return assertNever(event);
  }
}

export interface ReceiveDonation {
  type: 'ReceiveDonation';
  eventId: string;
  metadata: EventMetadata;
  data: Omit<DonationReceivedV2, 'amountMinor' | 'committeeId'> & { amountMinor: bigint };
  campaign: CampaignState;
  committee: CommitteeState;
}

/**
 * Takes a donation in. A repeat of the same donation (same id, same content) yields no new
 * event; the same id with different content is refused. Whether the law lets the committee
 * keep it is compliance's decision, made on the received fact.
 */
export function receiveDonation(command: ReceiveDonation, state: DonationState): DonationReceived[] {
  const { data, campaign, committee } = command;
  if (campaign.status !== 'opened') reject('campaign_not_found', `campaign ${data.campaignId} does not exist`);
  if (committee.status !== 'registered') reject('committee_not_found', `committee ${campaign.committeeId} is not registered`);
  const payload = toPayload(command, campaign.committeeId, electionFor(command, committee));
  if (state.status !== 'none') {
    if (sameDonation(state.received, payload)) return [];
    reject('donation_already_exists', `donation ${data.donationId} exists with different content`);
  }
  if (data.amountMinor <= 0n) reject('amount_must_be_positive', 'amountMinor must be greater than zero');
  if (data.currency !== campaign.currency) {
    reject('currency_mismatch', `campaign ${campaign.campaignId} takes ${campaign.currency}, not ${data.currency}`);
  }
  checkReceiptWindow({ receivedAt: data.receivedAt, now: command.metadata.occurredAt, opensAt: campaign.opensAt, closesAt: campaign.closesAt });
  return [
    { eventId: command.eventId, type: 'DonationReceived', version: CURRENT_VERSIONS.DonationReceived, payload, metadata: command.metadata },
  ];
}

function electionFor(command: ReceiveDonation, committee: CommitteeState & { status: 'registered' }): string | null {
  const designated = command.data.electionId;
  if (designated !== null) {
    if (!committee.elections.some((e) => e.electionId === designated)) {
      reject('election_unknown', `election ${designated} is not one of committee ${committee.committeeId}'s`);
    }
    return designated;
  }
  if (JURISDICTION_RULES[committee.jurisdiction].donationsCountTowardsAnElection && committee.defaultElectionId === null) {
    reject('election_required', 'this committee has no default election: designate one');
  }
  return committee.defaultElectionId;
}

function toPayload(command: ReceiveDonation, committeeId: string, electionId: string | null): DonationReceivedV2 {
  const { data } = command;
  return {
    donationId: data.donationId,
    campaignId: data.campaignId,
    committeeId,
    amountMinor: data.amountMinor.toString(10),
    currency: data.currency,
    donor: data.donor,
    payment: data.payment,
    electionId,
    receivedAt: data.receivedAt,
  };
}

/** Same donation: every field the donor or PSP chose. Sealed PII differs per encryption (random IV). */
function sameDonation(a: DonationReceivedV2, b: DonationReceivedV2): boolean {
  return (
    a.campaignId === b.campaignId &&
    a.amountMinor === b.amountMinor &&
    a.currency === b.currency &&
    a.donor.donorId === b.donor.donorId &&
    a.payment.method === b.payment.method &&
    a.payment.pspReference === b.payment.pspReference &&
    a.electionId === b.electionId
  );
}
