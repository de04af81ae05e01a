// The client side of a fault (a bounded surge of donations, each retried under its idempotency
// key as a payment client retries) and the reconciliation after it: the ledger read back from
// PostgreSQL, the bus (relay checkpoint against the ledger's head, every group's lag, the
// dead-letter topics) and the read models (reporting's totals and rows against a fold of the
// ledger, each donation stream's hash chain). One row of figures per fault.

import { randomUUID } from 'node:crypto';
import { deadLetterTopic, donationStreamId } from '../../dist/libs/contracts/src/index.js';
import { SqlLedgerStore, verifyStreamChain } from '../../dist/libs/ledger/src/index.js';
import { PgDatabase } from '../../dist/libs/sql/src/index.js';
import { sleep } from '../bench/common.mjs';

const GIFT_MINOR = 2_500;
const CLIENT_PATIENCE_MS = 240_000;
const SETTLE_MS = 240_000;
const DECISIONS = ['DonationAccepted', 'DonationRejected', 'DonationFlagged'];
export const GROUPS = ['compliance', 'rewards', 'reporting'];

export async function openCampaign(topology, name) {
  const client = topology.client('intake');
  try {
    const committeeId = `chaos-${topology.run}-${name}-cmte`;
    const campaignId = `chaos-${topology.run}-${name}`;
    const committee = await client.request('POST', '/v1/committees', {
      committeeId,
      name: `Chaos ${name}`,
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
      defaultElectionId: 'general-2026',
    });
    if (committee.status !== 201) throw new Error(`committee: ${committee.status} ${JSON.stringify(committee.body)}`);
    const campaign = await client.request('POST', '/v1/campaigns', { campaignId, committeeId, name, currency: 'USD' });
    if (campaign.status !== 201) throw new Error(`campaign: ${campaign.status} ${JSON.stringify(campaign.body)}`);
    return campaignId;
  } finally {
    client.close();
  }
}

const donationBody = (campaignId, donationId, donor) => ({
  donationId,
  amountMinor: GIFT_MINOR,
  currency: 'USD',
  donor: { type: 'individual', name: `Donor ${campaignId} ${donor}`, address: { postalCode: String(10_000 + donor) }, attestations: { usCitizenOrPermanentResident: true } },
  payment: { method: 'card', pspReference: `ch_${donationId.replace(/[^A-Za-z0-9]/g, '_')}` },
});

/**
 * Posts one donation until it is answered for good, as a client of a payment API does: a
 * refused or reset connection, a 5xx, a 429 and 409 idempotency_key_in_flight (the attempt
 * that died holds the key's lease) are retried under the same key.
 */
async function postUntilAnswered(topology, state, donationId, donor) {
  const deadline = Date.now() + CLIENT_PATIENCE_MS;
  for (;;) {
    const client = topology.client('intake');
    try {
      const res = await client.request('POST', `/v1/campaigns/${state.campaignId}/donations`, donationBody(state.campaignId, donationId, donor), { 'idempotency-key': state.keys.get(donationId) });
      if (res.status === 202) return state.acknowledged.add(donationId);
      if (res.status >= 500) state.serverErrors.push(`${res.status} ${res.body?.code ?? ''}`.trim());
      const retriable = res.status >= 500 || res.status === 429 || (res.status === 409 && res.body?.code === 'idempotency_key_in_flight');
      if (!retriable) return state.refused.push(`${donationId}: ${res.status} ${JSON.stringify(res.body)}`);
    } catch {
      state.connectionErrors++;
    } finally {
      client.close();
    }
    if (Date.now() > deadline) return state.refused.push(`${donationId}: no answer within ${CLIENT_PATIENCE_MS} ms`);
    await sleep(500);
  }
}

/**
 * `count` donations from count/4 donors, `concurrency` at a time; when `faultAt` of them have
 * been sent, `fault()` starts while the others keep coming. Resolves once both are done.
 */
