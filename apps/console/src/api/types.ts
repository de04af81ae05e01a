/**
 * The shapes the console reads, as the API serves them and describes them in its OpenAPI
 * document (/v1/openapi.json, every app's part). Money is always an integer of minor
 * units with its currency.
 */
export type Role = 'intake' | 'officer' | 'auditor' | 'admin';

export interface Session {
  keyId: string;
  tenantId: string;
  roles: Role[];
}

export interface Election {
  electionId: string;
  kind: string;
  date: string;
}

export interface Committee {
  committeeId: string;
  name: string;
  jurisdiction: 'US-FEC-CANDIDATE' | 'UK-PPERA-PARTY' | 'UK-PPERA-ACCOUNTING-UNIT' | 'CA-CEA-PARTY';
  currency: string;
  elections: Election[];
  defaultElectionId: string | null;
  tenantId: string;
}

export interface Campaign {
  campaignId: string;
  committeeId: string;
  name: string;
  currency: string;
}

export interface CampaignTotals {
  campaignId: string;
  currency: string | null;
  raisedMinor: number;
  refundedMinor: number;
  chargedBackMinor: number;
  netMinor: number;
  donationCount: number;
  uniqueDonors: number;
  giftCount?: number;
  smallGiftShareBasisPoints?: number;
  averageGiftMinor?: number;
  medianGiftMinor?: number;
}

/** Reporting's lag behind the ledger, measured from projection checkpoints by the API. */
export interface ReportingLag {
  seconds: number;
  events: number;
  atLeast: boolean;
  appliedPosition: number | null;
  headPosition: number | null;
}

/** One reading of `/v1/campaigns/{id}/dashboard`, also what its event stream pushes. */
export interface DashboardReading {
  campaignId: string;
  at: string;
  totals: CampaignTotals;
  outcomes: Record<'accepted' | 'flagged' | 'rejected' | 'refunded', number>;
  lag: ReportingLag;
}

export interface Page<T> {
  items: T[];
  limit: number;
  next: string | null;
}

export interface HistoryEntry {
  eventId: string;
  type: string;
  /** When the ledger recorded the fact. */
  at: string;
  /** The donation's status once this fact was in. */
  status: string;
  amountMinor: number | null;
}

export interface Donation {
  donationId: string;
  status: string;
  decision: unknown;
  campaignId: string;
  committeeId: string;
  amountMinor: number;
  currency: string;
  acceptedAmountMinor: number;
  refundedAmountMinor: number;
  chargedBackAmountMinor: number;
  countedAmountMinor: number;
  payment: { method: string; pspReference: string; status: string; capturedAmountMinor: number; failure: unknown };
  electionId: string | null;
  receivedAt: string;
  rejection: unknown;
  flags: unknown[];
  itemized: boolean;
  history: HistoryEntry[];
}

export type ReviewItemKind = 'questionable_source' | 'structuring' | 'excess' | 'best_efforts';
export type ReviewDecision = 'approve' | 'reject' | 'redesignate' | 'reattribute' | 'request_information';

export interface QueueItem {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  kind: ReviewItemKind;
  dueOn: string;
  overdue: boolean;
  amountMinor: number;
  currency: string;
}

export interface ReviewQueue {
  committeeId: string;
  asOf: string;
  overdue: number;
  items: QueueItem[];
}

export interface RecordedDecision {
  eventId: string;
  type: string;
  decidedAt: string;
  officer?: string;
  reason?: string;
  [field: string]: unknown;
}

export interface DonationReview {
  donationId: string;
  committeeId: string;
  items: { kind: ReviewItemKind; dueOn: string; open: boolean; overdue: boolean; amountMinor: number }[];
  structuring: { findings: Record<string, unknown>[]; ruleIds: string[]; rulePackVersion: string; reviewDueOn: string } | null;
  decisions: RecordedDecision[];
}

export interface RewardTier {
  tierId: string;
  name: string;
  currency: string;
  thresholdKind: string;
  thresholdMinor: number;
  rewardKind: string;
  fairMarketValueMinor: number;
  stockLimit: number | null;
  stock?: Record<string, unknown>;
}

export interface RewardGrant {
  grantId: string;
  tierId: string;
  donorId: string;
  donationId: string;
  status: string;
  [field: string]: unknown;
}

export interface ApiKeyInfo {
  keyId: string;
  tenantId: string;
  roles: Role[];
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface LedgerEvent {
  position: number;
  revision: number;
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  recordedAt: string;
  actor: string | null;
  prevHash: string;
  hash: string;
  payload: unknown;
}

export interface DonationLedger {
  donationId: string;
  verified: boolean;
  streams: {
    streamId: string;
    chain: { ok: boolean; checked: number; firstBad?: { eventId: string; revision: number; problem: string } };
    events: LedgerEvent[];
  }[];
}
