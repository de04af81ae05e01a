import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { runReportCli } from '../apps/reporting/src/report-cli.js';
import { apiAs, eventually, fecTransactionsValidated, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';
import { FEC_SA_FIELDS } from '#read-models';

/**
 * Filings on the embedded platform over HTTP: donations taken by intake and decided by
 * compliance reach reporting's read models, and Schedule A and the campaign totals come back
 * as JSON and CSV, with donors disclosed to officers, withheld from intake keys and shown as
 * erased, amounts intact, once their key is destroyed.
 */
const CAMPAIGN = 'filings-camp';
const COMMITTEE = 'filings-cmte';
const ada = { type: 'individual', name: 'Augusta Ada King', address: { line1: '12 St James Sq', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' }, occupation: 'Mathematician', employer: 'Analytical Engines' };
const bob = { type: 'individual', name: 'Bob Smalls', address: { postalCode: '62702', country: 'US' } };

describe('filings and totals on the embedded platform', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  let officer: ReturnType<typeof apiAs>;
  let intake: ReturnType<typeof apiAs>;
  const year = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
  const scheduleA = `/v1/committees/${COMMITTEE}/reports/fec-schedule-a?from=${year.from}&to=${year.to}&filerCommitteeId=C00999999`;
  const csvOf = async (key: string, path: string): Promise<{ status: number; type: string | null; text: string }> => {
    const response = await fetch(`${platform.url}${path}`, { headers: { authorization: `Bearer ${key}`, accept: 'text/csv' } });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  const env = { PII_MASTER_KEY: randomBytes(32).toString('base64'), DONOR_ID_KEY: 'e2e-test-donor-id-key-of-at-least-32-chars' };
  let stopped = false;

  beforeAll(async () => {
    platform = await startEmbedded(env);
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    officer = apiAs(platform.url, (await keys.issue('default', ['officer'], 'officer')).key);
    intake = apiAs(platform.url, (await keys.issue('default', ['intake'], 'form')).key);
    expect((await admin('POST', '/v1/committees', {
      committeeId: COMMITTEE, name: 'Filings for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }], defaultElectionId: 'general-2026',
    })).status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: CAMPAIGN, committeeId: COMMITTEE, name: 'Filings', currency: 'USD' })).status).toBe(201);
    const donate = async (donationId: string, amountMinor: number, donor: object) => {
      const reply = await admin('POST', `/v1/campaigns/${CAMPAIGN}/donations`, {
        donationId, amountMinor, currency: 'USD', donor: { ...donor, attestations: { usCitizenOrPermanentResident: true } }, payment: { method: 'card', pspReference: `pi_${donationId}` },
      }, { 'idempotency-key': randomUUID() });
      expect(reply.status).toBe(202);
    };
    await donate('fil-ada-1', 15_000, ada);
    await donate('fil-ada-2', 10_000, ada);
    await donate('fil-bob-1', 5_000, bob);
    await eventually('totals of three donations', async () => (await admin('GET', `/v1/campaigns/${CAMPAIGN}/reports/totals`)).body, (b) => b.donationCount === 3);
  }, 180_000);

  afterAll(async () => {
    if (!stopped) await platform?.stop();
  }, 60_000);

  it('serves the extended totals as JSON and CSV', async () => {
    const totals = await officer('GET', `/v1/campaigns/${CAMPAIGN}/reports/totals`);
    // gifts 150, 100, 50: net $300.00, all small, average and median $100.00
    expect(totals.body).toMatchObject({ raisedMinor: 30_000, netMinor: 30_000, refundedMinor: 0, donationCount: 3, uniqueDonors: 2, smallGiftShareBasisPoints: 10_000, averageGiftMinor: 10_000, medianGiftMinor: 10_000 });
    const csv = await csvOf(TEST_ADMIN_KEY, `/v1/campaigns/${CAMPAIGN}/reports/totals`);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')).toEqual(expect.arrayContaining(['figure,value', 'netMinor,30000', 'medianGiftMinor,10000']));
  });

  it('itemizes on Schedule A the contributor past $200, disclosed to an officer and withheld from an intake key', async () => {
    const report = await officer('GET', scheduleA);
    expect(report.status).toBe(200);
    expect(report.headers.get('cache-control')).toBe('no-store');
    const lines = report.body.lines as { donationId: string; amountMinor: number; aggregateMinor: number; record: Record<string, string> }[];
    expect(lines.map((l) => [l.donationId, l.amountMinor, l.aggregateMinor])).toEqual([['fil-ada-1', 15_000, 15_000], ['fil-ada-2', 10_000, 25_000]]);
    expect(lines[1].record).toMatchObject({ form_type: 'SA11AI', filer_committee_id_number: 'C00999999', contributor_last_name: 'King', contributor_first_name: 'Augusta Ada', contributor_city: 'Springfield', contributor_occupation: 'Mathematician', election_code: 'G2028', contribution_amount: '100.00', contribution_aggregate: '250.00' });
    const csv = await csvOf(TEST_ADMIN_KEY, scheduleA);
    const [header, first] = csv.text.split('\r\n');
    expect(header).toBe(FEC_SA_FIELDS.join(','));
    expect(first).toContain('SA11AI,C00999999');
    const masked = await intake('GET', scheduleA);
    expect(masked.status).toBe(200);
    expect((masked.body.lines as { donor: unknown; record: Record<string, string> }[]).map((l) => [l.donor, l.record.contributor_last_name, l.record.contribution_amount])).toEqual([
      [{ status: 'withheld' }, '[withheld]', '150.00'],
      [{ status: 'withheld' }, '[withheld]', '100.00'],
    ]);
  });

  it('answers filings and totals as of a ledger position or an instant, folded from the ledger', async () => {
    const withoutCut = (body: Record<string, unknown>): Record<string, unknown> => {
      const { ledgerCut: _cut, ...rest } = body;
      return rest;
    };
    const live = await officer('GET', scheduleA);
    const head = await officer('GET', `${scheduleA}&asOfPosition=1000000000`);
    expect(head.status).toBe(200);
    const { lastPosition } = head.body.ledgerCut as { lastPosition: number };
    expect(lastPosition).toBeGreaterThan(0);
    const atHead = await officer('GET', `${scheduleA}&asOfPosition=${lastPosition}`);
    expect(atHead.body.ledgerCut).toEqual({ position: lastPosition, lastPosition });
    expect(withoutCut(atHead.body)).toEqual(live.body);
    const totals = await officer('GET', `/v1/campaigns/${CAMPAIGN}/reports/totals`);
    expect(withoutCut((await officer('GET', `/v1/campaigns/${CAMPAIGN}/reports/totals?asOfPosition=${lastPosition}`)).body)).toEqual(totals.body);
    // Before the committee existed the books held nothing, whatever the rows say today.
    const before = await officer('GET', `/v1/campaigns/${CAMPAIGN}/reports/totals?asOf=2020-01-01T00:00:00Z`);
    expect(before.body).toMatchObject({ donationCount: 0, netMinor: 0, ledgerCut: { instant: '2020-01-01T00:00:00.000Z', lastPosition: null } });
    expect((await officer('GET', `${scheduleA}&asOf=2020-01-01T00:00:00Z`)).body).toMatchObject({ lines: [] });
    const both = await officer('GET', `${scheduleA}&asOf=2026-06-30T23:00:00Z&asOfPosition=3`);
    expect({ status: both.status, code: both.body.code }).toEqual({ status: 400, code: 'invalid_request' });
  });

  it('files the period as an FEC Form 3 report: JSON whose every transaction passes its FEC schema, and the .fec file, byte-identical for the same cut', async () => {
    // A period named by days runs between the committee's local midnights (New York here), and
    // its cover page names those days; an instant at 00:00Z would start on 31 December there.
    const path = `/v1/committees/${COMMITTEE}/reports/fec-report?from=2026-01-01&to=2027-01-01&filerCommitteeId=C00999999&treasurerName=${encodeURIComponent('Grace B. Hopper')}`;
    const before = fecTransactionsValidated();
    const report = await officer('GET', path);
    expect(report.status).toBe(200);
    const exported = report.body.export as { report: Record<string, unknown>; transactions: Record<string, unknown>[] };
    expect(exported.transactions.map((t) => [t.transaction_type_identifier, t.contributor_first_name, t.contributor_middle_name, t.contributor_last_name, t.contribution_amount])).toEqual([
      ['INDIVIDUAL_RECEIPT', 'Augusta Ada', null, 'King', 150],
      ['INDIVIDUAL_RECEIPT', 'Augusta Ada', null, 'King', 100],
    ]);
    expect(exported.report).toMatchObject({ form_type: 'F3N', treasurer_first_name: 'Grace', treasurer_middle_name: 'B', L11ai_individuals_itemized_period: 250, L11aii_individuals_unitemized_period: 50, L6c_net_contributions_ytd: 300 });
    // Each line twice: on Schedule A in the report and in the export.
    expect(fecTransactionsValidated() - before).toBe(4);
    const file = await fetch(`${platform.url}${path}&format=file`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="C00999999_F3N_20260101_20261231.fec"');
    const text = await file.text();
    expect(text.split('\n').map((line) => line.split('\x1c')[0])).toEqual(['HDR', 'F3N', 'SA11AI', 'SA11AI', '']);
    const { lastPosition } = (await officer('GET', `${path}&asOfPosition=1000000000`)).body.ledgerCut as { lastPosition: number };
    const atCut = await fetch(`${platform.url}${path}&format=file&asOfPosition=${lastPosition}`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    expect(await atCut.text()).toBe(text);
    expect((await officer('GET', path.replace(/&treasurerName=[^&]*/, ''))).status).toBe(400);
  });

  it('files a gift in kind and the committee, PAC and candidate money issue 14 added as their FEC types, every line passing its schema', async () => {
    const kinds = 'filings-kinds';
    expect((await admin('POST', '/v1/committees', {
      committeeId: kinds, name: 'Kinds for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }], defaultElectionId: 'general-2026',
    })).status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: `${kinds}-camp`, committeeId: kinds, name: 'Kinds', currency: 'USD' })).status).toBe(201);
    const gifts = [
      ['kind-ada', 50_000, { ...ada, attestations: { usCitizenOrPermanentResident: true } }, { method: 'in_kind', inKind: { nature: 'premises', description: 'Office space for October', valuationBasis: 'market rent' } }],
      ['kind-pac', 100_000, { type: 'multicandidate_pac', name: 'Friends of Filings PAC', registrationNumber: 'C00123456', address: { line1: '1 K St', city: 'Washington', region: 'DC', postalCode: '20001', country: 'US' } }, { method: 'check', pspReference: 'chk-1' }],
      ['kind-self', 30_000, { type: 'candidate', name: 'Pat Q. Filer', address: { line1: '9 Elm St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' }, occupation: 'Candidate', employer: 'Self', attestations: { usCitizenOrPermanentResident: true } }, { method: 'check', pspReference: 'chk-2' }],
    ] as const;
    for (const [donationId, amountMinor, donor, payment] of gifts) {
      const reply = await admin('POST', `/v1/campaigns/${kinds}-camp/donations`, { donationId, amountMinor, currency: 'USD', donor, payment }, { 'idempotency-key': randomUUID() });
      expect([donationId, reply.status]).toEqual([donationId, 202]);
    }
    await eventually('three accepted', async () => (await admin('GET', `/v1/campaigns/${kinds}-camp/reports/totals`)).body, (b) => b.donationCount === 3);
    const path = `/v1/committees/${kinds}/reports/fec-report?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&filerCommitteeId=C00999998&treasurerName=${encodeURIComponent('Grace B. Hopper')}`;
    await eventually('the report of all three', () => officer('GET', path), (r) => (r.body.scheduleA as { lineCount?: number } | undefined)?.lineCount === 3);
    const before = fecTransactionsValidated();
    const report = await officer('GET', path);
    const exported = report.body.export as { report: Record<string, unknown>; transactions: Record<string, unknown>[] };
    expect(exported.transactions.map((t) => [t.transaction_type_identifier, t.form_type, t.contribution_purpose_descrip ?? null])).toEqual(expect.arrayContaining([
      ['IN_KIND_RECEIPT', 'SA11AI', 'In-Kind: Office space for October'],
      ['PAC_RECEIPT', 'SA11C', null],
      // The FEC publishes no JSON schema for the candidate's own money: its record serves the .fec file.
      [null, 'SA11D', null],
    ]));
    expect(exported.report).toMatchObject({ L11c_other_political_committees_period: 1000, L11d_the_candidate_period: 300 });
    // Two schema'd lines, each twice (Schedule A and the export), every one validated by apiAs.
    expect(fecTransactionsValidated() - before).toBe(4);
    const file = await (await fetch(`${platform.url}${path}&format=file`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } })).text();
    expect(file.split('\n').map((line) => line.split('\x1c')[0]).filter(Boolean).sort()).toEqual(['F3N', 'HDR', 'SA11AI', 'SA11C', 'SA11D']);
  });

  it('shows an erased donor as an erased person with every amount intact', async () => {
    const lookup = await admin('POST', '/v1/donors/lookup', { donor: { type: ada.type, name: ada.name, address: ada.address } });
    expect(lookup.status).toBe(200);
    const donorId = lookup.body.donorId as string;
    expect((await admin('DELETE', `/v1/donors/${donorId}/personal-data`)).status).toBe(204);
    const report = await officer('GET', scheduleA);
    const lines = report.body.lines as { donor: unknown; amountMinor: number; aggregateMinor: number; record: Record<string, string> }[];
    expect(lines.map((l) => [l.donor, l.amountMinor, l.aggregateMinor, l.record.contributor_last_name, l.record.contributor_city])).toEqual([
      [{ status: 'erased' }, 15_000, 15_000, '[erased person]', ''],
      [{ status: 'erased' }, 10_000, 25_000, '[erased person]', ''],
    ]);
    const csv = await csvOf(TEST_ADMIN_KEY, scheduleA);
    expect(csv.text).not.toContain('King');
    expect(csv.text).toContain('[erased person]');
  });

  it('refuses what a committee does not file, and bad parameters, with a problem', async () => {
    expect((await officer('GET', `/v1/committees/${COMMITTEE}/reports/ppera-quarterly?year=2026&quarter=1`)).body).toMatchObject({ code: 'invalid_request' });
    expect((await officer('GET', `/v1/committees/${COMMITTEE}/reports/fec-schedule-a?from=2026-02-01&to=2026-01-01`)).status).toBe(400);
    expect((await officer('GET', `/v1/committees/${COMMITTEE}/reports/no-such-report`)).status).toBe(404);
    expect((await officer('GET', `/v1/committees/other-cmte/reports/fec-schedule-a?from=${year.from}&to=${year.to}`)).status).toBe(404);
  });

  it('writes the same reports from the CLI once the platform is stopped', async () => {
    await platform.stop({ keepData: true });
    stopped = true;
    const cli = async (...args: string[]) => {
      const io = { out: [] as string[], err: [] as string[] };
      const code = await runReportCli(args, { ...env, DATA_DIR: platform.dataDir, LOG_LEVEL: 'error' }, { out: (l) => io.out.push(l), err: (l) => io.err.push(l) });
      return { code, out: io.out.join('\n'), err: io.err.join('\n') };
    };
    try {
      const csv = await cli('fec-schedule-a', '--committee', COMMITTEE, '--from', year.from, '--to', year.to, '--format', 'csv');
      expect(csv).toMatchObject({ code: 0, err: '' });
      expect(csv.out.split('\r\n')[0]).toBe(FEC_SA_FIELDS.join(','));
      expect(csv.out).toContain('[withheld]');
      const json = await cli('campaign-totals', '--campaign', CAMPAIGN);
      expect(JSON.parse(json.out)).toMatchObject({ netMinor: 30_000, donationCount: 3 });
      const early = await cli('campaign-totals', '--campaign', CAMPAIGN, '--as-of', '2020-01-01T00:00:00Z');
      expect(JSON.parse(early.out)).toMatchObject({ donationCount: 0, ledgerCut: { instant: '2020-01-01T00:00:00.000Z' } });
      const erased = await cli('fec-schedule-a', '--committee', COMMITTEE, '--from', year.from, '--to', year.to, '--with-personal-data');
      expect((JSON.parse(erased.out) as { lines: { donor: unknown }[] }).lines.map((l) => l.donor)).toEqual([{ status: 'erased' }, { status: 'erased' }]);
      expect(await cli('fec-schedule-a', '--committee', COMMITTEE)).toMatchObject({ code: 2 });
      const fecFile = await cli('fec-report', '--committee', COMMITTEE, '--from', year.from, '--to', year.to, '--treasurer-name', 'Grace B. Hopper', '--filer-committee-id', 'C00999999', '--format', 'file');
      expect(fecFile).toMatchObject({ code: 0, err: '' });
      // Withheld without --with-personal-data: the summary is whole, the lines await their contributors.
      expect(fecFile.out.split('\n').map((line) => line.split('\x1c')[0])).toEqual(['HDR', 'F3N', '']);
      expect(await cli('fec-48-hour-notices', '--committee', COMMITTEE, '--format', 'file')).toMatchObject({ code: 2, err: expect.stringContaining('treasurerName') });
    } finally {
      await platform.stop();
    }
  }, 120_000);
});
