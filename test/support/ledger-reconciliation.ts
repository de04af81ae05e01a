import { api, type DistributedTopology } from './distributed.js';

/**
 * What the ledger itself says happened to a campaign's donations, read back from its events
 * (the SQL ledger on PostgreSQL), beside what reporting shows: the totals its API serves and
 * the rows of its campaign_donations read model. The test compares the two; nothing here
 * assumes what the outcome should be.
 */
export interface LedgerFigures {
  /** Per donation id: how many of each event type its stream holds. */
  perDonation: Map<string, Record<string, number>>;
  /** Per accepted donation id: the amount its DonationAccepted kept. */
  acceptedById: Map<string, bigint>;
  acceptedMinor: bigint;
  acceptedCount: number;
  acceptedDonors: number;
  rejectedCount: number;
}

export interface ReportingFigures {
  totals: { raisedMinor: number; netMinor: number; donationCount: number; uniqueDonors: number; currency: string };
  /** Reporting's row per donation: accepted amount (0 for a rejection it applied). */
  rows: Map<string, bigint>;
  /** Rows whose donation id appears more than once (must be none). */
  rowsTwice: string[];
}

const DECISIONS = ['DonationAccepted', 'DonationRejected', 'DonationFlagged'];

export async function ledgerFigures(topology: DistributedTopology, campaignId: string): Promise<LedgerFigures> {
  const events = await topology.query<{ type: string; payload: string }>(
    `SELECT type, payload FROM ledger.events
     WHERE type IN ('DonationReceived', 'DonationAccepted', 'DonationRejected', 'DonationFlagged')
       AND payload::jsonb->>'campaignId' = $1`,
    [campaignId],
  );
  const perDonation = new Map<string, Record<string, number>>();
  const acceptedById = new Map<string, bigint>();
  const donors = new Set<string>();
  for (const event of events) {
    const payload = JSON.parse(event.payload) as { donationId: string; acceptedAmountMinor?: string; donorId?: string };
    const counts = perDonation.get(payload.donationId) ?? {};
    counts[event.type] = (counts[event.type] ?? 0) + 1;
    perDonation.set(payload.donationId, counts);
    if (event.type === 'DonationAccepted') {
      acceptedById.set(payload.donationId, (acceptedById.get(payload.donationId) ?? 0n) + BigInt(payload.acceptedAmountMinor ?? '0'));
      donors.add(payload.donorId ?? '');
    }
  }
  const count = (type: string): number => [...perDonation.values()].reduce((sum, c) => sum + (c[type] ?? 0), 0);
  const acceptedMinor = [...acceptedById.values()].reduce((sum, minor) => sum + minor, 0n);
  return { perDonation, acceptedById, acceptedMinor, acceptedCount: count('DonationAccepted'), acceptedDonors: donors.size, rejectedCount: count('DonationRejected') };
}

export async function reportingFigures(topology: DistributedTopology, campaignId: string): Promise<ReportingFigures> {
  const response = await api(`${topology.apps.reporting.url}/v1/campaigns/${campaignId}/totals`);
  const totals = (await response.json()) as ReportingFigures['totals'];
  const rows = await topology.query<{ donation_id: string; accepted_minor: string }>(
    `SELECT donation_id, accepted_minor FROM reporting.campaign_donations WHERE campaign_id = $1`,
    [campaignId],
  );
  const byId = new Map<string, bigint>();
  const twice: string[] = [];
  for (const row of rows) {
    if (byId.has(row.donation_id)) twice.push(row.donation_id);
    byId.set(row.donation_id, BigInt(row.accepted_minor));
  }
  return { totals, rows: byId, rowsTwice: twice };
}

/** Donation ids whose stream does not hold exactly one DonationReceived and exactly one decision. */
export function notExactlyOnce(figures: LedgerFigures, posted: readonly string[]): string[] {
  const wrong = posted.filter((id) => {
    const counts = figures.perDonation.get(id) ?? {};
    return counts.DonationReceived !== 1 || DECISIONS.reduce((sum, type) => sum + (counts[type] ?? 0), 0) !== 1;
  });
  const ids = new Set(posted);
  const unexpected = [...figures.perDonation.keys()].filter((id) => !ids.has(id));
  return [...wrong, ...unexpected.map((id) => `${id} (not posted)`)];
}
