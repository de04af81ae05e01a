import { randomUUID } from 'node:crypto';
import {
  CURRENT_VERSIONS,
  deterministicId,
  donationStreamId,
  rewardStockStreamId,
  type DonationAcceptedV2,
  type DonationReceivedV4,
  type DonationRefundedV1,
  type EventMetadata,
  type RecordedEvent,
  type RewardGrantedV1,
} from '#contracts';
import { rewardStockFold, unitsOut } from '#domain';
import { loadState, SqlLedgerStore } from '#ledger';
import { PgDatabase } from '#sql';
import { RewardFulfilmentService } from './reward-fulfilment.service.js';
import { RewardGrantingService } from './reward-granting.service.js';
import { RewardRevocationService } from './reward-revocation.service.js';
import { RewardTiersService } from './reward-tiers.service.js';
import { type RewardGrantRow } from '#read-models';

/*
 * Rewards replicas on one PostgreSQL ledger: a surge of donors against a tier of 3, then
 * refunds of waitlisted, fulfilled and unfulfilled donors at once. The stock never goes over
 * 3, a fulfilled grant's unit never comes back, and returned units go to the line in order.
 */

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REPLICAS = 3;
const DONORS = 12;
const COMMITTEE = 'c-revoke';

interface Replica {
  ledger: SqlLedgerStore;
  granting: RewardGrantingService;
  revocation: RewardRevocationService;
  close(): Promise<void>;
}

async function startReplica(schema: string): Promise<Replica> {
  const db = new PgDatabase({ url, poolSize: 6 });
  const ledger = await SqlLedgerStore.open(db, { schema });
  return {
    ledger,
    granting: new RewardGrantingService(ledger),
    revocation: new RewardRevocationService(ledger),
    async close() {
      await ledger.close();
      await db.close();
    },
  };
}

