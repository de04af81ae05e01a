import type { DonationRow } from './donation-row.js';
import { conduitEarmarks, conduitEarmarksTable, reconcileEarmarks } from './conduit-earmarks.report.js';
import { scheduleA } from './schedule-a.report.js';
import type { DonorView } from '../reports/report-donor.js';

const ELECTIONS = [{ electionId: 'g-2026', kind: 'general' as const, date: '2026-11-03' }];

function row(donationId: string, committeeId: string, acceptedMinor: bigint, receivedMinor = acceptedMinor, donorId = 'dn_dee', campaignId = 'vf-split'): DonationRow {
  return {
    donationId, committeeId, campaignId, donorId, donorType: 'individual', sealedPii: 'sealed', currency: 'USD', paymentMethod: 'card',
    receivedAt: '2026-09-02T10:00:00.000Z', acceptedAt: '2026-09-02T10:00:01.000Z', electionId: 'g-2026', receivedMinor, acceptedMinor,
    refundedMinor: 0n, chargedBackMinor: 0n, allocations: acceptedMinor > 0n ? [{ electionId: 'g-2026', amountMinor: acceptedMinor }] : [], excessHeldMinor: receivedMinor - acceptedMinor,
    decision: acceptedMinor > 0n ? 'accepted' : 'rejected', status: acceptedMinor > 0n ? (acceptedMinor < receivedMinor ? 'partly_accepted' : 'accepted') : 'rejected',
    itemized: acceptedMinor > 20_000n, flags: [], rejectionCode: null, lastPosition: 1,
  };
}

const dee: DonorView = { status: 'disclosed', name: 'Dee Donor', address: { line1: '1 Main St', line2: null, city: 'Albany', region: 'NY', postalCode: '12207', country: 'US' }, occupation: 'Nurse', employer: 'Clinic', companyNumber: null };
const conduit = {
  committeeId: 'vf',
  fecId: 'C00000015',
  name: 'Victory Fund',
  recipients: new Map([['ada', { name: 'Ada for Congress', fecId: 'C00000016' }], ['bo', { name: 'Bo for Senate', fecId: null }]]),
};
// One split: $500.00 to Ada (only $250.00 fitted her limit), $200.00 to Bo; a second split $50.00 to Bo; a share Ada refused.
const rows = [row('s1-ada', 'ada', 25_000n, 50_000n), row('s1-bo', 'bo', 20_000n), row('s2-bo', 'bo', 5_000n, 5_000n, 'dn_eve'), row('s3-ada', 'ada', 0n, 10_000n, 'dn_eve'), row('direct', 'vf', 9_000n)];
const period = { from: '2026-07-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' };
const report = conduitEarmarks({ conduit, rows, donors: new Map(rows.map((r) => [r.donationId, dee])), ...period });

describe('the conduit\'s report of earmarked contributions', () => {
  it('given three shares accepted, then the totals per recipient are what each recipient accepted; the conduit\'s own donation is no earmark', () => {
    expect(report.byRecipient).toEqual([
      { recipientCommitteeId: 'ada', shareCount: 1, totalMinor: 25_000n, itemizedMinor: 25_000n },
      { recipientCommitteeId: 'bo', shareCount: 2, totalMinor: 25_000n, itemizedMinor: 0n },
    ]);
    expect(report.totalMinor).toBe(50_000n);
  });

  it('given one share over $200 and one of exactly $200, then only the first is itemized, as a memo line naming its source and recipient', () => {
    expect(report.lines.map((l) => [l.donationId, l.amountMinor])).toEqual([['s1-ada', 25_000n]]);
    expect(report.lines[0].record).toMatchObject({
      form_type: 'SA11AI',
      filer_committee_id_number: 'C00000015',
      contributor_last_name: 'Donor',
      contributor_first_name: 'Dee',
      contribution_amount: '250.00',
      donor_committee_fec_id: 'C00000016',
      donor_committee_name: 'Ada for Congress',
      memo_code: 'X',
      memo_text_description: 'Earmarked contribution forwarded to Ada for Congress (C00000016)',
    });
    expect(conduitEarmarksTable(report).rows[0]).toHaveLength(45);
  });
});

describe('the recipient\'s Schedule A names the conduit', () => {
  it('given Ada\'s rows, then the earmarked line carries conduit_name and a memo; her direct gift does not', () => {
    const adaRows = [row('s1-ada', 'ada', 25_000n, 50_000n), row('ada-direct', 'ada', 30_000n, 30_000n, 'dn_dee', 'ada-camp')];
    const sa = scheduleA({ committee: { committeeId: 'ada', filerCommitteeId: 'C00000016', elections: ELECTIONS }, rows: adaRows, donors: new Map(adaRows.map((r) => [r.donationId, dee])), ...period, conduitsByCampaign: new Map([['vf-split', { name: 'Victory Fund', fecId: 'C00000015' }]]) });
    const byId = new Map(sa.lines.map((l) => [l.donationId, l.record]));
    expect(byId.get('s1-ada')).toMatchObject({ conduit_name: 'Victory Fund', memo_text_description: 'earmarked through Victory Fund (C00000015)' });
    expect(byId.get('ada-direct')).toMatchObject({ conduit_name: '', memo_text_description: '' });
  });
});

describe('reconciling the conduit with its recipients', () => {
  const campaigns = new Set(['vf-split']);

  it('given the recipients booked exactly the shares, then every recipient reconciles to the cent', () => {
    const recipientRows = new Map([['ada', [rows[0], rows[3], row('ada-direct', 'ada', 30_000n, 30_000n, 'dn_dee', 'ada-camp')]], ['bo', [rows[1], rows[2]]]]);
    expect(reconcileEarmarks(report, recipientRows, campaigns)).toEqual({
      ok: true,
      recipients: [
        { recipientCommitteeId: 'ada', conduitMinor: 25_000n, recipientMinor: 25_000n, differenceMinor: 0n },
        { recipientCommitteeId: 'bo', conduitMinor: 25_000n, recipientMinor: 25_000n, differenceMinor: 0n },
      ],
    });
  });

  it('given a recipient missing one share, then it is named with the difference', () => {
    const result = reconcileEarmarks(report, new Map([['ada', [rows[0]]], ['bo', [rows[1]]]]), campaigns);
    expect(result.ok).toBe(false);
    expect(result.recipients.find((r) => r.recipientCommitteeId === 'bo')).toEqual({ recipientCommitteeId: 'bo', conduitMinor: 25_000n, recipientMinor: 20_000n, differenceMinor: 5_000n });
  });
});
