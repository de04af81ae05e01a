import pg from 'pg';
import { donationStreamId } from '#contracts';
import { PgDatabase } from '#sql';
import { SqlLedgerStore, verifyStreamChain } from '#ledger';
import { api, DistributedTopology, type AppName } from './support/distributed.js';
import { ledgerFigures, notExactlyOnce, reportingFigures } from './support/ledger-reconciliation.js';
import { waitUntil } from './support/processes.js';

/**
 * The distributed mode as an operator runs it: four processes (`node dist/apps/<app>/main.js`)
 * talking through a real Kafka broker, the SQL ledger and the read models on a real
 * PostgreSQL server. Four runs, each on a campaign of its own: a clean one of 1,000 donations,
 * then 400 each with compliance SIGKILLed and restarted, with the broker stopped for ten
 * seconds, and with intake (which runs the ledger → Kafka relay) SIGKILLed and restarted, all
 * mid-run. After each, the ledger's own events are read back and summed, and reporting's
 * totals and rows must equal them: every donation received once, decided once, counted once.
 */
const GIFTS_PER_DONOR = 10;
// $500.00: seven reach the $3,500 limit exactly; the next three find no headroom left, so none
// is split (a split keeps part of a gift only while headroom remains) and all three are rejected.
const GIFT = 50_000;
const CLEAN_DONORS = 100; // 1,000 donations
const FAULT_DONORS = 40; // 400 donations per fault run: 2 cores, one CI job
const HTTP_CONCURRENCY = 12;

interface Donation {
  donationId: string;
  donor: number;
}

