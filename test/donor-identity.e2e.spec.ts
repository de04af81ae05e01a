import type { DataSource } from 'typeorm';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

/**
 * Donor identity on the embedded platform, over HTTP (issue 14, item 12): one person writing
 * their name two ways at one address is one donor and cannot pass the $3,500 limit; a near
 * match ("A. Lovelace") is a donor of its own until an officer links the two, after which a
 * later gift counts together and the excess the link creates is held for a refund.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;
// An election still ahead of the real clock, in the 2025-26 cycle ($3,500 per election).
const ELECTION = { electionId: 'special-2026', kind: 'general', date: '2026-12-29' };
const RECEIVED_AT = '2026-12-01T15:00:00Z';

describe('donor identity over HTTP (embedded platform)', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  let officer: ReturnType<typeof apiAs>;
  let auditor: ReturnType<typeof apiAs>;
  let sequence = 0;

  const donate = async (donationId: string, name: string, postalCode: string, amountMinor: number, payment: Record<string, string> = {}) => {
    const reply = await admin(
      'POST',
      '/v1/campaigns/di-spring/donations',
      {
        donationId,
        amountMinor,
        currency: 'USD',
        receivedAt: RECEIVED_AT,
        donor: { type: 'individual', name, address: { line1: '12 St James Sq', city: 'New York', region: 'NY', postalCode }, occupation: 'Mathematician', employer: 'Self', attestations: { usCitizenOrPermanentResident: true } },
        payment: { method: 'card', pspReference: `ch_${donationId}`, ...payment },
      },
      { 'idempotency-key': `di-${donationId}-${++sequence}` },
    );
    expect(reply.status).toBe(202);
  };
  const settled = (donationId: string) => eventually(`${donationId} is decided`, () => admin('GET', `/v1/donations/${donationId}`), (r) => r.status === 200 && r.body.status !== 'received').then((r) => r.body);
  /** The donor id an officer reads on the donation's ledger page (the name stays sealed). */
  const donorOf = async (donationId: string): Promise<string> => {
    const reply = await officer('GET', `/v1/donations/${donationId}/ledger`);
    expect(reply.status).toBe(200);
    const events = (reply.body.streams as { events: { type: string; payload: { donor: { donorId: string } } }[] }[])[0].events;
    return events.find((e) => e.type === 'DonationReceived')!.payload.donor.donorId;
  };
  const queue = async () => (await officer('GET', '/v1/committees/di-smith/review-queue')).body.items as { donationId: string; kind: string; amountMinor: number }[];

  beforeAll(async () => {
    platform = await startEmbedded();
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    officer = apiAs(platform.url, (await keys.issue('default', ['officer'], 'e2e officer')).key);
    auditor = apiAs(platform.url, (await keys.issue('default', ['auditor'], 'e2e auditor')).key);
    const committee = await admin('POST', '/v1/committees', {
      committeeId: 'di-smith',
      name: 'Smith for Congress',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [ELECTION],
      defaultElectionId: ELECTION.electionId,
    });
    expect(committee.status).toBe(201);
    const campaign = await admin('POST', '/v1/campaigns', { campaignId: 'di-spring', committeeId: 'di-smith', name: 'Spring', currency: 'USD', opensAt: '2026-11-01T00:00:00Z' });
    expect(campaign.status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it('given "Ada Lovelace" gave $2,000, when "Lovelace, Ada" gives $2,000 at the same ZIP, then she is one donor and $500 is excess', async () => {
    await donate('di-ada-1', 'Ada Lovelace', '10001', 200_000);
    const first = await settled('di-ada-1');
    expect(first).toMatchObject({ status: 'accepted', acceptedAmountMinor: 200_000 });
    // One donor written two ways is certain: no near-match flag for her.
    await donate('di-ada-2', 'Lovelace, Ada', '10001-2345', 200_000);
    const second = await settled('di-ada-2');
    expect(second).toMatchObject({ status: 'partly_accepted', acceptedAmountMinor: 150_000 });
    expect(await donorOf('di-ada-2')).toBe(await donorOf('di-ada-1'));
    // With diacritics, the same person has nothing left to give for this election.
    await donate('di-ada-3', 'Ádá LOVELACE', '10001', 100);
    expect(await settled('di-ada-3')).toMatchObject({ status: 'rejected' });
    expect(await donorOf('di-ada-3')).toBe(await donorOf('di-ada-1'));
    const reviews = await Promise.all(['di-ada-2', 'di-ada-3'].map((id) => officer('GET', `/v1/donations/${id}/review`)));
    expect(reviews.map((r) => r.body.structuring)).toEqual([null, null]);
  }, TEST_MS);

  it('given "A. Lovelace" gave $2,000 as a donor of her own, when an officer links her to Ada, then $2,000 is held for refund and her next gift is refused', async () => {
    await donate('di-initial-1', 'A. Lovelace', '10001', 200_000);
    const initial = await settled('di-initial-1');
    expect(initial).toMatchObject({ status: 'accepted', acceptedAmountMinor: 200_000 });
    const ada = { donorId: await donorOf('di-ada-1') };
    const initialId = await donorOf('di-initial-1');
    expect(initialId).not.toBe(ada.donorId);
    // Not certain, so not merged: flagged for the officer with Ada's gifts as evidence, and kept.
    await eventually('the near match is in the queue', queue, (list) => list.some((i) => i.donationId === 'di-initial-1' && i.kind === 'structuring'));
    const review = await officer('GET', '/v1/donations/di-initial-1/review');
    expect((review.body.structuring as { findings: unknown[] }).findings).toEqual([
      expect.objectContaining({ detector: 'donor-near-match', keyKind: 'nearName', relatedDonationIds: ['di-ada-1', 'di-ada-2', 'di-ada-3'], figures: expect.objectContaining({ otherDonorIds: ada.donorId }) }),
    ]);
    expect(JSON.stringify(review.body)).not.toContain('Lovelace');

    const request = { donorId: ada.donorId, linkedDonorId: initialId, reason: 'same person: initial and full name at one address, confirmed by phone' };
    expect((await auditor('POST', '/v1/committees/di-smith/donor-links', request)).status).toBe(403);
    const self = await officer('POST', '/v1/committees/di-smith/donor-links', { ...request, linkedDonorId: ada.donorId });
    expect([self.status, self.body.code]).toEqual([422, 'donor_link_same_donor']);
    const linked = await officer('POST', '/v1/committees/di-smith/donor-links', request);
    expect(linked.status).toBe(201);
    // Ada had $3,500 counted; with A. Lovelace's $2,000 the pair is $2,000 over: held on the latest gift.
    expect(linked.body).toMatchObject({ donorId: ada.donorId, linkedDonorId: initialId, heldExcess: [{ donationId: 'di-initial-1', electionId: 'special-2026', excessMinor: 200_000 }] });
    expect(JSON.stringify(linked.body)).not.toContain('Lovelace');
    const again = await officer('POST', '/v1/committees/di-smith/donor-links', { ...request, donorId: initialId, linkedDonorId: ada.donorId });
    expect([again.status, again.body.code]).toEqual([409, 'donors_already_linked']);

    const items = await eventually('the excess is in the queue', queue, (list) => list.some((i) => i.donationId === 'di-initial-1' && i.kind === 'excess'));
    expect(items.find((i) => i.donationId === 'di-initial-1' && i.kind === 'excess')).toMatchObject({ amountMinor: 200_000 });
    const redesignate = await officer('POST', '/v1/donations/di-initial-1/review/decisions', { item: 'excess', decision: 'redesignate', toElectionId: 'special-2026', reason: 'x' });
    expect([redesignate.status, redesignate.body.code]).toEqual([422, 'remedy_not_allowed']);

    // From now on a gift of either counts against both.
    await donate('di-initial-2', 'A. Lovelace', '10001', 100);
    expect(await settled('di-initial-2')).toMatchObject({ status: 'rejected' });
  }, TEST_MS);

  it('given "G. Hopper" and "Grace Hopper" under the limit together, when linked, then nothing is held and a later gift keeps only what fits', async () => {
    await donate('di-grace-1', 'Grace Hopper', '20002', 300_000);
    await donate('di-g-1', 'G. Hopper', '20002', 30_000);
    const [grace, g] = [await settled('di-grace-1'), await settled('di-g-1')];
    expect([grace.status, g.status]).toEqual(['accepted', 'accepted']);
    const linked = await officer('POST', '/v1/committees/di-smith/donor-links', { donorId: await donorOf('di-g-1'), linkedDonorId: await donorOf('di-grace-1'), reason: 'one person' });
    expect(linked.status).toBe(201);
    expect(linked.body.heldExcess).toEqual([]);
    // $3,300 counted together: of $300.00 more, $200.00 fits and $100.00 is excess.
    await donate('di-g-2', 'G. Hopper', '20002', 30_000);
    expect(await settled('di-g-2')).toMatchObject({ status: 'partly_accepted', acceptedAmountMinor: 20_000 });
  }, TEST_MS);

  it('given "Mary Somerville" $100.00 and "M. Somerville" $100.01, when linked, then Schedule A itemizes both at $200.01 together; when the link is undone, neither, and they count apart', async () => {
    type Line = { donationId: string; aggregateMinor: number };
    const scheduleA = '/v1/committees/di-smith/reports/fec-schedule-a?from=2026-01-01&to=2027-01-01&filerCommitteeId=C00999999';
    const linesOf = async (ids: string[]) => ((await officer('GET', scheduleA)).body.lines as Line[]).filter((l) => ids.includes(l.donationId)).map((l) => [l.donationId, l.aggregateMinor]);
    await donate('di-mary-1', 'Mary Somerville', '40004', 10_000);
    await donate('di-m-1', 'M. Somerville', '40004', 10_001);
    await donate('di-caro-1', 'Caroline Herschel', '50005', 10_000);
    await donate('di-c-1', 'C. Herschel', '50005', 10_000);
    for (const id of ['di-mary-1', 'di-m-1', 'di-caro-1', 'di-c-1']) expect(await settled(id)).toMatchObject({ status: 'accepted' });
    const ids = ['di-mary-1', 'di-m-1', 'di-caro-1', 'di-c-1'];
    expect(await linesOf(ids)).toEqual([]);

    const mary = await officer('POST', '/v1/committees/di-smith/donor-links', { donorId: await donorOf('di-mary-1'), linkedDonorId: await donorOf('di-m-1'), reason: 'one person' });
    const caroline = await officer('POST', '/v1/committees/di-smith/donor-links', { donorId: await donorOf('di-caro-1'), linkedDonorId: await donorOf('di-c-1'), reason: 'one person' });
    expect([mary.status, caroline.status]).toEqual([201, 201]);
    // $100.00 + $100.01 passes $200 together; $100.00 + $100.00 is $200.00, not past it.
    await eventually('the linked pair is itemized', () => linesOf(ids), (lines) => lines.length === 2);
    expect(await linesOf(ids)).toEqual([['di-m-1', 10_001], ['di-mary-1', 20_001]]);

    const revoke = (linkId: string, as = officer, body: unknown = { reason: 'two people: aunt and niece' }) => as('POST', `/v1/committees/di-smith/donor-links/${linkId}/revocations`, body);
    expect((await revoke(mary.body.linkId as string, auditor)).status).toBe(403);
    const unknown = await revoke('00000000-0000-8000-8000-000000000000');
    expect([unknown.status, unknown.body.code, unknown.headers.get('content-type')]).toEqual([404, 'donor_link_not_found', expect.stringContaining('application/problem+json')]);
    const blank = await revoke(mary.body.linkId as string, officer, { reason: ' ' });
    expect([blank.status, blank.body.code]).toEqual([400, 'invalid_request']);
    const undone = await revoke(mary.body.linkId as string);
    expect(undone.status).toBe(201);
    expect(undone.body).toMatchObject({ linkId: mary.body.linkId, committeeId: 'di-smith', donorId: mary.body.donorId, linkedDonorId: mary.body.linkedDonorId, reason: 'two people: aunt and niece' });
    const again = await revoke(mary.body.linkId as string);
    expect([again.status, again.body.code]).toEqual([409, 'donor_link_already_revoked']);
    // Two contributors again: $100.00 and $100.01, neither past $200.
    await eventually('the pair is apart on Schedule A', () => linesOf(ids), (lines) => lines.length === 0);
    // Compliance judges a later gift of either on its own aggregate: $3,400 more fits beside $100.01.
    await donate('di-m-2', 'M. Somerville', '40004', 339_999);
    expect(await settled('di-m-2')).toMatchObject({ status: 'accepted', acceptedAmountMinor: 339_999 });
  }, TEST_MS);

  it.each([
    ['"John Smith Sr." after "John Smith Jr." at one ZIP', ['John Smith Jr.', '30303', 'fp_jr'], ['John Smith Sr.', '30303', 'fp_sr'], 'nearName'],
    ['"Katherine Johnson" at another ZIP with the same card', ['Katherine Johnson', '23601', 'fp_kj'], ['Johnson, Katherine', '20500', 'fp_kj'], 'nameCard'],
  ])('given %s, then the second is flagged as a near match with the first as evidence, and accepted', async (_case, first, second, keyKind) => {
    const [a, b] = [`di-${keyKind}-1`, `di-${keyKind}-2`];
    await donate(a, first[0], first[1], 5_000, { instrumentFingerprint: first[2] });
    await settled(a);
    await donate(b, second[0], second[1], 5_000, { instrumentFingerprint: second[2] });
    expect(await settled(b)).toMatchObject({ status: 'accepted', acceptedAmountMinor: 5_000 });
    expect(await donorOf(b)).not.toBe(await donorOf(a));
    await eventually('the near match is in the queue', queue, (list) => list.some((i) => i.donationId === b && i.kind === 'structuring'));
    const review = await officer('GET', `/v1/donations/${b}/review`);
    expect((review.body.structuring as { findings: unknown[] }).findings).toEqual([expect.objectContaining({ detector: 'donor-near-match', keyKind, relatedDonationIds: [a] })]);
  }, TEST_MS);
});