describe('revoking rewards when money goes back (PostgreSQL ledger, several replicas)', () => {
  const schema = `revoke_${randomUUID().slice(0, 8)}`;
  const campaignId = `rv-${randomUUID().slice(0, 8)}`;
  let replicas: Replica[] = [];
  const metadata = (donorId: string, id: string): EventMetadata => ({ occurredAt: new Date().toISOString(), correlationId: id, causationId: id, committeeId: COMMITTEE, donorId });

  beforeAll(async () => {
    for (let i = 0; i < REPLICAS; i++) replicas.push(await startReplica(schema));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    const db = new PgDatabase({ url, poolSize: 1 });
    await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
    replicas = [];
  });

  const ledger = (): SqlLedgerStore => replicas[0].ledger;
  const last = async (donationId: string): Promise<RecordedEvent> => (await ledger().readStream(donationStreamId(donationId))).at(-1) as RecordedEvent;

  async function received(donorId: string, donationId: string, amountMinor: string): Promise<void> {
    const payload: DonationReceivedV4 = {
      donationId, campaignId, committeeId: COMMITTEE, amountMinor, currency: 'USD',
      donor: { donorId, type: 'individual', sealedPii: null, attestations: {}, detailsGiven: null, registrationNumber: null },
      payment: { method: 'card', pspReference: `ch_${donationId}` }, electionId: 'general-2026', receivedAt: new Date().toISOString(),
      matchKeys: { paymentInstrument: null, address: null, email: null, device: null }, publicAcknowledgement: null,
    };
    await ledger().append(donationStreamId(donationId), [{ eventId: deterministicId('t-received', donationId), type: 'DonationReceived', version: CURRENT_VERSIONS.DonationReceived, payload, metadata: metadata(donorId, donationId) }], 'any');
  }

  async function accepted(donorId: string, donationId: string, amountMinor: string): Promise<RecordedEvent<'DonationAccepted', DonationAcceptedV2>> {
    const payload: DonationAcceptedV2 = {
      donationId, campaignId, committeeId: COMMITTEE, donorId, electionId: 'general-2026', acceptedAmountMinor: amountMinor, currency: 'USD',
      aggregateAfterMinor: amountMinor, ruleIds: [], rulePackVersion: 'test', figures: {}, itemized: false,
    };
    await ledger().append(donationStreamId(donationId), [{ eventId: deterministicId('t-accepted', donationId), type: 'DonationAccepted', version: CURRENT_VERSIONS.DonationAccepted, payload, metadata: metadata(donorId, donationId) }], 'any');
    return (await last(donationId)) as RecordedEvent<'DonationAccepted', DonationAcceptedV2>;
  }

  async function refunded(donorId: string, donationId: string, amountMinor: string): Promise<RecordedEvent> {
    const payload: DonationRefundedV1 = { donationId, campaignId, amountMinor, currency: 'USD', reason: 'donor asked', decidedBy: 'psp', pspReference: `ch_${donationId}` };
    await ledger().append(donationStreamId(donationId), [{ eventId: deterministicId('t-refunded', donationId), type: 'DonationRefunded', version: CURRENT_VERSIONS.DonationRefunded, payload, metadata: metadata(donorId, donationId) }], 'any');
    return last(donationId);
  }

  const stock = async () => loadState(ledger(), rewardStockStreamId(campaignId, 'mug'), rewardStockFold);
  const donor = (i: number): string => `dn_rv_${i}`;
  const donation = (i: number): string => `${campaignId}-d${i}`;

  it('given a surge against a tier of 3, when waitlisted, fulfilled and unfulfilled donors are refunded, then stock, grants and promotions are exact, and redeliveries add nothing', async () => {
    const tiers = new RewardTiersService(ledger());
    await tiers.define({ campaignId, committeeId: COMMITTEE, currency: 'USD', actor: 'api-key:test', correlationId: randomUUID() }, 'mug', {
      name: 'Mug', thresholdKind: 'single', thresholdMinor: '5000', rewardKind: 'item', fairMarketValueMinor: '1200', stockLimit: 3,
    });
    const acceptances = await Promise.all(
      Array.from({ length: DONORS }, async (_, i) => {
        await received(donor(i), donation(i), '5000');
        return accepted(donor(i), donation(i), '5000');
      }),
    );
    await Promise.all(acceptances.map((event, i) => replicas[i % REPLICAS].granting.onDonationAccepted(event)));

    const afterSurge = (await stock()).state;
    expect(unitsOut(afterSurge)).toBe(3);
    expect(afterSurge.waitlist.map((entry) => entry.waitlistPosition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [g0, g1, g2] = afterSurge.grants;
    const [w1, w2, w3, w4] = afterSurge.waitlist;

    // A refund that overtakes the decision: the donation never counts, so nothing is granted or waitlisted.
    await received('dn_rv_early', `${campaignId}-early`, '5000');
    const earlyRefund = await refunded('dn_rv_early', `${campaignId}-early`, '5000');
    await replicas[1].revocation.onReversal(earlyRefund);
    await replicas[2].granting.onDonationAccepted(await accepted('dn_rv_early', `${campaignId}-early`, '5000'));

    // Staff ship g0's mug; then the second in line is refunded and leaves it.
    const fulfilment = new RewardFulfilmentService(ledger(), undefined as never);
    const row = { grantId: g0.grantId, campaignId, tierId: 'mug', committeeId: COMMITTEE } as RewardGrantRow;
    expect(await fulfilment.record(row, { grantId: g0.grantId, status: 'shipped', note: 'tracking 1Z', actor: 'api-key:staff', correlationId: 'f1' })).toEqual({ recorded: true });
    const w2Refund = await refunded(w2.donorId, w2.donationId, '5000');
    await replicas[0].revocation.onReversal(w2Refund);

    // Now g0 (shipped), g1 and g2 (not shipped) are refunded at the same moment on different replicas.
    const refunds = await Promise.all([g0, g1, g2].map((grant) => refunded(grant.donorId, grant.donationId, '5000')));
    await Promise.all(refunds.map((event, i) => replicas[i % REPLICAS].revocation.onReversal(event)));

    const final = await stock();
    const byDonor = new Map(final.state.grants.map((grant) => [grant.donorId, grant]));
    expect(byDonor.get(g0.donorId)?.revoked).toEqual({ stockReturned: false, flagged: true });
    expect(byDonor.get(g1.donorId)?.revoked).toEqual({ stockReturned: true, flagged: false });
    expect(byDonor.get(g2.donorId)?.revoked).toEqual({ stockReturned: true, flagged: false });
    // The two units that came back went to the first two still in line: w1 and w3 (w2 left).
    expect(final.state.grants.filter((grant) => grant.revoked === null).map((grant) => grant.donorId).sort()).toEqual([w1.donorId, w3.donorId].sort());
    expect(unitsOut(final.state)).toBe(3);
    expect(final.state.waitlist.map((entry) => entry.waitlistPosition)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(final.state.waitlist[0].donorId).toBe(w4.donorId);
    expect(final.state.grants.some((grant) => grant.donorId === 'dn_rv_early')).toBe(false);
    const events = final.events;
    const granted = events.filter((e) => e.type === 'RewardGranted').map((e) => e.payload as RewardGrantedV1);
    expect(Math.max(...granted.map((g) => g.grantedCount))).toBe(3);
    expect(events.filter((e) => e.type === 'RewardRevoked')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'RewardRevocationFlagged').map((e) => (e.payload as { grantId: string }).grantId)).toEqual([g0.grantId]);
    expect(events.filter((e) => e.type === 'RewardWaitlistLeft').map((e) => (e.payload as { donorId: string }).donorId)).toEqual([w2.donorId]);
    // Revoked and promoted alike keep the market value for compliance.
    expect(events.filter((e) => e.type === 'RewardRevoked').every((e) => (e.payload as { fairMarketValueMinor: string }).fairMarketValueMinor === '1200')).toBe(true);

    // Every fact delivered again, on other replicas, at once: nothing new.
    await Promise.all([
      ...refunds.map((event, i) => replicas[(i + 1) % REPLICAS].revocation.onReversal(event)),
      replicas[2].revocation.onReversal(w2Refund),
      replicas[1].revocation.onReversal(earlyRefund),
      ...acceptances.map((event, i) => replicas[(i + 2) % REPLICAS].granting.onDonationAccepted(event)),
    ]);
    expect((await stock()).events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect(await fulfilment.record(row, { grantId: g0.grantId, status: 'shipped', note: null, actor: 'api-key:staff', correlationId: 'f2' }).catch((e: { code?: string }) => e.code)).toBe('reward_grant_revoked');
  }, 180_000);
});
