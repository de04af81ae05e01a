import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

/**
 * API keys over HTTP on the embedded platform: an admin issues, lists and revokes its own
 * tenant's keys without stopping anything; every key can ask who it is; only admins manage keys,
 * and another tenant's key is not found.
 */
describe('API keys over HTTP (embedded platform)', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    platform = await startEmbedded({ API_KEY_CACHE_MS: '0' });
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('issues an officer key that names its tenant and roles, lists it, and revokes it', async () => {
    const issued = await admin('POST', '/v1/api-keys', { roles: ['officer'], label: 'treasurer' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ tenantId: 'default', roles: ['officer'], label: 'treasurer', revokedAt: null });
    const key = issued.body.key as string;
    const keyId = issued.body.keyId as string;
    const officer = apiAs(platform.url, key);
    expect((await officer('GET', '/v1/session')).body).toEqual({ keyId, tenantId: 'default', roles: ['officer'] });

    const listed = await admin('GET', '/v1/api-keys');
    expect(listed.status).toBe(200);
    expect(listed.body.keys).toEqual(expect.arrayContaining([expect.objectContaining({ keyId, label: 'treasurer', revokedAt: null })]));
    expect(JSON.stringify(listed.body)).not.toContain(key);

    expect((await officer('GET', '/v1/api-keys')).status).toBe(403);
    expect((await officer('POST', '/v1/api-keys', { roles: ['admin'], label: 'escalate' })).status).toBe(403);

    const revoked = await admin('POST', `/v1/api-keys/${keyId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    await eventually('the revoked key is refused', () => officer('GET', '/v1/session'), (reply) => reply.status === 401);
  });

  it('refuses an unknown role and does not let one tenant see or revoke another tenant\'s key', async () => {
    expect((await admin('POST', '/v1/api-keys', { roles: ['root'], label: 'x' })).status).toBe(400);
    const other = await admin('POST', '/v1/api-keys', { roles: ['intake'], label: 'form' });
    expect(other.status).toBe(201);
    expect((await admin('POST', '/v1/api-keys/no-such-key/revoke')).status).toBe(404);
    // The store issues a second tenant's admin key directly (the bootstrap admin is tenant default).
    const { ApiKeyStore, READ_MODELS } = await import('#platform');
    const store = new ApiKeyStore(platform.app.get(READ_MODELS));
    const partyB = apiAs(platform.url, (await store.issue('party-b', ['admin'], 'party b admin')).key);
    expect((await partyB('GET', '/v1/api-keys')).body.keys).toEqual([expect.objectContaining({ tenantId: 'party-b' })]);
    expect((await partyB('POST', `/v1/api-keys/${other.body.keyId as string}/revoke`)).status).toBe(404);
  });
});
