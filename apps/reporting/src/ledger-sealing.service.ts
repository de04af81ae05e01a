import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LEDGER_STORE, LedgerSealer, sealingKeyFrom, type LedgerStore, type SealingKey } from '#ledger';
import { CONFIG, type HustingsConfig } from '#platform';

/**
 * Seals the ledger every HUSTINGS_SEAL_INTERVAL_MS. Replicas of reporting may all run it: seals
 * are appended with an expected revision, so a replica that loses a race finds the work done.
 */
@Injectable()
export class LedgerSealing implements OnModuleInit, OnApplicationShutdown {
  readonly key: SealingKey;
  private readonly sealer: LedgerSealer;
  private readonly logger = new Logger('LedgerSealing');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(CONFIG) private readonly config: HustingsConfig,
  ) {
    if (!config.sealKey) throw new Error('reporting needs HUSTINGS_SEAL_KEY');
    this.key = sealingKeyFrom(config.sealKey);
    this.sealer = new LedgerSealer(ledger, this.key);
  }

  onModuleInit(): void {
    this.logger.log(`sealing with key ${this.key.keyId}`);
    if (this.config.sealIntervalMs > 0) this.arm();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Seals everything appended so far, one run at a time. */
  async sealNow(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.sealer.sealToHead();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sealNow().then(
        () => this.arm(),
        (error: unknown) => {
          this.logger.error(`sealing failed: ${String(error)}`);
          this.arm();
        },
      );
    }, this.config.sealIntervalMs);
    this.timer.unref();
  }
}
