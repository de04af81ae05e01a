import type { DataSource } from 'typeorm';
import { WEBHOOK_TOLERANCE_SECONDS, type VerifiedDelivery } from '#domain';
import type { TableSet } from '#sql';
import { WebhookDeliveries1764300000000 } from './1764300000000-webhook-deliveries.migration.js';
import { WebhookDeliveryRow } from './webhook-delivery.entity.js';

/** The webhook delivery table, in intake's schema (IntakeModule.tables). */
export const WEBHOOK_DELIVERY_TABLES: TableSet = { entities: [WebhookDeliveryRow], migrations: [WebhookDeliveries1764300000000] };

/** How often a replica clears deliveries past the tolerance; each clearing is one indexed DELETE. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Replay protection for signed webhooks. A delivery is claimed once, atomically, so two
 * replicas receiving the same bytes at the same time cannot both admit it. Rows live as
 * long as a signature stays fresh (the tolerance either side of the signing time); past
 * that, a replay is refused as expired without needing them.
 */
export class WebhookDeliveryStore {
  private lastPruneMs = 0;

  constructor(private readonly dataSource: DataSource) {}

  private get table(): string {
    return this.dataSource.getMetadata(WebhookDeliveryRow).tablePath;
  }

  /** True for the first sight of the delivery, false for a replay. */
  async claim(delivery: VerifiedDelivery, now = new Date()): Promise<boolean> {
    await this.pruneNowAndThen(now);
    const expiresAt = new Date((delivery.timestamp + WEBHOOK_TOLERANCE_SECONDS + 1) * 1000);
    const claimed = (await this.dataSource.query(
      `INSERT INTO ${this.table} (delivery_id, signed_at, received_at, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id`,
      [delivery.deliveryId, String(delivery.timestamp), now.toISOString(), expiresAt.toISOString()],
    )) as unknown[];
    return claimed.length > 0;
  }

  /** Our handling failed (not the sender's request): the sender may deliver the same bytes again. */
  async release(delivery: VerifiedDelivery): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE delivery_id = $1`, [delivery.deliveryId]);
  }

  /** Forgets deliveries whose signatures can no longer be fresh; returns how many. */
  async prune(now = new Date()): Promise<number> {
    const result: unknown = await this.dataSource.query(`DELETE FROM ${this.table} WHERE expires_at <= $1`, [now.toISOString()]);
    // TypeORM answers a DELETE on PostgreSQL with [rows, affected].
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }

  private async pruneNowAndThen(now: Date): Promise<void> {
    if (now.getTime() - this.lastPruneMs < PRUNE_EVERY_MS) return;
    this.lastPruneMs = now.getTime();
    await this.prune(now);
  }
}
