// The twelve faults of the suite (and a baseline), each on a campaign of its own: post a bounded
// surge, inject the fault while it arrives (or after it, where the fault is about what follows),
// then reconcile (reconcile.mjs). `short`: the ones the default test run keeps.

import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import process from 'node:process';
import { sleep } from '../bench/common.mjs';
import { deadLetterCount, ledgerFold, openCampaign, reconcile, surge } from './reconcile.mjs';
import { WEBHOOK_SECRET } from './topology.mjs';

const until = async (what, probe, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
};

/** SIGKILL once the app has work in hand (a lag, so a batch is fetched and not committed), then start it again. */
async function killWithWorkInHand(t, name) {
  await until(`${name} to have messages in hand`, async () => (await t.metric(name, 'hustings_consumer_lag_messages')) > 0, 30_000).catch(() => undefined);
  await t.apps[name].kill();
  await sleep(1_000);
  await t.startApp(name);
}

async function relayPosition(t) {
  const [row] = await t.query(`SELECT (SELECT position FROM ledger.relay_checkpoints WHERE subscriber = 'relay') AS checkpoint, (SELECT max(position) FROM ledger.events) AS head`);
  return { checkpoint: Number(row.checkpoint ?? 0), head: Number(row.head ?? 0) };
}

/** Runs a CLI of the repository as an operator would, with the topology's settings. */
function cli(t, script, args, env) {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(t.root, script), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

/** A payment-provider notice, signed as intake's webhook expects (Hustings-Signature). */
function signed(notice, signedAt) {
  const body = JSON.stringify(notice);
  const mac = createHmac('sha256', WEBHOOK_SECRET).update(`${signedAt}.${body}`).digest('hex');
  return { body, signature: `t=${signedAt},v1=${mac}` };
}

async function deliver(t, delivery) {
  const client = t.client('intake');
  try {
    // No API key: the provider signs instead. The client's JSON body is the signed bytes (JSON.parse/stringify keeps them).
    const res = await client.request('POST', '/v1/webhooks/payments', JSON.parse(delivery.body), { authorization: '', 'hustings-signature': delivery.signature });
    return res.status;
  } finally {
    client.close();
  }
}

const DECISION_TYPES = `('DonationAccepted', 'DonationRejected', 'DonationFlagged')`;

/** Each fault: `run(t, campaignId, n)` posts the surge with the fault and answers the surge's state and any extra figures. */
export const FAULTS = [
  { name: 'no fault (baseline)', short: true, run: async (t, c, n) => ({ state: await surge(t, c, n) }) },
  {
    name: 'broker stopped 10 s, restarted',
    run: async (t, c, n) => ({
      state: await surge(t, c, n, {
        faultAt: n / 4,
        fault: async () => {
          await t.broker.runAsync('stop');
          await sleep(10_000);
          await t.broker.runAsync('start');
        },
      }),
    }),
  },
  { name: 'compliance SIGKILLed before its offset commit', short: true, run: async (t, c, n) => ({ state: await surge(t, c, n, { faultAt: n / 3, fault: () => killWithWorkInHand(t, 'compliance') }) }) },
  { name: 'reporting SIGKILLed mid-batch', run: async (t, c, n) => ({ state: await surge(t, c, n, { faultAt: n / 3, fault: () => killWithWorkInHand(t, 'reporting') }) }) },
  {
    name: 'relay killed between append and publish',
    run: async (t, c, n) => ({
      state: await surge(t, c, n, {
        faultAt: n / 3,
        fault: async () => {
          // The relay (in intake) has appended events it has not published yet: checkpoint behind head.
          await until('the relay to be behind the ledger', async () => {
            const { checkpoint, head } = await relayPosition(t);
            return checkpoint < head;
          }, 10_000).catch(() => undefined);
          await t.apps.intake.kill();
          await sleep(1_000);
          await t.startApp('intake');
        },
      }),
    }),
  },
  {
    name: 'PostgreSQL restarted under load',
    run: async (t, c, n) => {
      const state = await surge(t, c, n, { faultAt: n / 3, fault: () => t.postgres.restart() });
      await t.reopenPool();
      return { state };
    },
  },
  {
    name: 'every message delivered twice (relay rewound)',
    short: true,
    run: async (t, c, n) => {
      const state = await surge(t, c, n);
      await until('the surge decided', async () => [...(await ledgerFold(t, c)).perDonation.values()].filter((x) => x.DonationAccepted || x.DonationRejected || x.DonationFlagged).length >= n);
      const [first] = await t.query(`SELECT min(position) AS p FROM ledger.events WHERE payload::jsonb->>'campaignId' = $1`, [c]);
      state.injectedAt = Date.now();
      // Killed before its checkpoint moved past the surge: on restart the relay publishes all of it again.
      await t.apps.intake.kill();
      await t.query(`UPDATE ledger.relay_checkpoints SET position = $1 WHERE subscriber = 'relay'`, [Number(first.p) - 1]);
      await t.startApp('intake');
      return { state };
    },
  },
  {
    name: 'reordered across a rebalance (2 compliance, 1 killed)',
    run: async (t, c, n) => {
      await t.startApp('compliance-2');
      const state = await surge(t, c, n, {
        faultAt: n / 3,
        fault: async () => {
          await t.apps['compliance-2'].kill();
          // Its partitions move to the other replica once the session times out; it comes back later: a second rebalance.
          await sleep(35_000);
          await t.startApp('compliance-2');
        },
      });
      return { state };
    },
  },
  {
    name: 'poison message dead-lettered, replayed by dead-letters CLI',
    short: true,
    run: async (t, c, n) => {
      const poison = `${c}-d${Math.floor(n / 2)}`;
      // Compliance's decision of one donation fails every time (a non-transient error): after its attempts it is dead-lettered.
      await t.adminSql(`CREATE OR REPLACE FUNCTION ledger.chaos_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.type IN ${DECISION_TYPES} AND NEW.payload::jsonb->>'donationId' = '${poison}' THEN RAISE EXCEPTION 'chaos: poisoned decision of %', '${poison}'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER chaos_poison BEFORE INSERT ON ledger.events FOR EACH ROW EXECUTE FUNCTION ledger.chaos_poison();`);
      const before = await deadLetterCount(t);
      const state = await surge(t, c, n);
      state.injectedAt = Date.now();
      await until('the poisoned donation to be dead-lettered', async () => (await deadLetterCount(t)) > before, 180_000);
      await t.adminSql(`DROP TRIGGER chaos_poison ON ledger.events; DROP FUNCTION ledger.chaos_poison();`);
      const env = { KAFKA_BROKERS: t.broker.brokers, LOG_FORMAT: 'text' };
      const listed = await cli(t, 'dist/apps/embedded/src/dead-letters.cli.js', ['list', '--group', 'compliance'], env);
      const replayed = await cli(t, 'dist/apps/embedded/src/dead-letters.cli.js', ['replay', '--group', 'compliance'], env);
      const again = await cli(t, 'dist/apps/embedded/src/dead-letters.cli.js', ['replay', '--group', 'compliance'], env);
      if (replayed.code !== 0 || again.code !== 0) throw new Error(`dead-letters replay failed: ${replayed.stderr} ${again.stderr}`);
      return { state, notes: [listed.stdout.trim(), replayed.stdout.trim().split('\n').at(-1), `a second replay: ${again.stdout.trim()}`] };
    },
  },
  {
    name: 'webhook storm (duplicates, replays)',
    run: async (t, c, n) => {
      const state = await surge(t, c, n);
      state.injectedAt = Date.now();
      const now = Math.floor(Date.now() / 1000);
      const statuses = [];
      const ids = [...state.acknowledged];
      for (let i = 0; i < ids.length; i += 8) {
        await Promise.all(ids.slice(i, i + 8).map(async (donationId, j) => {
          const notices = [
            { id: `evt_cap_${donationId}`, type: 'payment.captured', donationId, pspReference: `ch_${donationId.replace(/[^A-Za-z0-9]/g, '_')}`, amountMinor: 2_500, currency: 'USD', occurredAt: new Date().toISOString() },
            { id: `evt_ref_${donationId}`, type: 'payment.refunded', donationId, pspReference: `ch_${donationId.replace(/[^A-Za-z0-9]/g, '_')}`, amountMinor: 500, currency: 'USD', occurredAt: new Date().toISOString() },
          ];
          for (const notice of notices) {
            const first = signed(notice, now - ((i + j) % 5));
            for (const delivery of [first, first, signed(notice, now - 30), signed(notice, now - 31)]) statuses.push(await deliver(t, delivery));
          }
        }));
      }
      const unexpected = statuses.filter((s) => s !== 200 && s !== 409);
      return { state, notes: [`${statuses.length} webhook deliveries, ${unexpected.length} answered other than 200/409${unexpected.length ? `: ${[...new Set(unexpected)].join(', ')}` : ''}`], extra: { unexpectedWebhookAnswers: unexpected.length } };
    },
  },
  {
    name: 'clock stepped +30 s on intake',
    run: async (t, c, n) => ({ state: await surge(t, c, n, { faultAt: n / 3, fault: async () => process.kill(t.apps.intake.child.pid, 'SIGUSR2') }) }),
  },
  {
    name: 'compliance cut off from the broker 15 s',
    run: async (t, c, n) => ({
      state: await surge(t, c, n, {
        faultAt: n / 4,
        fault: async () => {
          t.proxy.cut();
          await sleep(15_000);
          t.proxy.restore();
        },
      }),
    }),
  },
  {
    name: 'disk full on ledger writes for 5 s',
    run: async (t, c, n) => {
      // No tablespace or small filesystem without root on a shared host: PostgreSQL's own
      // disk_full SQLSTATE (53100), raised by a trigger on every ledger insert for a window, is
      // what the apps would meet; they must refuse loudly (5xx) and leave the ledger whole.
      const state = await surge(t, c, n, {
        faultAt: n / 4,
        fault: async () => {
          await t.adminSql(`CREATE OR REPLACE FUNCTION ledger.chaos_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION USING ERRCODE = 'disk_full', MESSAGE = 'could not extend file: No space left on device'; END $$;
            CREATE TRIGGER chaos_disk_full BEFORE INSERT ON ledger.events FOR EACH ROW EXECUTE FUNCTION ledger.chaos_disk_full();`);
          await sleep(5_000);
          await t.adminSql(`DROP TRIGGER chaos_disk_full ON ledger.events; DROP FUNCTION ledger.chaos_disk_full();`);
        },
      });
      return { state, notes: [`intake answered ${state.serverErrors.length} 5xx while the disk was full (${[...new Set(state.serverErrors)].join(', ') || 'none'}); clients retried them`] };
    },
  },
];

/** One fault from start to row: a campaign of its own, the surge and fault, the reconciliation. */
export async function runFault(t, fault, index, surgeSize) {
  const campaignId = await openCampaign(t, `f${index}`);
  const deadLettersBefore = await deadLetterCount(t);
  const { state, notes = [], extra = {} } = await fault.run(t, campaignId, surgeSize);
  const row = await reconcile(t, fault.name, state, deadLettersBefore, extra);
  return { row, notes };
}
