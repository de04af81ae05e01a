import { parseMinor, type RecordedEvent, type RewardGrantedV1, type RewardKind } from '#contracts';

/** A reward granted to a donor: what campaign staff fulfil and what may reduce a donation's value (PPERA). */
export interface ReportRewardGrantRow {
  grantId: string;
  committeeId: string;
  campaignId: string;
  tierId: string;
  tierVersion: number;
  donorId: string;
  donationId: string;
  rewardKind: RewardKind;
  fairMarketValueMinor: bigint;
  currency: string;
  grantedAt: string;
  lastPosition: number;
}

/** A grant is written once; a replay of it (or of anything older) changes nothing. */
export function evolveReportRewardGrantRow(row: ReportRewardGrantRow | null, event: RecordedEvent): ReportRewardGrantRow | null {
  if (event.type !== 'RewardGranted' || (row !== null && row.lastPosition >= event.position)) return row;
  const p = event.payload as RewardGrantedV1;
  return {
    grantId: p.grantId,
    committeeId: p.committeeId,
    campaignId: p.campaignId,
    tierId: p.tierId,
    tierVersion: p.tierVersion,
    donorId: p.donorId,
    donationId: p.donationId,
    rewardKind: p.rewardKind,
    fairMarketValueMinor: parseMinor(p.fairMarketValueMinor),
    currency: p.currency,
    grantedAt: p.grantedAt,
    lastPosition: event.position,
  };
}
