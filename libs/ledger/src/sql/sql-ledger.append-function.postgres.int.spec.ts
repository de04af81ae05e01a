import { randomUUID } from 'node:crypto';
import { storeOnFreshSchema } from './sql-ledger-test-kit.js';

/** One group of a call: a stream, the head its writer believes, its unit, the one event it appends. */
interface Group {
  stream: string;
  base: number;
  baseHash: string;
  unit: number | null;
}

/**
 * The append function called as the writer calls it (sql-ledger-writer.ts), one event a group:
 * the cases below are about units, which the store's API never puts out of order.
 */
describe('the SQL ledger\'s append function on PostgreSQL: units', () => {
  const fixture = storeOnFreshSchema('ledger_units', { poolSize: 2, applicationName: 'ledger-units-spec' });
  const { schema, db } = fixture;

  const call = async (groups: Group[]): Promise<{ grp: number; status: string; head_revision: string | null }[]> => {
    const hash = (g: Group) => `${g.stream}@${g.base + 1}`;
    const { rows } = await db.query(
      `SELECT grp, status, head_revision FROM "${schema}".append_groups($1::text[], $2::bigint[], $3::text[], $4::int[], $5::bigint[], $6::text[],
         $7::int[], $8::uuid[], $9::bigint[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], NULL) ORDER BY grp`,
      [
        groups.map((g) => g.stream),
        groups.map((g) => g.base),
        groups.map((g) => g.baseHash),
        groups.map((g) => g.unit),
        groups.map((g) => g.base + 1),
        groups.map(hash),
        groups.map((_, i) => i + 1),
        groups.map(() => randomUUID()),
        groups.map((g) => g.base + 1),
        groups.map(() => 'SpecHappened'),
        groups.map(() => 1),
        groups.map(() => '{}'),
        groups.map(() => '{}'),
        groups.map(() => '2026-12-07T00:00:00.000Z'),
        groups.map((g) => g.baseHash),
        groups.map(hash),
      ],
    );
    return rows as { grp: number; status: string; head_revision: string | null }[];
  };
  const count = async (): Promise<number> => Number(((await db.query(`SELECT count(*) AS n FROM "${schema}".events`)).rows[0] as { n: string }).n);

  it('given units one after another, when one of them meets a stale head, then only that unit is aborted, and each unit sees the heads the units before it left', async () => {
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    const answer = await call([
      { stream: a, base: -1, baseHash: '', unit: 0 },
      // Unit 1: a after unit 0's event (right), and b at a head it does not have (stale).
      { stream: a, base: 0, baseHash: `${a}@0`, unit: 1 },
      { stream: b, base: 3, baseHash: 'x', unit: 1 },
      // Unit 2: a after unit 0's event, since unit 1 wrote nothing.
      { stream: a, base: 0, baseHash: `${a}@0`, unit: 2 },
    ]);
    expect(answer.map((r) => r.status)).toEqual(['ok', 'aborted', 'conflict', 'ok']);
    expect((await fixture.store.readStream(a)).map((e) => e.revision)).toEqual([0, 1]);
    expect(await fixture.store.readStream(b)).toEqual([]);
  });

  it('given a call whose units are not in order, group after group, then it is refused and nothing of it is written', async () => {
    const before = await count();
    const [a, b, c] = [`a-${randomUUID()}`, `b-${randomUUID()}`, `c-${randomUUID()}`];
    await expect(
      call([
        { stream: a, base: -1, baseHash: '', unit: 0 },
        { stream: b, base: -1, baseHash: '', unit: 1 },
        { stream: c, base: -1, baseHash: '', unit: 0 },
      ]),
    ).rejects.toThrow('units must come in order');
    expect(await count()).toBe(before);
  });

  it('given a call with a group of no unit, then it is refused at once and nothing of it is written', async () => {
    const before = await count();
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    await expect(
      call([
        { stream: a, base: -1, baseHash: '', unit: 0 },
        { stream: b, base: -1, baseHash: '', unit: null },
      ]),
    ).rejects.toThrow('every group needs a unit');
    expect(await count()).toBe(before);
  }, 10_000);
});
