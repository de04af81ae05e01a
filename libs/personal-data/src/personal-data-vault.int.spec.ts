import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DonorPersonalData } from '#contracts';
import { EmbeddedDatabase } from '#sql';
import { openDonorKeyDataSource } from './donor-keys/donor-key-data-source.js';
import { DonorKeyStore } from './donor-keys/donor-key-store.js';
import { PersonalDataError, type MasterKey } from './envelope.js';
import { PersonalDataVault } from './personal-data-vault.js';

/** Opening PGlite takes seconds, more on a busy machine. */
const OPEN_MS = 60_000;
const v1: MasterKey = { version: 1, key: randomBytes(32) };
const v2: MasterKey = { version: 2, key: randomBytes(32) };
const ada = 'dn_00000000000000000000000000000ada';
const bob = 'dn_00000000000000000000000000000b0b';
/** Two parties; every donor here is a donor of A unless a test says otherwise. */
const A = 'party-a';
const B = 'party-b';
const data = (name: string): DonorPersonalData => ({
  name,
  address: { line1: '1 Analytical Row', line2: null, city: 'London', region: null, postalCode: 'W1 1AA', country: 'GB' },
  email: `${name.split(' ')[0].toLowerCase()}@example.org`,
  occupation: 'Mathematician',
  employer: null,
});

/** Why opening failed, or a failure of the test if it did not. */
async function refusal(open: Promise<unknown>): Promise<string> {
  try {
    await open;
  } catch (error) {
    if (error instanceof PersonalDataError) return error.reason;
    throw error;
  }
  throw new Error('expected a PersonalDataError');
}

describe('PersonalDataVault on the embedded key store', () => {
  let db: EmbeddedDatabase;
  let dataSource: DataSource;
  let keys: DonorKeyStore;

  beforeAll(async () => {
    db = await EmbeddedDatabase.open('memory');
    dataSource = await openDonorKeyDataSource({ kind: 'embedded', db });
    keys = new DonorKeyStore(dataSource);
  }, OPEN_MS);
  afterAll(async () => {
    await dataSource.destroy();
    await db.close();
  }, OPEN_MS);

  it('opens what it sealed for the donor, every copy, and refuses it for anyone else', async () => {
    const vault = new PersonalDataVault(keys, { current: v1, previous: [] });
    const first = await vault.seal(ada, A, data('Ada Lovelace'));
    const second = await vault.seal(ada, A, data('Ada Lovelace'));
    expect(await vault.open(ada, first)).toEqual({ status: 'open', data: data('Ada Lovelace') });
    expect(await vault.open(ada, second)).toEqual({ status: 'open', data: data('Ada Lovelace') });
    await vault.seal(bob, A, data('Bob Babbage'));
    expect(await refusal(vault.open(bob, first))).toBe('not_authentic');
  });

  it('cannot open with another master key, even under the same version', async () => {
    const sealed = await new PersonalDataVault(keys, { current: v1, previous: [] }).seal(ada, A, data('Ada Lovelace'));
    const impostor = new PersonalDataVault(keys, { current: { version: 1, key: randomBytes(32) }, previous: [] });
    expect(await refusal(impostor.open(ada, sealed))).toBe('not_authentic');
  });

  it('after erasure answers erased for every copy, and seals a returning donor with a new key', async () => {
    const vault = new PersonalDataVault(keys, { current: v1, previous: [] });
    const donor = 'dn_0000000000000000000000000000e2a5';
    const copies = [await vault.seal(donor, A, data('Eve Erased')), await vault.seal(donor, A, data('Eve Erased'))];
    expect(await vault.erase(donor, A)).toBe(true);
    expect(await vault.erase(donor, A)).toBe(true);
    for (const sealed of copies) expect(await vault.open(donor, sealed)).toMatchObject({ status: 'erased', erasedAt: expect.any(String) });
    const after = await vault.seal(donor, A, data('Eve Returns'));
    expect(await vault.open(donor, after)).toEqual({ status: 'open', data: data('Eve Returns') });
    expect(await vault.open(donor, copies[0])).toMatchObject({ status: 'erased' });
  });

  it('knows nobody it never sealed for', async () => {
    const vault = new PersonalDataVault(keys, { current: v1, previous: [] });
    expect(await vault.erase('dn_0000000000000000000000000000dead', A)).toBe(false);
    expect(await vault.status('dn_0000000000000000000000000000dead', A)).toBe('unknown');
  });

  it("given a donor of A, when B erases them, then B is told they are unknown and A's data still opens; A may erase them", async () => {
    const vault = new PersonalDataVault(keys, { current: v1, previous: [] });
    const donor = 'dn_0000000000000000000000000000a0a0';
    const sealed = await vault.seal(donor, A, data('Tess Tenant'));
    expect(await vault.erase(donor, B)).toBe(false);
    expect(await vault.status(donor, B)).toBe('unknown');
    expect(await vault.open(donor, sealed)).toEqual({ status: 'open', data: data('Tess Tenant') });
    await expect(vault.seal(donor, B, data('Tess Tenant'))).rejects.toThrow(/another tenant/);
    expect(await vault.status(donor, A)).toBe('live');
    expect(await vault.erase(donor, A)).toBe(true);
    expect(await vault.status(donor, A)).toBe('erased');
    expect(await vault.open(donor, sealed)).toMatchObject({ status: 'erased' });
  });

  it('after a master key rotation rewraps the keys, and the old master key can go', async () => {
    const before = new PersonalDataVault(keys, { current: v1, previous: [] });
    const donor = 'dn_00000000000000000000000000000707';
    const sealed = await before.seal(donor, A, data('Rita Rotation'));
    const rotating = new PersonalDataVault(keys, { current: v2, previous: [v1] });
    expect(await rotating.open(donor, sealed)).toMatchObject({ status: 'open' });
    expect(await rotating.rewrapAll()).toBeGreaterThanOrEqual(1);
    expect(await rotating.rewrapAll()).toBe(0);
    const after = new PersonalDataVault(keys, { current: v2, previous: [] });
    expect(await after.open(donor, sealed)).toEqual({ status: 'open', data: data('Rita Rotation') });
    expect(await refusal(before.open(donor, sealed))).toBe('master_key_unknown');
  });

  it('refuses to unwrap a key of a master version it was not given', async () => {
    const donor = 'dn_00000000000000000000000000000808';
    const sealed = await new PersonalDataVault(keys, { current: v1, previous: [] }).seal(donor, A, data('Max Missing'));
    const withoutV1 = new PersonalDataVault(keys, { current: v2, previous: [] });
    expect(await refusal(withoutV1.open(donor, sealed))).toBe('master_key_unknown');
    await expect(withoutV1.rewrapAll()).rejects.toThrow(PersonalDataError);
  });
});
