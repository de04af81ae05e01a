import type { RecordedEvent } from '#contracts';
import { scheduleA } from './schedule-a.report.js';
import { scheduleB } from './schedule-b.report.js';
import type { DonationRow } from './donation-row.js';
import { foldProjection } from '../projection.js';
import { donorLinksProjection } from '../donor-links/donor-links.projection.js';
import { linksInForce, type DonorLinkRow } from '../donor-links/donor-link-row.js';
import { ELECTIONS, usScenario } from '../reports/scenario.fixtures.spec.js';
import type { DonorView } from '../reports/report-donor.js';

/**
 * Issue 14, item 12 on the FEC filings: once an officer links two donor identities, they are one
 * contributor, so Schedule A states one aggregate for both and itemizes them when that combined
 * aggregate passes $200 (52 U.S.C. 30104(b)(3)(A); 11 CFR 104.3(a)(4)(i)); $200.00 exactly is not
 * itemized, $200.01 is.
 */
const committee = { committeeId: 'cmte-us', filerCommitteeId: 'C00123456', elections: ELECTIONS };
const cycle = { from: '2025-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
const address = { line1: '12 St James Sq', line2: null, city: 'New York', region: 'NY', postalCode: '10001', country: 'US' };
const person = (name: string): DonorView => ({ status: 'disclosed', name, address, occupation: 'Mathematician', employer: 'Self', companyNumber: null });

const template = usScenario().rows.find((r) => r.donationId === 'a1')!;
const gift = (donationId: string, donorId: string, amountMinor: bigint, receivedAt: string): DonationRow => ({
  ...template, donationId, donorId, donorType: 'individual', receivedAt, itemized: false, refundedMinor: 0n, chargedBackMinor: 0n, reversals: [], excessHeldMinor: 0n,
  receivedMinor: amountMinor, acceptedMinor: amountMinor, allocations: [{ electionId: template.allocations[0].electionId, amountMinor }],
});
const views = new Map<string, DonorView>([['ada-1', person('Ada Lovelace')], ['initial-1', person('A. Lovelace')]]);

const linked = (linkId: string, donorId: string, linkedDonorId: string, position: number): RecordedEvent => ({
  eventId: `${linkId}-${donorId}`, type: 'DonorIdentitiesLinked', version: 1, streamId: `donor-cmte-us-${donorId}`, revision: 1, position, recordedAt: '2026-04-01T12:00:00.000Z', hash: 'h', prevHash: 'p',
  payload: { committeeId: 'cmte-us', donorId, linkedDonorId, officer: 'api-key:officer', reason: 'same person' },
  metadata: { occurredAt: '2026-04-01T12:00:00.000Z', correlationId: 'c', causationId: linkId, committeeId: 'cmte-us', donorId },
});
const rowsOf = (events: RecordedEvent[]): DonorLinkRow[] => [...foldProjection(donorLinksProjection, events).values()];
// The two facts of one link (one on each donor's aggregate) make one row.
const adaLink = linksInForce(rowsOf([linked('link-1', 'dn_ada', 'dn_alovelace', 1), linked('link-1', 'dn_alovelace', 'dn_ada', 2)]));

const report = (otherMinor: bigint, linkedDonors = adaLink) =>
  scheduleA({ committee, donors: views, ...cycle, linkedDonors, rows: [gift('ada-1', 'dn_ada', 10_000n, '2026-03-01T15:00:00.000Z'), gift('initial-1', 'dn_alovelace', otherMinor, '2026-03-02T15:00:00.000Z')] });
const lines = (a: ReturnType<typeof report>) => a.lines.map((l) => [l.donationId, l.amountMinor, l.aggregateMinor, l.record.contribution_aggregate]);

describe('Schedule A: linked donor identities are one contributor (issue 14, item 12)', () => {
  it('given the two facts of one link, then reporting keeps one link in force between the two donors', () => {
    expect(adaLink).toEqual([{ donorId: 'dn_ada', linkedDonorId: 'dn_alovelace' }]);
  });

  describe('given "Ada Lovelace" gave $100.00 and "A. Lovelace" gave to the same committee, linked', () => {
    it('when together they gave $200.00 exactly, then neither is itemized', () => {
      expect(report(10_000n).lines).toEqual([]);
    });

    it('when together they gave $200.01, then both receipts are itemized, each with the aggregate of both to its date', () => {
      expect(lines(report(10_001n))).toEqual([
        ['ada-1', 10_000n, 10_000n, '100.00'],
        ['initial-1', 10_001n, 20_001n, '200.01'],
      ]);
    });

    it('when they are not linked, then $100.00 and $100.01 are two contributors under $200 and neither is itemized', () => {
      expect(report(10_001n, []).lines).toEqual([]);
    });
  });

  it('given three identities linked in a chain, then all three add into one aggregate', () => {
    const rows = [gift('ada-1', 'dn_ada', 7_000n, '2026-03-01T15:00:00.000Z'), gift('initial-1', 'dn_alovelace', 7_000n, '2026-03-02T15:00:00.000Z'), gift('third-1', 'dn_zz', 6_001n, '2026-03-03T15:00:00.000Z')];
    const chain = [...adaLink, { donorId: 'dn_zz', linkedDonorId: 'dn_alovelace' }];
    const a = scheduleA({ committee, donors: views, ...cycle, rows, linkedDonors: chain });
    expect(a.lines.map((l) => l.aggregateMinor)).toEqual([7_000n, 14_000n, 20_001n]);
  });

  it('given refunds to both identities, then Schedule B itemizes the payee once their combined refunds pass $200', () => {
    const refunded = (row: DonationRow, at: string): DonationRow => ({ ...row, refundedMinor: row.acceptedMinor, reversals: [{ kind: 'refund', at, amountMinor: row.acceptedMinor }] });
    const rows = [refunded(gift('ada-1', 'dn_ada', 10_000n, '2026-03-01T15:00:00.000Z'), '2026-03-05T15:00:00.000Z'), refunded(gift('initial-1', 'dn_alovelace', 10_001n, '2026-03-02T15:00:00.000Z'), '2026-03-06T15:00:00.000Z')];
    const b = (linkedDonors: typeof adaLink) => scheduleB({ committee, rows, donors: views, ...cycle, linkedDonors }).lines.map((l) => [l.donationId, l.aggregateMinor]);
    expect(b(adaLink)).toEqual([['ada-1', 10_000n], ['initial-1', 20_001n]]);
    expect(b([])).toEqual([]);
  });
});

describe('Schedule A after a link is undone (issue 14, item 12)', () => {
  const unlinked = (donorId: string, linkedDonorId: string, position: number): RecordedEvent => ({
    ...linked('link-1', donorId, linkedDonorId, position), eventId: `unlinked-${donorId}`, type: 'DonorIdentitiesUnlinked',
    payload: { committeeId: 'cmte-us', linkId: 'link-1', donorId, linkedDonorId, officer: 'api-key:officer', reason: 'linked in error' },
    metadata: { occurredAt: '2026-04-02T12:00:00.000Z', correlationId: 'c', causationId: 'link-1', committeeId: 'cmte-us', donorId },
  });
  const events = [linked('link-1', 'dn_ada', 'dn_alovelace', 1), linked('link-1', 'dn_alovelace', 'dn_ada', 2), unlinked('dn_ada', 'dn_alovelace', 3), unlinked('dn_alovelace', 'dn_ada', 4)];

  it('given the link and its undoing, then no link is in force, and $100.00 and $100.01 are two contributors again, neither itemized', () => {
    const rows = rowsOf(events);
    expect(rows).toEqual([{ linkId: 'link-1', committeeId: 'cmte-us', donorIds: ['dn_ada', 'dn_alovelace'], linkedAt: '2026-04-01T12:00:00.000Z', officer: 'api-key:officer', unlinkedAt: '2026-04-02T12:00:00.000Z' }]);
    expect(report(10_001n, linksInForce(rows)).lines).toEqual([]);
  });

  it('given the undoing of one donor folded before the link of the other (two partitions), then the row ends the same', () => {
    expect(rowsOf([events[0], events[2], events[1], events[3]])).toEqual(rowsOf(events));
    expect(rowsOf([events[2], events[0], events[3], events[1]])).toEqual(rowsOf(events));
  });

  it('given each fact folded twice, then the row is the same as once', () => {
    expect(rowsOf([...events, ...events])).toEqual(rowsOf(events));
  });
});
