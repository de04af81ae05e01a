import { HEADERS, TOPICS } from '#contracts';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { EVENT_BUS, type EventBus, type IncomingMessage } from '#messaging';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

/**
 * A caller's W3C `traceparent` follows its donation: intake records it in the metadata of the
 * DonationReceived, compliance in the facts it appends because of it, and the relay puts it
 * in the `traceparent` header of every bus message of those facts.
 */
const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context through the embedded platform', () => {
  let platform: EmbeddedPlatform;
  let api: ReturnType<typeof apiAs>;
  const messages: IncomingMessage[] = [];
  let stopTap: () => Promise<void>;

  beforeAll(async () => {
    platform = await startEmbedded();
    api = apiAs(platform.url, TEST_ADMIN_KEY);
    // A group of the test's own on the same bus: it sees the messages exactly as the apps do.
    const tap = await platform.app.get<EventBus>(EVENT_BUS).consume({ group: 'trace-e2e', topics: [TOPICS.donations] }, async (m) => {
      messages.push(m);
    });
    stopTap = () => tap.stop();
    expect((await api('POST', '/v1/committees', {
      committeeId: 'trace-2026',
      name: 'Trace for Congress',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
      defaultElectionId: 'general-2026',
    })).status).toBe(201);
    expect((await api('POST', '/v1/campaigns', { campaignId: 'trace', committeeId: 'trace-2026', name: 'Traced', currency: 'USD' })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await stopTap?.();
    await platform?.stop();
  });

  const donate = async (donationId: string, headers: Record<string, string>): Promise<void> => {
    const body = {
      donationId,
      amountMinor: 2500,
      currency: 'USD',
      donor: { type: 'individual', name: `Trace Donor ${donationId}`, address: { postalCode: '10001' }, attestations: { usCitizenOrPermanentResident: true } },
      payment: { method: 'card', pspReference: `ch_${donationId}` },
    };
    expect((await api('POST', '/v1/campaigns/trace/donations', body, { 'idempotency-key': donationId, ...headers })).status).toBe(202);
  };

  const factsOf = async (donationId: string) => {
    const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
    return eventually(
      `the decision on ${donationId}`,
      () => ledger.readAll({ filter: { streamPrefixes: [`donation-${donationId}`] } }),
      (events) => events.some((e) => e.type === 'DonationAccepted'),
    );
  };

  it('given a valid traceparent, when the donation is decided, then every fact and bus message of it carries the trace', async () => {
    await donate('traced-1', { traceparent: TRACE });
    const facts = await factsOf('traced-1');
    expect(facts.map((e) => [e.type, e.metadata.traceId])).toEqual([
      ['DonationReceived', TRACE],
      ['DonationAccepted', TRACE],
    ]);
    const counted = (await platform.app.get<LedgerStore>(LEDGER_STORE).readAll({ filter: { eventTypes: ['ContributionCounted'] } })).filter(
      (e) => (e.payload as { donationId?: string }).donationId === 'traced-1',
    );
    expect(counted.map((e) => e.metadata.traceId)).toEqual([TRACE]);
    const ids = new Set(facts.map((e) => e.eventId));
    const carried = await eventually('the bus messages', async () => messages.filter((m) => ids.has(m.headers[HEADERS.eventId])), (m) => m.length === 2);
    expect(carried.map((m) => m.headers[HEADERS.traceId])).toEqual([TRACE, TRACE]);
  });

  it('given no traceparent or an invalid one, when the donation is decided, then no trace is recorded', async () => {
    await donate('untraced-1', {});
    await donate('untraced-2', { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' });
    for (const id of ['untraced-1', 'untraced-2']) {
      expect((await factsOf(id)).map((e) => e.metadata.traceId)).toEqual([undefined, undefined]);
    }
  });

  it('given a valid traceparent on a staff command (a reward tier defined and changed), then its facts carry the trace too', async () => {
    const tier = { tierId: 'traced-mug', name: 'Traced mug', thresholdKind: 'single', thresholdMinor: 5000, rewardKind: 'item', fairMarketValueMinor: 1200, stockLimit: 3 };
    expect((await api('POST', '/v1/campaigns/trace/reward-tiers', tier, { traceparent: TRACE })).status).toBe(201);
    const { tierId: _id, ...terms } = tier;
    expect((await api('PUT', '/v1/campaigns/trace/reward-tiers/traced-mug', { ...terms, stockLimit: 2 })).status).toBe(200);
    const facts = await platform.app.get<LedgerStore>(LEDGER_STORE).readStream('reward-tiers-trace');
    expect(facts.map((e) => [e.type, e.metadata.traceId])).toEqual([
      ['RewardTierDefined', TRACE],
      ['RewardTierChanged', undefined],
    ]);
  });
});
