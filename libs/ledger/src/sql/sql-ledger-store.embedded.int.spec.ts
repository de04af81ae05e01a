import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '#sql';
import { describeLedgerContract } from '#testing';
import { SqlLedgerStore } from './sql-ledger-store.js';
import { rawLedgerAccess } from './sql-ledger-test-kit.js';

describeLedgerContract('SQL adapter on embedded PGlite (durable directory)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-ledger-'));
  let db = await EmbeddedDatabase.open(dir);
  let store = await SqlLedgerStore.open(db);
  const raw = () => rawLedgerAccess(db, 'ledger');
  return {
    store,
    tamper: (streamId, revision) => raw().tamper(streamId, revision),
    attemptEdit: (streamId, revision) => raw().attemptEdit(streamId, revision),
    reopen: async () => {
      await store.close();
      await db.close();
      db = await EmbeddedDatabase.open(dir);
      store = await SqlLedgerStore.open(db);
      return store;
    },
    dispose: async () => {
      await store.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
