import { FS } from './fec-file.js';
import { F6_COLUMNS, F65_COLUMNS, form6Notices } from './form-6.js';
import { fortyEightHourNotices } from './forty-eight-hour-notices.report.js';
import { disclosedViews, ELECTIONS, ScenarioLedger, usScenario } from '../reports/scenario.fixtures.spec.js';

const signer = { filerCommitteeId: 'C00123456', committeeName: 'Pat for Congress', signerName: 'Jane Q. Treasurer' };

describe('48-hour notices as Form 6', () => {
  const { rows } = usScenario();
  const notices = fortyEightHourNotices({ committeeId: 'cmte-us', elections: ELECTIONS, rows, donors: disclosedViews(rows) });
  const forms = form6Notices(notices, signer);

  it('given $1,000+ receipts in the primary and the general windows, then there is one Form 6 per window listing exactly its qualifying contributions', () => {
    expect(forms.map((f) => [f.electionCode, f.contributions.map((c) => [c.contribution_date, c.contribution_amount]), f.dueBy])).toEqual([
      ['P2026', [['2026-05-20', 1200]], '2026-05-22T10:00:00.000Z'],
      // a3 as received ($2,000), whatever was refunded since: the notice reports receipts.
      ['G2026', [['2026-10-20', 2000]], '2026-10-22T15:00:00.000Z'],
    ]);
    for (const form of forms) expect(form.contributions.length).toBe(notices.lines.filter((l) => l.electionId === form.electionId).length);
  });

  it('given a Form 6, then its file is the header, the F6 and an F65 per contribution in the FEC 8.3 columns', () => {
    const records = forms[1].file.trimEnd().split('\n').map((r) => r.split(FS));
    expect(records.map((r) => [r[0], r.length])).toEqual([['HDR', 8], ['F6N', F6_COLUMNS.length], ['F65', F65_COLUMNS.length]]);
    expect([F6_COLUMNS.length, F65_COLUMNS.length]).toEqual([24, 20]);
    const f6 = Object.fromEntries(F6_COLUMNS.map((c, i) => [c, records[1][i]]));
    expect(f6).toMatchObject({ filer_committee_id_number: 'C00123456', committee_name: 'Pat for Congress', signer_last_name: 'Treasurer', signer_first_name: 'Jane', signer_middle_name: 'Q', date_signed: '20261020' });
    const f65 = Object.fromEntries(F65_COLUMNS.map((c, i) => [c, records[2][i]]));
    expect(f65).toMatchObject({ entity_type: 'IND', contributor_last_name: 'dA', contributor_first_name: 'Donor', contribution_date: '20261020', contribution_amount: '2000.00', contributor_occupation: 'Engineer' });
    expect(forms[1].fileName).toBe('C00123456_F6N_G2026_20261020.fec');
  });

  it('given the same ledger twice, then each file is byte for byte the same; an undisclosed contributor is named as such, never filed blank', () => {
    expect(form6Notices(fortyEightHourNotices({ committeeId: 'cmte-us', elections: ELECTIONS, rows: [...rows].reverse(), donors: disclosedViews(rows) }), signer).map((f) => f.file)).toEqual(forms.map((f) => f.file));
    const withheld = form6Notices(fortyEightHourNotices({ committeeId: 'cmte-us', elections: ELECTIONS, rows, donors: new Map() }), signer);
    expect(withheld.map((f) => [f.contributions.length, f.undisclosed])).toEqual([[0, ['c1']], [0, ['a3']]]);
  });

  it('given no receipt in a window, then no Form 6 is made for it', () => {
    const l = new ScenarioLedger('cmte-us', 'camp-us', 'USD');
    l.received('small', 'd1', '2026-05-20T00:00:00.000Z', 99_999);
    expect(form6Notices(fortyEightHourNotices({ committeeId: 'cmte-us', elections: ELECTIONS, rows: [...l.donationRows().values()], donors: new Map() }), signer)).toEqual([]);
  });
});
