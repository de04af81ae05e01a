import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openReadModelDataSource } from '#read-models';
import { WEBHOOK_DELIVERY_TABLES, WebhookDeliveryStore } from './webhook-delivery-store.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('WebhookDeliveryStore on a PostgreSQL server', () => {
  const schema = `hooks_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  const stores: WebhookDeliveryStore[] = [];

  beforeAll(async () => {
    dataSource = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 8 }, schema, [WEBHOOK_DELIVERY_TABLES]);
    // Two stores over one database stand for two intake replicas.
    stores.push(new WebhookDeliveryStore(dataSource), new WebhookDeliveryStore(dataSource));
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  const delivery = (timestamp = Math.floor(Date.now() / 1000)) => ({ timestamp, deliveryId: randomUUID() });

  it('given the same delivery at two replicas eight times at once, when claimed, then exactly one claim succeeds', async () => {
    const same = delivery();
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => stores[i % 2].claim(same)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await stores[0].claim(same)).toBe(false);
  });

  it('given a claimed delivery whose handling failed on our side, when released, then the same bytes are admitted again', async () => {
    const failed = delivery();
    expect(await stores[0].claim(failed)).toBe(true);
    await stores[0].release(failed);
    expect(await stores[1].claim(failed)).toBe(true);
  });

  it('given deliveries signed more than five minutes ago, when pruned, then they are forgotten and fresh ones kept', async () => {
    const now = new Date();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const stale = delivery(nowSeconds - 302);
    const edge = delivery(nowSeconds - 299);
    await stores[0].claim(stale, new Date(now.getTime() - 302_000));
    await stores[0].claim(edge, new Date(now.getTime() - 299_000));
    expect(await stores[0].prune(now)).toBeGreaterThanOrEqual(1);
    const left = (await dataSource.query(`SELECT delivery_id FROM "${schema}".webhook_deliveries WHERE delivery_id = ANY($1)`, [
      [stale.deliveryId, edge.deliveryId],
    ])) as { delivery_id: string }[];
    expect(left.map((row) => row.delivery_id)).toEqual([edge.deliveryId]);
  });
});
