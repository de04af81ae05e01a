import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A signed webhook delivery already admitted: its timestamp and the SHA-256 of what was
 * signed. Kept for the signature tolerance only, since an older delivery is refused as
 * expired anyway; shared by every intake replica through the app's database.
 */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDeliveryRow {
  @PrimaryColumn({ type: 'text', name: 'delivery_id' }) deliveryId: string;
  @Column({ type: 'bigint', name: 'signed_at' }) signedAt: string;
  @Column({ type: 'timestamptz', name: 'received_at' }) receivedAt: Date;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt: Date;
}
