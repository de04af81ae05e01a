import type { DataSource } from 'typeorm';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

const itemsOf = (r: HttpReply) => (r.body.items ?? []) as { donationId: string; kind: string }[];

/**
 * A partnership's gift on the embedded platform, over HTTP (issue 14, item 6): attributed to
 * its partners (11 CFR 110.1(e)), each share counts toward that partner's own $3,500 for the
 * election together with what the partner gave in their own name; a share over it is held as
 * an excess; a gift that names no partner goes to the officer.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;
// An election still ahead of the real clock, in the 2025-26 cycle ($3,500 per election).
const ELECTION = { electionId: 'special-2026', kind: 'general', date: '2026-12-29' };
const RECEIVED_AT = '2026-12-01T15:00:00Z';
const GRACE = { name: 'Grace Hopper', address: { line1: '1 Navy Way', city: 'Arlington', region: 'VA', postalCode: '22202' }, occupation: 'Rear Admiral', employer: 'US Navy' };
const EMMY = { name: 'Emmy Noether', address: { line1: '2 Bryn Mawr Ave', city: 'Bryn Mawr', region: 'PA', postalCode: '19010' }, occupation: 'Mathematician', employer: 'Bryn Mawr College' };

describe('a partnership gift attributed to its partners, over HTTP (embedded platform)', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  let officer: ReturnType<typeof apiAs>;
  let sequence = 0;

  const donate = async (donationId: string, amountMinor: number, donor: Record<string, unknown>) => {
    const reply = await admin(
      'POST',
      '/v1/campaigns/pa-spring/donations',
      // A minute apart, in the order given: aggregates to date follow the order of receipt.
      { donationId, amountMinor, currency: 'USD', receivedAt: new Date(Date.parse(RECEIVED_AT) + ++sequence * 60_000).toISOString(), donor, payment: { method: 'check', pspReference: `chk_${donationId}` } },
      { 'idempotency-key': `pa-${donationId}-${sequence}` },
    );
    expect(reply.status).toBe(202);
  };
  const person = (who: typeof GRACE) => ({ type: 'individual', ...who, attestations: { usCitizenOrPermanentResident: true } });
  const firm = (attribution?: unknown) => ({ type: 'partnership', name: 'Hopper & Noether', address: { line1: '3 Compiler Row', city: 'Philadelphia', region: 'PA', postalCode: '19104' }, ...(attribution ? { attribution } : {}) });
  const settled = (donationId: string) => eventually(`${donationId} is decided`, () => admin('GET', `/v1/donations/${donationId}`), (r) => r.status === 200 && r.body.status !== 'received').then((r) => r.body);

  beforeAll(async () => {
    platform = await startEmbedded();
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    officer = apiAs(platform.url, (await keys.issue('default', ['officer'], 'e2e officer')).key);
    const committee = await admin('POST', '/v1/committees', {
      committeeId: 'pa-smith',
      name: 'Smith for Congress',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [ELECTION],
      defaultElectionId: ELECTION.electionId,
    });
    expect(committee.status).toBe(201);
    const campaign = await admin('POST', '/v1/campaigns', { campaignId: 'pa-spring', committeeId: 'pa-smith', name: 'Spring', currency: 'USD', opensAt: '2026-11-01T00:00:00Z' });
    expect(campaign.status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it("given Grace gave $2,000 herself, when the partnership gives $3,000 with $2,000 attributed to her, then her share over her limit ($500) is held and Emmy's share counts on Emmy", async () => {
    await donate('pa-grace-1', 200_000, person(GRACE));
    expect(await settled('pa-grace-1')).toMatchObject({ status: 'accepted', acceptedAmountMinor: 200_000 });
    const attribution = { basis: 'profit_share', partners: [{ ...GRACE, amountMinor: 200_000 }, { ...EMMY, amountMinor: 100_000 }] };
    await donate('pa-firm-1', 300_000, firm(attribution));
    expect(await settled('pa-firm-1')).toMatchObject({ status: 'partly_accepted', acceptedAmountMinor: 250_000 });
    // The excess is the officer's to remedy; a partnership is asked no occupation (52 U.S.C. 30101(13)).
    const kinds = (r: HttpReply) => itemsOf(r).filter((i) => i.donationId === 'pa-firm-1').map((i) => i.kind);
    const queue = await eventually('the excess is queued', () => officer('GET', '/v1/committees/pa-smith/review-queue'), (r) => kinds(r).includes('excess'));
    expect(kinds(queue)).toEqual(['excess']);
    // Emmy has $2,500 left of her own $3,500: all of it is kept, and one cent more is refused.
    await donate('pa-emmy-1', 250_000, person(EMMY));
    expect(await settled('pa-emmy-1')).toMatchObject({ status: 'accepted', acceptedAmountMinor: 250_000 });
    await donate('pa-emmy-2', 1, person(EMMY));
    expect(await settled('pa-emmy-2')).toMatchObject({ status: 'rejected' });
  }, TEST_MS);

  it("then Schedule A files the partnership's line with its partners' attributions as memos under it, each partner's aggregate counting their own gifts", async () => {
    const path = '/v1/committees/pa-smith/reports/fec-schedule-a?from=2026-11-01&to=2027-01-01&filerCommitteeId=C00999999';
    type Line = { donationId: string; amountMinor: number; aggregateMinor: number; memo?: boolean; transaction: Record<string, unknown> | null };
    const report = await eventually('the partnership is on Schedule A', () => officer('GET', path), (r) => ((r.body.lines ?? []) as Line[]).some((l) => l.donationId === 'pa-firm-1'));
    const lines = (report.body.lines as Line[]).filter((l) => l.donationId === 'pa-firm-1');
    expect(lines.map((l) => [l.transaction?.transaction_type_identifier, l.amountMinor, l.aggregateMinor, l.memo ?? false])).toEqual([
      ['PARTNERSHIP_RECEIPT', 250_000, 250_000, false],
      // Grace: $2,000 of her own and $1,500 of the firm's kept for her; Emmy: her $1,000 share.
      ['PARTNERSHIP_ATTRIBUTION', 150_000, 350_000, true],
      ['PARTNERSHIP_ATTRIBUTION', 100_000, 100_000, true],
    ]);
    expect(lines[0].transaction).toMatchObject({ contributor_organization_name: 'Hopper & Noether', contribution_purpose_descrip: 'See Partnership Attribution(s) below' });
    expect(lines[1].transaction).toMatchObject({ contributor_last_name: 'Hopper', contributor_first_name: 'Grace', memo_code: true, back_reference_tran_id_number: lines[0].transaction?.transaction_id });
  }, TEST_MS);

  it('given a partnership gift that names no partner, then it is flagged for the officer, not accepted', async () => {
    await donate('pa-firm-2', 10_000, firm());
    expect(await settled('pa-firm-2')).toMatchObject({ status: 'flagged' });
    const queued = (r: HttpReply) => itemsOf(r).some((i) => i.donationId === 'pa-firm-2' && i.kind === 'questionable_source');
    await eventually('the unattributed gift is in the review queue', () => officer('GET', '/v1/committees/pa-smith/review-queue'), queued);
  }, TEST_MS);

  it('refuses an attribution on an individual with problem+json', async () => {
    const reply = await admin(
      'POST',
      '/v1/campaigns/pa-spring/donations',
      { donationId: 'pa-bad', amountMinor: 100, currency: 'USD', donor: { ...person(GRACE), attribution: { basis: 'agreement', partners: [{ ...EMMY, amountMinor: 100 }] } }, payment: { method: 'check' } },
      { 'idempotency-key': 'pa-bad-1' },
    );
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
  }, TEST_MS);
});
