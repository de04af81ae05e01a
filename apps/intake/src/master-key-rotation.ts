import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '#personal-data';

/**
 * After a master key rotation (PII_MASTER_KEY new, the old one in PII_PREVIOUS_MASTER_KEYS),
 * each intake replica rewraps the data keys still under an old master key, in the background.
 * Once none are left, the old master key can be removed from the environment.
 */
@Injectable()
export class MasterKeyRotation implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('personal-data');
  private stopping = false;
  /** Settles when the rewrap started at boot has finished or stopped. */
  done: Promise<void> = Promise.resolve();

  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  onApplicationBootstrap(): void {
    this.done = this.vault.rewrapAll(() => this.stopping).then(
      (count) => {
        if (count > 0) this.logger.log(`rewrapped ${count} donor keys with the current master key`);
      },
      (error: unknown) => this.logger.error(`rewrapping donor keys stopped: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** Stops between batches, before the key store's connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.done;
  }
}
