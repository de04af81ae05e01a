import type { NewEvent } from '../shared/envelope.js';

export interface CampaignOpenedV1 {
  campaignId: string;
  committeeId: string;
  name: string;
  currency: string;
  /** ISO 8601 instant the campaign starts taking donations. */
  opensAt: string;
  /** ISO 8601 instant it stops, or null for open-ended. */
  closesAt: string | null;
}

export type CampaignOpened = NewEvent<'CampaignOpened', CampaignOpenedV1>;
export type CampaignEvent = CampaignOpened;

export const campaignStreamId = (campaignId: string): string => `campaign-${campaignId}`;