describe('distributed mode: four processes, Kafka and PostgreSQL', () => {
  const topology = new DistributedTopology();
  const { run } = topology;

  beforeAll(() => topology.start(), 240_000);
  afterAll(() => topology.dispose(), 120_000);

  async function openCampaign(name: string): Promise<string> {
    const committeeId = `cmte-${run}-${name}`;
    const campaignId = `camp-${run}-${name}`;
    expect((await topology.post('/v1/committees', {
      committeeId,
      name: `Distributed for Congress (${name})`,
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
      defaultElectionId: 'general-2026',
    })).status).toBe(201);
    expect((await topology.post('/v1/campaigns', { campaignId, committeeId, name: 'Surge', currency: 'USD' })).status).toBe(201);
    return campaignId;
  }

  const planOf = (campaignId: string, donors: number): Donation[] =>
    Array.from({ length: donors * GIFTS_PER_DONOR }, (_, i) => ({ donationId: `don-${campaignId}-${i}`, donor: i % donors }));

  /**
   * Posts every donation, HTTP_CONCURRENCY at a time; once `faultAt` of them were answered,
   * `fault` runs while the others keep arriving. Every answer must be 202 (a retry that
   * replays a donation which did land is 202 too, marked duplicate).
   */
  async function post(campaignId: string, donations: Donation[], faultAt = Infinity, fault: () => Promise<void> = async () => undefined): Promise<void> {
    let next = 0;
    let answered = 0;
    let faulted: Promise<void> | null = null;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < donations.length; index = next++) {
        const { donationId, donor } = donations[index];
        const response = await topology.post(`/v1/campaigns/${campaignId}/donations`, {
          donationId,
          amountMinor: GIFT,
          currency: 'USD',
          donor: {
            type: 'individual',
            name: `Donor Number ${donor}`,
            address: { postalCode: `1${String(donor).padStart(4, '0')}` },
            // Without it an FEC committee's compliance flags the donation instead of deciding it.
            attestations: { usCitizenOrPermanentResident: true },
          },
          payment: { method: 'card', pspReference: `ch_${donationId}` },
        });
        expect(response.status).toBe(202);
        if (++answered === faultAt) faulted = fault();
      }
    };
    await Promise.all(Array.from({ length: HTTP_CONCURRENCY }, worker));
    await faulted;
  }

  /** Reads the ledger back and holds reporting to it, donation by donation. */
  async function reconcile(campaignId: string, donations: Donation[], donors: number): Promise<void> {
    await topology.settle(campaignId, donations.length);
    const ids = donations.map((d) => d.donationId);
    const ledger = await ledgerFigures(topology, campaignId);
    const reporting = await reportingFigures(topology, campaignId);

    // Nothing missing, nothing twice: each donation posted is received once and decided once.
    expect(notExactlyOnce(ledger, ids)).toEqual([]);
    expect(ledger.acceptedCount + ledger.rejectedCount).toBe(donations.length);
    // Reporting's totals are the ledger's sums.
    expect(reporting.totals).toMatchObject({
      raisedMinor: Number(ledger.acceptedMinor),
      netMinor: Number(ledger.acceptedMinor),
      donationCount: ledger.acceptedCount,
      uniqueDonors: ledger.acceptedDonors,
      currency: 'USD',
    });
    // And its rows, one per donation, each with what the ledger accepted of it (0 when rejected).
    expect(reporting.rowsTwice).toEqual([]);
    expect([...reporting.rows.keys()].sort()).toEqual([...ids].sort());
    const disagreeing = ids.filter((id) => reporting.rows.get(id) !== (ledger.acceptedById.get(id) ?? 0n));
    expect(disagreeing).toEqual([]);
    // What the FEC limit makes of ten $500 gifts per donor, whatever order they were decided in.
    expect({ accepted: ledger.acceptedCount, rejected: ledger.rejectedCount, minor: ledger.acceptedMinor }).toEqual({
      accepted: donors * 7,
      rejected: donors * 3,
      minor: BigInt(donors * 7 * GIFT),
    });
    for (const app of ['compliance', 'rewards', 'reporting'] as const) {
      expect({ app, deadLetters: await topology.metric(app, 'hustings_dead_letters_total') }).toEqual({ app, deadLetters: 0 });
    }
  }

  it('clean run: 1,000 donations from 100 donors reach the reporting totals exactly once', async () => {
    const campaignId = await openCampaign('clean');
    const donations = planOf(campaignId, CLEAN_DONORS);
    await post(campaignId, donations);
    await reconcile(campaignId, donations, CLEAN_DONORS);

    // The ledger's hash chains hold, and per donor: seven accepted, three refused for the limit.
    const db = new PgDatabase({ url: topology.url, poolSize: 2 });
    const ledger = await SqlLedgerStore.open(db);
    try {
      for (const { donationId } of donations.slice(0, 50)) {
        expect(verifyStreamChain(await ledger.readStream(donationStreamId(donationId)))).toMatchObject({ ok: true });
      }
    } finally {
      await ledger.close();
      await db.close();
    }
    const statuses = await Promise.all(
      donations.filter((d) => d.donor < 10).map(async ({ donationId, donor }) => {
        const body = (await (await api(`${topology.apps.intake.url}/v1/donations/${donationId}`)).json()) as { status: string; rejection?: { code?: string } | null };
        return { donor, status: body.status, code: body.rejection?.code ?? null };
      }),
    );
    for (let donor = 0; donor < 10; donor++) {
      const mine = statuses.filter((s) => s.donor === donor);
      expect(mine.filter((s) => s.status === 'accepted')).toHaveLength(7);
      expect(mine.filter((s) => s.status === 'rejected').map((s) => s.code)).toEqual(Array(3).fill('donor_exceeds_election_limit'));
    }
  }, 600_000);

  it('compliance SIGKILLed mid-run and restarted: what it had not committed is redelivered and decided once', async () => {
    const campaignId = await openCampaign('compliance-kill');
    const donations = planOf(campaignId, FAULT_DONORS);
    await post(campaignId, donations, 150, async () => {
      await topology.apps.compliance.kill();
      await topology.apps.compliance.start();
    });
    await reconcile(campaignId, donations, FAULT_DONORS);
  }, 600_000);

  it('Kafka broker stopped for ten seconds mid-run: intake keeps recording, the relay and consumers catch up', async () => {
    const campaignId = await openCampaign('broker-stop');
    const donations = planOf(campaignId, FAULT_DONORS);
    await post(campaignId, donations, 100, async () => {
      topology.kafka.stop();
      // The donations still arriving meanwhile go to the ledger; the relay waits for the broker.
      await new Promise((r) => setTimeout(r, 10_000));
      topology.kafka.start();
    });
    await reconcile(campaignId, donations, FAULT_DONORS);
  }, 600_000);

  it('intake SIGKILLed mid-run and restarted: the relay resumes from its checkpoint, nothing lost, nothing counted twice', async () => {
    const campaignId = await openCampaign('intake-kill');
    const donations = planOf(campaignId, FAULT_DONORS);
    let atKill = { checkpoint: 0, head: 0 };
    await post(campaignId, donations, 150, async () => {
      await topology.apps.intake.kill();
      atKill = await relayPosition();
      // Clients meanwhile meet a refused connection and retry under their idempotency keys.
      await topology.apps.intake.start();
    });
    await reconcile(campaignId, donations, FAULT_DONORS);
    // The new relay started from where the killed one had checkpointed (never past what it
    // published), and has published everything since.
    expect(atKill.checkpoint).toBeLessThanOrEqual(atKill.head);
    // (A seal reporting appends meanwhile moves the head; the relay follows it within moments.)
    await waitUntil('the relay to reach the head of the ledger', async () => {
      const now = await relayPosition();
      return now.checkpoint === now.head;
    }, 30_000, 200);
    expect(await topology.metric('intake', 'hustings_relay_published_total')).toBeGreaterThan(0);
  }, 600_000);

  it('every app drains and exits 0 on SIGTERM', async () => {
    for (const app of ['intake', 'compliance', 'rewards', 'reporting'] as AppName[]) expect({ app, code: await topology.apps[app].stop() }).toEqual({ app, code: 0 });
  }, 120_000);

  async function relayPosition(): Promise<{ checkpoint: number; head: number }> {
    const [row] = await topology.query<pg.QueryResultRow & { checkpoint: string | null; head: string | null }>(
      `SELECT (SELECT position FROM ledger.relay_checkpoints WHERE subscriber = 'relay') AS checkpoint,
              (SELECT max(position) FROM ledger.events) AS head`,
    );
    return { checkpoint: Number(row.checkpoint ?? 0), head: Number(row.head ?? 0) };
  }
});
