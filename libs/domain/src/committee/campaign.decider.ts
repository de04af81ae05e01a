import {
  CURRENT_VERSIONS,
  type CampaignEvent,
  type CampaignOpened,
  type CampaignOpenedV1,
  type EventMetadata,
} from '#contracts';
import type { CommitteeState } from './committee.decider.js';
import { assertNever, reject } from '../shared/rejection.js';
import type { Fold } from '../shared/fold.js';

export type CampaignState = { status: 'none' } | ({ status: 'opened' } & CampaignOpenedV1);

export const initialCampaignState = (): CampaignState => ({ status: 'none' });

export function evolveCampaign(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case 'CampaignOpened':
      return { status: 'opened', ...event.payload };
    default:
      return assertNever(event.type);
  }
}

/** A campaign's stream as every service folds it. */
export const campaignFold: Fold<CampaignState, CampaignEvent> = { evolve: evolveCampaign, initialState: initialCampaignState };

export interface OpenCampaign {
  type: 'OpenCampaign';
  eventId: string;
  metadata: EventMetadata;
  data: CampaignOpenedV1;
  committee: CommitteeState;
}

export function openCampaign(command: OpenCampaign, state: CampaignState): CampaignOpened[] {
  const { data, committee } = command;
  if (committee.status !== 'registered') reject('committee_not_found', `committee ${data.committeeId} is not registered`);
  if (state.status === 'opened') reject('campaign_already_exists', `campaign ${data.campaignId} exists`);
  if (data.currency !== committee.currency) {
    reject('currency_mismatch', `campaign currency ${data.currency} differs from the committee's ${committee.currency}`);
  }
  if (data.closesAt !== null && Date.parse(data.closesAt) <= Date.parse(data.opensAt)) {
    reject('campaign_window_invalid', 'closesAt must be after opensAt');
  }
  return [
    {
      eventId: command.eventId,
      type: 'CampaignOpened',
      version: CURRENT_VERSIONS.CampaignOpened,
      payload: { ...data },
      metadata: command.metadata,
    },
  ];
}
