import { identifier, type SqlDatabase } from '#sql';

/** Test-only access to the raw tables, as an intruder or a careless operator would have. */
export function rawLedgerAccess(db: SqlDatabase, schema: string) {
  const s = identifier(schema);
  const target = `stream_id = $1 AND revision = $2`;
  return {
    async tamper(streamId: string, revision: number): Promise<void> {
      await db.transaction(async (session) => {
        await session.query(`ALTER TABLE ${s}.events DISABLE TRIGGER events_append_only_rows`);
        await session.query(
          `UPDATE ${s}.events SET payload = replace(payload, '"note":"contract"', '"note":"contrast"') WHERE ${target}`,
          [streamId, revision],
        );
        await session.query(`ALTER TABLE ${s}.events ENABLE TRIGGER events_append_only_rows`);
      });
    },
    async attemptEdit(streamId: string, revision: number): Promise<void> {
      const update = db
        .query(`UPDATE ${s}.events SET type = 'Edited' WHERE ${target}`, [streamId, revision])
        .then(() => 'update allowed', (error: Error) => error.message);
      const remove = db
        .query(`DELETE FROM ${s}.events WHERE ${target}`, [streamId, revision])
        .then(() => 'delete allowed', (error: Error) => error.message);
      const messages = await Promise.all([update, remove]);
      if (messages.every((m) => m.includes('append-only'))) throw new Error(messages.join('; '));
    },
  };
}
