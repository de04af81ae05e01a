/**
 * A small ledger of recorded facts for the report specifications, with every figure chosen so
 * the reports can be computed by hand. Not a suite itself (no `.unit.` in the name).
 */
import type { DonorType, Election, InKindGift, PaymentMethod, RecordedEvent } from '#contracts';
import { foldProjection } from '../projection.js';
import { donationsProjection } from '../donations/donations.projection.js';
import { complianceCasesProjection } from '../compliance-cases/compliance-cases.projection.js';
import { redesignated, type DonationRow } from '../donations/donation-row.js';
import type { ComplianceCaseRow } from '../compliance-cases/compliance-case-row.js';
import type { DonorView } from './report-donor.js';

export const PRIMARY = 'primary-2026';
export const GENERAL = 'general-2026';
export const ELECTIONS: Election[] = [
  { electionId: PRIMARY, kind: 'primary', date: '2026-06-02' },
  { electionId: GENERAL, kind: 'general', date: '2026-11-03' },
];

/** Appends facts with ever-growing ledger positions, as a ledger would. */
export class ScenarioLedger {
  readonly events: RecordedEvent[] = [];

  constructor(
    readonly committeeId: string,
    readonly campaignId: string,
    readonly currency: string,
  ) {}

  private add(type: string, version: number, donationId: string, donorId: string, at: string, payload: Record<string, unknown>): this {
    this.events.push({
      eventId: `${type}-${donationId}-${this.events.length}`,
      type,
      version,
      streamId: `donation-${donationId}`,
      revision: this.events.filter((e) => e.streamId === `donation-${donationId}`).length,
      position: this.events.length + 1,
      recordedAt: at,
      hash: 'h',
      prevHash: 'p',
      payload: { donationId, campaignId: this.campaignId, ...payload },
      metadata: { occurredAt: at, correlationId: 'c', causationId: 'c', committeeId: this.committeeId, donorId },
    });
    return this;
  }

  /** A gift in kind with its details is written as v5 writes it; anything else as v3, which the projection upcasts. */
  received(donationId: string, donorId: string, at: string, amountMinor: number, options: { electionId?: string | null; type?: DonorType; method?: PaymentMethod; registrationNumber?: string; inKind?: InKindGift } = {}): this {
    const v5 = options.inKind !== undefined;
    return this.add('DonationReceived', v5 ? 5 : 3, donationId, donorId, at, {
      committeeId: this.committeeId,
      amountMinor: String(amountMinor),
      currency: this.currency,
      donor: { donorId, type: options.type ?? 'individual', sealedPii: `sealed:${donationId}`, attestations: {}, detailsGiven: null, ...(options.registrationNumber || v5 ? { registrationNumber: options.registrationNumber ?? null } : {}) },
      payment: v5 ? { method: 'in_kind', pspReference: null, inKind: options.inKind } : { method: options.method ?? 'card', pspReference: null },
      electionId: options.electionId ?? null,
      receivedAt: at,
      ...(v5 ? { matchKeys: { paymentInstrument: null, address: null, email: null, device: null }, publicAcknowledgement: null } : {}),
    });
  }

  accepted(donationId: string, donorId: string, at: string, amountMinor: number, electionId: string | null, itemized = false): this {
    return this.add('DonationAccepted', 2, donationId, donorId, at, {
      committeeId: this.committeeId, donorId, electionId, acceptedAmountMinor: String(amountMinor), currency: this.currency,
      aggregateAfterMinor: String(amountMinor), ruleIds: [], rulePackVersion: 'v', figures: {}, itemized,
    });
  }

  excess(donationId: string, donorId: string, at: string, excessMinor: number, dueOn: string): this {
    return this.add('ExcessiveContributionHeld', 1, donationId, donorId, at, {
      committeeId: this.committeeId, donorId, electionId: PRIMARY, receivedAmountMinor: '0', acceptedAmountMinor: '0', excessAmountMinor: String(excessMinor),
      currency: this.currency, remedies: ['refund', 'redesignation', 'reattribution'], dueOn, figures: {}, ruleIds: [], rulePackVersion: 'v',
    });
  }

  rejected(donationId: string, donorId: string, at: string, code: string): this {
    return this.add('DonationRejected', 1, donationId, donorId, at, { committeeId: this.committeeId, donorId, code, detail: code, figures: {}, ruleIds: [], rulePackVersion: 'v' });
  }

  flagged(donationId: string, donorId: string, at: string, deadlines: { action: string; dueOn: string }[]): this {
    return this.add('DonationFlagged', 2, donationId, donorId, at, { reasons: [{ code: 'questionable_source', detail: 'no attestation' }], ruleIds: [], rulePackVersion: 'v', figures: {}, deadlines });
  }

  bestEfforts(donationId: string, donorId: string, at: string, dueOn: string): this {
    return this.add('BestEffortsRequestOpened', 1, donationId, donorId, at, { committeeId: this.committeeId, donorId, missingDetails: ['occupation'], dueOn, ruleIds: [], rulePackVersion: 'v' });
  }

  returnRequired(donationId: string, donorId: string, at: string, amountMinor: number, code: string, action: string, dueOn: string): this {
    return this.add('DonationReturnRequired', 1, donationId, donorId, at, {
      committeeId: this.committeeId, donorId, amountMinor: String(amountMinor), currency: this.currency, code, action, dueOn, figures: {}, ruleIds: [], rulePackVersion: 'v',
    });
  }

  refunded(donationId: string, donorId: string, at: string, amountMinor: number): this {
    return this.add('DonationRefunded', 1, donationId, donorId, at, { amountMinor: String(amountMinor), currency: this.currency, reason: 'r', decidedBy: 'psp', pspReference: null });
  }

