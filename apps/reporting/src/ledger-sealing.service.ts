import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LEDGER_STORE, LedgerSealer, sealingKeyFrom, type LedgerStore, type SealingKey } from '#ledger';
import { CONFIG, SerialTimer, type HustingsConfig } from '#platform';

/**
 * Seals the ledger every HUSTINGS_SEAL_INTERVAL_MS. Replicas of reporting may all run it: seals
 * are appended with an expected revision, so a replica that loses a race finds the work done.
 */
@Injectable()
export class LedgerSealing implements OnModuleInit, OnApplicationShutdown {
  readonly key: SealingKey;
  private readonly sealer: LedgerSealer;
  private readonly logger = new Logger('LedgerSealing');
  private readonly runs: SerialTimer;

  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(CONFIG) private readonly config: HustingsConfig,
  ) {
    if (!config.sealKey) throw new Error('reporting needs HUSTINGS_SEAL_KEY');
    this.key = sealingKeyFrom(config.sealKey);
    this.sealer = new LedgerSealer(ledger, this.key);
    this.runs = new SerialTimer(config.sealIntervalMs, () => this.sealer.sealToHead(), (error) => this.logger.error(`sealing failed: ${String(error)}`));
  }

  onModuleInit(): void {
    this.logger.log(`sealing with key ${this.key.keyId}`);
    this.runs.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runs.stop();
  }

  /** Seals everything appended so far, one run at a time. */
  async sealNow(): Promise<void> {
    await this.runs.runExclusive(() => this.sealer.sealToHead());
  }
}
