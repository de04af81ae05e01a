import { randomUUID } from 'node:crypto';
import { PgDatabase } from '#persistence';
import { describeLedgerContract } from '#testing';
import { SqlLedgerStore } from './sql-ledger-store.js';
import { rawLedgerAccess, slowWriter } from './sql-ledger-test-kit.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describeLedgerContract('SQL adapter on a PostgreSQL server', async () => {
  const schema = `ledger_ct_${randomUUID().slice(0, 8)}`;
  const db = new PgDatabase({ url, poolSize: 16 });
  let store = await SqlLedgerStore.open(db, { schema });
  const raw = rawLedgerAccess(db, schema);
  return {
    store,
    tamper: raw.tamper,
    attemptEdit: raw.attemptEdit,
    slowWriter: () => slowWriter(db, schema),
    reopen: async () => {
      await store.close();
      store = await SqlLedgerStore.open(db, { schema });
      return store;
    },
    dispose: async () => {
      await store.close();
      await db.exec(`DROP SCHEMA "${schema}" CASCADE`);
      await db.close();
    },
  };
});