export async function surge(topology, campaignId, count, { faultAt: at = Infinity, fault = async () => undefined, concurrency = 8 } = {}) {
  const state = { campaignId, posted: count, keys: new Map(), acknowledged: new Set(), refused: [], serverErrors: [], connectionErrors: 0, injectedAt: null };
  const ids = Array.from({ length: count }, (_, i) => `${campaignId}-d${i}`);
  for (const id of ids) state.keys.set(id, randomUUID());
  let next = 0;
  let faulted = null;
  const faultAt = Number.isFinite(at) ? Math.floor(at) : at;
  const lane = async () => {
    while (next < ids.length) {
      const i = next++;
      if (i === faultAt && !faulted) {
        state.injectedAt = Date.now();
        faulted = fault();
      }
      await postUntilAnswered(topology, state, ids[i], i % Math.max(1, Math.floor(count / 4)));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  await faulted;
  return state;
}

/** What the ledger holds of a campaign: per donation, how many of each event; the sums a fold of it gives. */
export async function ledgerFold(topology, campaignId) {
  const rows = await topology.query(`SELECT type, payload FROM ledger.events WHERE payload::jsonb->>'campaignId' = $1 OR payload::jsonb->>'donationId' LIKE $2`, [campaignId, `${campaignId}-d%`]);
  const perDonation = new Map();
  let acceptedMinor = 0n;
  let acceptedCount = 0;
  let refundedMinor = 0n;
  const acceptedById = new Map();
  for (const row of rows) {
    const payload = JSON.parse(row.payload);
    if (!payload.donationId) continue;
    const counts = perDonation.get(payload.donationId) ?? {};
    counts[row.type] = (counts[row.type] ?? 0) + 1;
    perDonation.set(payload.donationId, counts);
    if (row.type === 'DonationAccepted') {
      acceptedMinor += BigInt(payload.acceptedAmountMinor ?? '0');
      acceptedCount += 1;
      acceptedById.set(payload.donationId, BigInt(payload.acceptedAmountMinor ?? '0'));
    }
    if (row.type === 'DonationRefunded') refundedMinor += BigInt(payload.amountMinor ?? '0');
  }
  return { perDonation, acceptedMinor, acceptedCount, refundedMinor, acceptedById };
}

const decisionsOf = (counts) => DECISIONS.reduce((n, type) => n + (counts?.[type] ?? 0), 0);

/** Reporting's view of the campaign: the totals it serves and its rows, each against the ledger's fold. */
async function reportingAgrees(topology, campaignId, fold) {
  const client = topology.client('reporting');
  try {
    const totals = (await client.request('GET', `/v1/campaigns/${campaignId}/totals`)).body ?? {};
    const rows = await topology.query(`SELECT donation_id, accepted_minor FROM reporting.campaign_donations WHERE campaign_id = $1`, [campaignId]);
    const ids = new Set(rows.map((r) => r.donation_id));
    const rowsAgree = rows.length === ids.size && rows.every((r) => BigInt(r.accepted_minor) === (fold.acceptedById.get(r.donation_id) ?? 0n)) && ids.size === fold.perDonation.size;
    const totalsAgree = totals.raisedMinor === Number(fold.acceptedMinor) && totals.donationCount === fold.acceptedCount && totals.refundedMinor === Number(fold.refundedMinor);
    return { agree: rowsAgree && totalsAgree, rowsTwice: rows.length - ids.size };
  } catch {
    return { agree: false, rowsTwice: 0 };
  } finally {
    client.close();
  }
}

/** The bus has carried everything: the relay reached the ledger's head and no group has lag. */
async function busDrained(topology) {
  const [row] = await topology.query(`SELECT (SELECT position FROM ledger.relay_checkpoints WHERE subscriber = 'relay') AS checkpoint, (SELECT max(position) FROM ledger.events) AS head`);
  if (Number(row.checkpoint ?? -1) < Number(row.head ?? 0)) return false;
  const names = Object.keys(topology.apps).filter((name) => GROUPS.includes(name.replace(/-\d+$/, '')) && topology.apps[name].child);
  const lags = await Promise.all(names.map((name) => topology.metric(name, 'hustings_consumer_lag_messages')));
  return lags.every((lag) => lag === 0);
}

export async function deadLetterCount(topology) {
  const sizes = await Promise.all(GROUPS.map((group) => topology.topicSize(deadLetterTopic(group))));
  return sizes.reduce((n, s) => n + s, 0);
}

/** Each donation stream of the campaign read back through the ledger store: its hash chain holds. */
async function chainsHold(topology, donationIds) {
  const db = new PgDatabase({ url: topology.db.url, poolSize: 2 });
  const ledger = await SqlLedgerStore.open(db);
  try {
    for (const id of donationIds) if (!verifyStreamChain(await ledger.readStream(donationStreamId(id))).ok) return false;
    return true;
  } finally {
    await ledger.close();
    await db.close();
  }
}

/**
 * Waits until every donation in the ledger is decided, the bus is drained and reporting
 * agrees with the ledger (or SETTLE_MS passed), then the row. `deadLettersBefore`: the
 * dead-letter topics' size before the fault.
 */
export async function reconcile(topology, fault, state, deadLettersBefore, extra = {}) {
  const started = state.injectedAt ?? Date.now();
  const deadline = Date.now() + SETTLE_MS;
  let fold;
  let reporting;
  for (;;) {
    fold = await ledgerFold(topology, state.campaignId).catch(() => null);
    if (fold) {
      const decided = [...fold.perDonation.values()].every((counts) => (counts.DonationReceived ?? 0) === 0 || decisionsOf(counts) >= 1);
      const allThere = [...state.acknowledged].every((id) => fold.perDonation.has(id));
      reporting = await reportingAgrees(topology, state.campaignId, fold);
      if ((decided && allThere && reporting.agree && (await busDrained(topology).catch(() => false))) || Date.now() > deadline) break;
    }
    await sleep(500);
  }
  const recoveryMs = Date.now() - started;
  const received = [...fold.perDonation.entries()].filter(([, counts]) => (counts.DonationReceived ?? 0) > 0);
  return {
    fault,
    posted: state.posted,
    acknowledged: state.acknowledged.size,
    inLedger: received.length,
    decidedOnce: received.filter(([, counts]) => decisionsOf(counts) === 1).length,
    totalsEqualLedger: reporting.agree,
    duplicates: [...fold.perDonation.values()].filter((counts) => (counts.DonationReceived ?? 0) > 1 || decisionsOf(counts) > 1).length + reporting.rowsTwice,
    lost: [...state.acknowledged].filter((id) => (fold.perDonation.get(id)?.DonationReceived ?? 0) !== 1 || decisionsOf(fold.perDonation.get(id)) === 0).length,
    deadLetters: (await deadLetterCount(topology)) - deadLettersBefore,
    chainsHold: await chainsHold(topology, received.map(([id]) => id)),
    recoveryMs,
    refused: state.refused.length,
    serverErrors: state.serverErrors.length,
    ...extra,
  };
}

/** Whether a row reads nothing lost, nothing counted twice, everything decided and agreeing. */
export function rowHolds(row) {
  return row.lost === 0 && row.duplicates === 0 && row.totalsEqualLedger && row.chainsHold && row.decidedOnce === row.inLedger && row.inLedger === row.acknowledged && row.acknowledged === row.posted && row.refused === 0;
}
