import type { DonorPersonalData } from '#contracts';
import type { DonorKeyRecord, DonorKeyStatus, DonorKeyStore } from './donor-keys/donor-key-store.js';
import {
  newDataKey,
  openPersonalData,
  PersonalDataError,
  sealedGeneration,
  sealPersonalData,
  unwrapDataKey,
  wrapDataKey,
  type DataKeyRef,
  type MasterKey,
} from './envelope.js';

/** The master keys the process holds: the current one wraps new keys; older ones only unwrap. */
export interface MasterKeyring {
  current: MasterKey;
  previous: readonly MasterKey[];
}

/** What opening a donor's sealed data gives: the data, or the fact that it was erased. */
export type OpenedPersonalData = { status: 'open'; data: DonorPersonalData } | { status: 'erased'; erasedAt: string };

/** DI token of the vault. */
export const PERSONAL_DATA_VAULT = Symbol('PERSONAL_DATA_VAULT');

const REWRAP_BATCH = 200;

/**
 * Seals and opens donors' personal data with their own keys, and erases those keys. The only
 * place that holds keys in clear, and only for the duration of one call: nothing is cached,
 * so an erasure holds at once in every replica.
 */
export class PersonalDataVault {
  private readonly masters: readonly MasterKey[];

  constructor(
    private readonly keys: DonorKeyStore,
    private readonly keyring: MasterKeyring,
  ) {
    this.masters = [keyring.current, ...keyring.previous];
  }

  private dataKeyOf(record: DonorKeyRecord & { wrappedKey: string }): Buffer {
    return unwrapDataKey(this.masters, record.masterKeyVersion, record, record.wrappedKey);
  }

  private wrapNew(ref: DataKeyRef, dataKey: Uint8Array): { wrappedKey: string; masterKeyVersion: number } {
    return { wrappedKey: wrapDataKey(this.keyring.current, ref, dataKey), masterKeyVersion: this.keyring.current.version };
  }

  /**
   * Seals with the donor's live key, making it on the donor's first donation (or first after an
   * erasure) for `tenantId`, the party whose donor this is and who alone may erase it.
   */
  async seal(donorId: string, tenantId: string, data: DonorPersonalData): Promise<string> {
    const record = await this.keys.liveOrNewKey(donorId, tenantId, (generation) => this.wrapNew({ donorId, generation }, newDataKey()));
    if (record.wrappedKey === null) throw new Error(`donor ${donorId}'s live key has no wrapping`);
    return sealPersonalData(this.dataKeyOf({ ...record, wrappedKey: record.wrappedKey }), record, data);
  }

  /**
   * Opens what was sealed for this donor, or says it was erased. By donor id alone: the caller
   * holds the sealed value already, and whoever may read it (reporting, by committee) decides. A value that does not open
   * (altered, sealed for someone else, or a key that never existed) is an error, not erasure.
   */
  async open(donorId: string, sealed: string): Promise<OpenedPersonalData> {
    const generation = sealedGeneration(sealed);
    const record = await this.keys.key(donorId, generation);
    if (record === null) throw new PersonalDataError('not_authentic', `donor ${donorId} has no key of generation ${generation}`);
    if (record.wrappedKey === null) return { status: 'erased', erasedAt: (record.erasedAt ?? new Date(0)).toISOString() };
    return { status: 'open', data: openPersonalData(this.dataKeyOf({ ...record, wrappedKey: record.wrappedKey }), donorId, sealed) };
  }

  /**
   * Destroys every key of the tenant's donor; false when the tenant never had a key for this
   * donor, so another tenant's donor and nobody answer alike. Idempotent.
   */
  async erase(donorId: string, tenantId: string): Promise<boolean> {
    return (await this.keys.erase(donorId, tenantId)).known;
  }

  /** Whether the tenant holds this donor's personal data now, held it until an erasure, or never did. */
  async status(donorId: string, tenantId: string): Promise<DonorKeyStatus> {
    return this.keys.status(donorId, tenantId);
  }

  /**
   * After a master key rotation: rewraps every live data key still under an older master key
   * with the current one; returns how many it rewrapped. Safe to run in several replicas at
   * once (a key rewrapped or erased meanwhile is left alone). Data keys do not change, so
   * nothing sealed needs touching and the ledger stays as it is. Stops between batches once
   * `stopping` says so; the next start carries on.
   */
  async rewrapAll(stopping: () => boolean = () => false): Promise<number> {
    let rewrapped = 0;
    while (!stopping()) {
      const batch = await this.keys.keysToRewrap(this.keyring.current.version, REWRAP_BATCH);
      if (batch.length === 0) return rewrapped;
      // Each record in the batch leaves the query's reach: rewrapped here, or changed by another.
      for (const record of batch) {
        if (record.wrappedKey === null) continue;
        const next = this.wrapNew(record, this.dataKeyOf({ ...record, wrappedKey: record.wrappedKey }));
        if (await this.keys.rewrap(record, next)) rewrapped++;
      }
    }
    return rewrapped;
  }
}