  chargedBack(donationId: string, donorId: string, at: string, amountMinor: number): this {
    return this.add('ChargebackReceived', 1, donationId, donorId, at, { amountMinor: String(amountMinor), currency: this.currency, reason: 'fraud', pspReference: 'ch' });
  }

  deposited(donationId: string, donorId: string, at: string, depositedOn: string, dueOn: string | null, late: boolean): this {
    return this.add('DonationDeposited', 1, donationId, donorId, at, { committeeId: this.committeeId, depositedOn, dueOn, late, citation: null, rulePackVersion: 'test', recordedBy: 'officer-1' });
  }

  dateCorrected(donationId: string, donorId: string, at: string, date: 'received' | 'deposited' | 'accepted', previous: string, corrected: string, deposit: { dueOn: string | null; late: boolean } | null = null): this {
    const standing = deposit && { ...deposit, citation: null, rulePackVersion: 'test' };
    return this.add('DonationDateCorrected', 1, donationId, donorId, at, { committeeId: this.committeeId, date, previous, corrected, reason: 'r', correctedBy: 'officer-1', deposit: standing });
  }

  dealtWith(donationId: string, donorId: string, at: string, manner: string, dealtWithOn: string, reference: string | null = null, dueOn = '2026-01-01', late = false): this {
    return this.add('ImpermissibleDonationDealtWith', 1, donationId, donorId, at, { committeeId: this.committeeId, manner, dealtWithOn, reference, reason: 'r', recordedBy: 'officer-1', dueOn, late });
  }

  donationRows(): Map<string, DonationRow> {
    return foldProjection(donationsProjection, this.events);
  }

  caseRows(): ComplianceCaseRow[] {
    return [...foldProjection(complianceCasesProjection, this.events).values()];
  }
}

/**
 * The US committee's year: donor A passes the primary limit (excess redesignated to the
 * general), gives again before the general and is partly refunded; donor B's second gift is
 * charged back; donor C gives twice around the primary's 48-hour window; D is refused; E gives
 * a small gift; F is flagged.
 */
export function usScenario(): { ledger: ScenarioLedger; rows: DonationRow[] } {
  const l = new ScenarioLedger('cmte-us', 'camp-us', 'USD');
  l.received('a1', 'dA', '2026-03-01T15:00:00.000Z', 300_000, { electionId: PRIMARY }).accepted('a1', 'dA', '2026-03-01T15:00:01.000Z', 300_000, PRIMARY, true);
  l.received('a2', 'dA', '2026-04-10T15:00:00.000Z', 100_000, { electionId: PRIMARY }).accepted('a2', 'dA', '2026-04-10T15:00:01.000Z', 50_000, PRIMARY, true);
  l.excess('a2', 'dA', '2026-04-10T15:00:01.000Z', 50_000, '2026-06-09');
  l.received('a3', 'dA', '2026-10-20T15:00:00.000Z', 200_000, { electionId: GENERAL }).accepted('a3', 'dA', '2026-10-20T15:00:01.000Z', 200_000, GENERAL, true);
  l.refunded('a3', 'dA', '2026-10-25T09:00:00.000Z', 30_000);
  l.received('b1', 'dB', '2026-02-01T10:00:00.000Z', 15_000).accepted('b1', 'dB', '2026-02-01T10:00:01.000Z', 15_000, PRIMARY);
  l.received('b2', 'dB', '2026-05-01T10:00:00.000Z', 10_000).accepted('b2', 'dB', '2026-05-01T10:00:01.000Z', 10_000, PRIMARY, true);
  l.chargedBack('b2', 'dB', '2026-05-09T10:00:00.000Z', 10_000);
  l.received('c1', 'dC', '2026-05-20T10:00:00.000Z', 120_000).accepted('c1', 'dC', '2026-05-20T10:00:01.000Z', 120_000, PRIMARY, true);
  l.bestEfforts('c1', 'dC', '2026-05-20T10:00:01.000Z', '2026-06-19');
  l.received('c2', 'dC', '2026-05-31T12:00:00.000Z', 150_000).accepted('c2', 'dC', '2026-05-31T12:00:01.000Z', 150_000, PRIMARY, true);
  l.received('d1', 'dD', '2026-03-10T10:00:00.000Z', 500_000, { type: 'company' }).rejected('d1', 'dD', '2026-03-10T10:00:01.000Z', 'prohibited_source');
  l.received('e1', 'dE', '2026-03-05T10:00:00.000Z', 5_000).accepted('e1', 'dE', '2026-03-05T10:00:01.000Z', 5_000, PRIMARY);
  l.received('f1', 'dF', '2026-05-02T10:00:00.000Z', 25_000, { type: 'other' });
  l.flagged('f1', 'dF', '2026-05-02T10:00:01.000Z', [{ action: 'deposit_or_return', dueOn: '2026-05-12' }, { action: 'obtain_evidence_or_refund', dueOn: '2026-06-01' }]);
  const rows = l.donationRows();
  // The officer redesignates a2's $500.00 excess to the general election (the review work's event folds so).
  rows.set('a2', redesignated(rows.get('a2') as DonationRow, GENERAL, 50_000n));
  return { ledger: l, rows: [...rows.values()] };
}

/** Every donation disclosed as a named person living in Springfield. */
export function disclosedViews(rows: readonly DonationRow[]): Map<string, DonorView> {
  return new Map(
    rows.map((r) => [r.donationId, { status: 'disclosed', name: `Donor ${r.donorId}`, address: { line1: '1 Main St', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' }, occupation: 'Engineer', employer: 'Acme', companyNumber: null }]),
  );
}
