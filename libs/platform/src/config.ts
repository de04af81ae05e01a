import { createPrivateKey } from 'node:crypto';

/**
 * Configuration comes from the environment only, and is checked once at start: every bad
 * setting is reported on its own line, then the process exits non-zero.
 */
export type LedgerKind = 'sql' | 'eventstore';
export type BusKind = 'memory' | 'kafka';
export type AppName = 'intake' | 'compliance' | 'rewards' | 'reporting';
export const APP_NAMES: readonly AppName[] = ['intake', 'compliance', 'rewards', 'reporting'];
/** Apps that consume the bus, each as the consumer group of its own name. */
export const CONSUMER_GROUPS: readonly AppName[] = ['compliance', 'rewards', 'reporting'];
/** Apps that seal (intake) or open (reporting, for filings) donors' personal data: only they get the master key. */
export const PERSONAL_DATA_APPS: readonly AppName[] = ['intake', 'reporting'];

/** A master key that wraps donors' data keys, with the version the wrappings record. */
export interface MasterKeyConfig {
  version: number;
  key: Buffer;
}

export interface HustingsConfig {
  apps: AppName[];
  port: number;
  host: string;
  dataDir: string;
  /**
   * HUSTINGS_EMBEDDED_THREAD: where the embedded PGlite databases run: `worker` (the default, a
   * worker thread each, beside the platform's thread) or `inline` (in the platform's thread).
   */
  embeddedThread: 'worker' | 'inline';
  ledger: LedgerKind;
  /** `embedded` (under dataDir) or a postgres:// URL, when ledger = sql. */
  ledgerSqlUrl: string;
  eventstoreUrl: string | null;
  bus: BusKind;
  kafkaBrokers: string[];
  kafkaClientId: string;
  kafkaPartitions: number;
  /**
   * KAFKA_PARTITIONS_CONCURRENCY: partitions one consumer of this process handles at once (order
   * is kept within each). Defaults to KAFKA_PARTITIONS, so a lone replica assigned every
   * partition works them all at once; more than a member is assigned gains nothing.
   */
  kafkaPartitionsConcurrency: number;
  /**
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT: where spans go over
   * OTLP/HTTP (`http://collector:4318`); null (the default) leaves tracing off.
   */
  otlpEndpoint: string | null;
  /** KAFKA_CREATE_TOPICS: create missing topics at start (development); false: refuse to start without them. */
  kafkaCreateTopics: boolean;
  /**
   * KAFKA_FETCH_MIN_BYTES (1 MiB) and KAFKA_FETCH_MAX_WAIT_MS (250): a consumer's fetch returns
   * when this many bytes are waiting or the time has passed, so a surge is taken in batches of
   * about a quarter of a second of donations (one read, one append and one transaction each) at
   * the cost of at most the wait in latency per hop when traffic is light.
   */
  kafkaFetchMinBytes: number;
  kafkaFetchMaxWaitMs: number;
  /**
   * KAFKA_COMMIT_INTERVAL_MS (1000): a consumer commits the offsets it settled, all its
   * partitions in one request, at most this often and when it stops; 0 commits after every
   * batch. A crash redelivers at most this long's messages, which consumers drop as duplicates.
   */
  kafkaCommitIntervalMs: number;
  /**
   * LEDGER_SNAPSHOT_INTERVAL (50): on the SQL ledger, a long stream's folded state (a donor's
   * aggregate, a structuring key's window) is kept as a snapshot beside it after every this many
   * events, so a process that has not seen the stream reads the snapshot and the events after
   * it; 0 keeps and reads none (every first read folds the whole stream).
   */
  ledgerSnapshotInterval: number;
  /** `embedded` (under dataDir) or a postgres:// URL for the TypeORM read models. */
  databaseUrl: string;
  /** Schema of this app's read models and checkpoints in a shared database. */
  databaseSchema: string;
  /**
   * SQL_PREPARED_STATEMENTS (true): connections to a PostgreSQL server (LEDGER_SQL_URL,
   * DATABASE_URL) send hot statements as named statements, parsed and analysed once per
   * connection (each call is still planned with its own parameters). `false` behind a pooler that cannot keep them (PgBouncer in transaction mode
   * before 1.21).
   */
  sqlPreparedStatements: boolean;
  relayEnabled: boolean;
  /**
   * RELAY_READ_INTERVAL_MS (20) and RELAY_LINGER_MS (5): the relay reads the ledger at most this
   * often while appends keep coming, and a batch not full waits this long for more events before
   * it is published. Longer: fewer reads, checkpoint saves and produce requests per donation,
   * at that cost in latency per hop.
   */
  relayReadIntervalMs: number;
  relayLingerMs: number;
  /** Key of the keyed hash that turns a donor's identity into a donorId. */
  donorIdKey: string;
  /**
   * Secrets payment webhooks are signed with (HMAC-SHA256), newest first: during a rotation
   * both the new and the old one are accepted. Only intake takes webhooks.
   */
  webhookSecrets: string[];
  /**
   * Master keys of the donor key store: `current` wraps new data keys, `previous` (from before a
   * rotation) only unwrap old ones until they are rewrapped. null in apps without personal data.
   */
  piiMasterKeys: { current: MasterKeyConfig; previous: MasterKeyConfig[] } | null;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  shutdownGraceMs: number;
  /** How often intake's scheduler looks for recurring instalments that fell due; 0 turns it off. */
  recurringTickMs: number;
  auth: AuthConfig;
  /**
   * HUSTINGS_SEAL_KEY: the Ed25519 private key (PKCS#8, PEM or base64 DER) that signs the
   * ledger's seals and audit bundles. Only reporting seals; null in other apps.
   */
  sealKey: string | null;
  /** HUSTINGS_SEAL_INTERVAL_MS: how often reporting seals the ledger's new events; 0 turns it off. */
  sealIntervalMs: number;
  /**
   * HUSTINGS_SNAPSHOT_INTERVAL_MS: how often reporting snapshots its read models for as-of
   * reports (each as-of fold then starts from the newest snapshot its cut covers); 0 turns it off.
   */
  snapshotIntervalMs: number;
}

export interface AuthConfig {
  /** HUSTINGS_BOOTSTRAP_ADMIN_KEY: stored as the first admin key on first start, when set. */
  bootstrapAdminKey: string | null;
  /** Tenant of the bootstrap admin key (HUSTINGS_BOOTSTRAP_TENANT). */
  bootstrapTenant: string;
  /** Requests per second per API key per process, and the burst above it. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /**
   * ANON_RATE_LIMIT_PER_SECOND and ANON_RATE_LIMIT_BURST: per client address, for failed
   * authentication, webhooks whose signature fails, and the public donor wall.
   */
  anonymousRateLimitPerSecond: number;
  anonymousRateLimitBurst: number;
  /** How long a key's lookup is reused: also how long a revoked key may still work. */
  keyCacheMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DEV_DONOR_KEY = 'hustings-embedded-development-key-change-me';
const DEV_WEBHOOK_SECRET = 'hustings-embedded-development-webhook-secret';
/** base64 of 'hustings-embedded-dev-master-key': for development data only, like DEV_DONOR_KEY. */
const DEV_PII_MASTER_KEY = 'aHVzdGluZ3MtZW1iZWRkZWQtZGV2LW1hc3Rlci1rZXk=';
/** A fixed Ed25519 key for development ledgers only: its seals prove nothing to anyone else. */
const DEV_SEAL_KEY = 'MC4CAQAwBQYDK2VwBCIEIDZXY3NQg25u+++FmAe+1uVdFl+pa1uR7rik4v5/SZro';
const MASTER_KEY_FORMAT = '32 bytes in base64 or hex, optionally prefixed by its version (<version>:<key>)';

function otlpEndpointOf(env: Env, problems: string[]): string | null {
  const name = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (!/^https?:\/\/[^\s]+$/.test(raw)) {
    problems.push(`${name} must be an http(s) URL of an OTLP/HTTP collector (http://collector:4318)`);
    return null;
  }
  return raw;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name}=${raw} is not one of ${allowed.join(', ')}`);
  return fallback;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}=${raw} must be an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function sqlUrl(env: Env, name: string, problems: string[]): string {
  const raw = env[name] ?? 'embedded';
  if (raw === 'embedded' || /^postgres(ql)?:\/\//.test(raw)) return raw;
  problems.push(`${name}=${raw} must be 'embedded' or a postgres:// URL`);
  return 'embedded';
}

function appsOf(env: Env, fallback: AppName[], problems: string[]): AppName[] {
  const raw = env.HUSTINGS_APPS;
  if (!raw) return fallback;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(APP_NAMES as readonly string[]).includes(n));
  if (unknown.length) problems.push(`HUSTINGS_APPS has unknown apps: ${unknown.join(', ')}`);
  return names.filter((n): n is AppName => (APP_NAMES as readonly string[]).includes(n));
}

function authConfig(env: Env, problems: string[]): AuthConfig {
  const bootstrapAdminKey = env.HUSTINGS_BOOTSTRAP_ADMIN_KEY || null;
  if (bootstrapAdminKey !== null && (bootstrapAdminKey.length < 32 || bootstrapAdminKey.length > 256 || !/^[\x21-\x7e]+$/.test(bootstrapAdminKey))) {
    problems.push('HUSTINGS_BOOTSTRAP_ADMIN_KEY must be 32-256 printable ASCII characters without spaces');
  }
  const bootstrapTenant = env.HUSTINGS_BOOTSTRAP_TENANT || 'default';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(bootstrapTenant)) problems.push(`HUSTINGS_BOOTSTRAP_TENANT=${bootstrapTenant} must be 1-63 lowercase letters, digits or -`);
  return {
    bootstrapAdminKey,
    bootstrapTenant,
    rateLimitPerSecond: integer(env, 'RATE_LIMIT_PER_SECOND', 1000, 1, 1_000_000, problems),
    rateLimitBurst: integer(env, 'RATE_LIMIT_BURST', 2000, 1, 1_000_000, problems),
    anonymousRateLimitPerSecond: integer(env, 'ANON_RATE_LIMIT_PER_SECOND', 20, 1, 1_000_000, problems),
    anonymousRateLimitBurst: integer(env, 'ANON_RATE_LIMIT_BURST', 200, 1, 1_000_000, problems),
    keyCacheMs: integer(env, 'API_KEY_CACHE_MS', 5_000, 0, 300_000, problems),
  };
}

/** HUSTINGS_WEBHOOK_SECRET: one secret, or several separated by commas while rotating (newest first). */
function webhookSecretsOf(env: Env, apps: AppName[], problems: string[]): string[] {
  const raw = env.HUSTINGS_WEBHOOK_SECRET ?? (env.NODE_ENV === 'production' ? '' : DEV_WEBHOOK_SECRET);
  const secrets = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (apps.includes('intake') && (secrets.length === 0 || secrets.some((s) => s.length < 32))) {
    problems.push('HUSTINGS_WEBHOOK_SECRET must be set to one or more comma-separated secrets of at least 32 characters each');
  }
  return secrets;
}

/** `[<version>:]<key>`: the key as 64 hex digits or as base64 of 32 bytes. Never echoes the secret. */
function masterKey(text: string, name: string, problems: string[], versionRequired = false): MasterKeyConfig | null {
  const match = /^(?:([0-9]{1,6}):)?([A-Za-z0-9+/_=-]+)$/.exec(text.trim());
  const version = match?.[1] === undefined ? (versionRequired ? 0 : 1) : Number(match[1]);
  const encoded = match?.[2] ?? '';
  const key = /^[0-9a-fA-F]{64}$/.test(encoded)
    ? Buffer.from(encoded, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(encoded)
      ? Buffer.from(encoded, 'base64')
      : null;
  if (!match || key?.length !== 32 || version < 1) {
    problems.push(`${name} must be ${versionRequired ? 'a comma-separated list of <version>:<key>, each key ' : ''}${MASTER_KEY_FORMAT}`);
    return null;
  }
  return { version, key };
}

function piiMasterKeys(env: Env, apps: AppName[], problems: string[]): HustingsConfig['piiMasterKeys'] {
  if (!apps.some((app) => PERSONAL_DATA_APPS.includes(app))) return null;
  const raw = env.PII_MASTER_KEY ?? (env.NODE_ENV === 'production' ? '' : DEV_PII_MASTER_KEY);
  if (!raw) {
    problems.push(`PII_MASTER_KEY must be set (${MASTER_KEY_FORMAT}) for ${PERSONAL_DATA_APPS.join(' and ')}`);
    return null;
  }
  const current = masterKey(raw, 'PII_MASTER_KEY', problems);
  const previous = (env.PII_PREVIOUS_MASTER_KEYS ?? '')
    .split(',')
    .filter((item) => item.trim())
    .map((item) => masterKey(item, 'PII_PREVIOUS_MASTER_KEYS', problems, true));
  if (!current || previous.some((key) => key === null)) return null;
  const versions = [current, ...previous].map((key) => key?.version);
  if (new Set(versions).size !== versions.length) problems.push('PII_MASTER_KEY and PII_PREVIOUS_MASTER_KEYS must each have their own version');
  return { current, previous: previous as MasterKeyConfig[] };
}

function sealKeyOf(env: Env, apps: AppName[], problems: string[]): string | null {
  if (!apps.includes('reporting')) return null;
  const raw = env.HUSTINGS_SEAL_KEY ?? (env.NODE_ENV === 'production' ? '' : DEV_SEAL_KEY);
  try {
    const text = raw.trim();
    const key = text.startsWith('-----BEGIN')
      ? createPrivateKey({ key: text, format: 'pem' })
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType === 'ed25519') return text;
  } catch {
    // Reported below, without echoing the key.
  }
  problems.push('HUSTINGS_SEAL_KEY must be an Ed25519 private key in PKCS#8 (PEM, or base64 of the DER bytes)');
  return null;
}

export function loadConfig(env: Env, defaultApps: AppName[]): HustingsConfig {
  const problems: string[] = [];
  const ledger = oneOf(env, 'LEDGER', ['sql', 'eventstore'] as const, 'sql', problems);
  const bus = oneOf(env, 'BUS', ['memory', 'kafka'] as const, 'memory', problems);
  const apps = appsOf(env, defaultApps, problems);
  const eventstoreUrl = env.EVENTSTORE_URL || null;
  if (ledger === 'eventstore' && !eventstoreUrl) problems.push('LEDGER=eventstore needs EVENTSTORE_URL (esdb://host:2113?tls=false)');
  if (eventstoreUrl && !/^(esdb|kurrentdb)(\+discover)?:\/\//.test(eventstoreUrl)) {
    problems.push(`EVENTSTORE_URL=${eventstoreUrl} must start with esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover://`);
  }
  const kafkaBrokers = (env.KAFKA_BROKERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (bus === 'kafka' && kafkaBrokers.length === 0) problems.push('BUS=kafka needs KAFKA_BROKERS (host:port,...)');
  kafkaBrokers.filter((b) => !/^[^:\s]+:\d{1,5}$/.test(b)).forEach((b) => problems.push(`KAFKA_BROKERS entry ${b} is not host:port`));
  // Only when memory was chosen (or defaulted to), not when it stands in for a BUS already reported.
  const memoryChosen = !env.BUS || env.BUS === 'memory';
  if (bus === 'memory' && memoryChosen && apps.length < APP_NAMES.length && env.HUSTINGS_ALLOW_PARTIAL_MEMORY !== 'true') {
    problems.push('BUS=memory only connects apps inside one process; run all apps together or set BUS=kafka');
  }
  const donorIdKey = env.DONOR_ID_KEY ?? (env.NODE_ENV === 'production' ? '' : DEV_DONOR_KEY);
  if (donorIdKey.length < 32) problems.push('DONOR_ID_KEY must be set to a secret of at least 32 characters');
  const webhookSecrets = webhookSecretsOf(env, apps, problems);
  const config: HustingsConfig = {
    apps,
    port: integer(env, 'PORT', 3000, 0, 65535, problems),
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    embeddedThread: oneOf(env, 'HUSTINGS_EMBEDDED_THREAD', ['worker', 'inline'] as const, 'worker', problems),
    ledger,
    ledgerSqlUrl: sqlUrl(env, 'LEDGER_SQL_URL', problems),
    eventstoreUrl,
    bus,
    kafkaBrokers,
    kafkaClientId: env.KAFKA_CLIENT_ID || `hustings-${apps.join('-')}`,
    kafkaPartitions: integer(env, 'KAFKA_PARTITIONS', 6, 1, 1000, problems),
    kafkaPartitionsConcurrency: integer(env, 'KAFKA_PARTITIONS_CONCURRENCY', integer(env, 'KAFKA_PARTITIONS', 6, 1, 1000, []), 1, 1000, problems),
    otlpEndpoint: otlpEndpointOf(env, problems),
    kafkaFetchMinBytes: integer(env, 'KAFKA_FETCH_MIN_BYTES', 1_048_576, 1, 52_428_800, problems),
    kafkaFetchMaxWaitMs: integer(env, 'KAFKA_FETCH_MAX_WAIT_MS', 250, 0, 10_000, problems),
    kafkaCommitIntervalMs: integer(env, 'KAFKA_COMMIT_INTERVAL_MS', 1_000, 0, 60_000, problems),
    ledgerSnapshotInterval: integer(env, 'LEDGER_SNAPSHOT_INTERVAL', 50, 0, 1_000_000, problems),
    kafkaCreateTopics: oneOf(env, 'KAFKA_CREATE_TOPICS', ['true', 'false'] as const, 'true', problems) === 'true',
    databaseUrl: sqlUrl(env, 'DATABASE_URL', problems),
    databaseSchema: env.DATABASE_SCHEMA || 'public',
    sqlPreparedStatements: oneOf(env, 'SQL_PREPARED_STATEMENTS', ['true', 'false'] as const, 'true', problems) === 'true',
    relayEnabled: (env.RELAY_ENABLED ?? (apps.includes('intake') ? 'true' : 'false')) === 'true',
    relayReadIntervalMs: integer(env, 'RELAY_READ_INTERVAL_MS', 20, 0, 10_000, problems),
    relayLingerMs: integer(env, 'RELAY_LINGER_MS', 5, 0, 10_000, problems),
    donorIdKey,
    webhookSecrets,
    piiMasterKeys: piiMasterKeys(env, apps, problems),
    logLevel: oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug'] as const, 'log', problems),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000, problems),
    auth: authConfig(env, problems),
    recurringTickMs: integer(env, 'RECURRING_TICK_MS', 60_000, 0, 86_400_000, problems),
    sealKey: sealKeyOf(env, apps, problems),
    sealIntervalMs: integer(env, 'HUSTINGS_SEAL_INTERVAL_MS', 60_000, 0, 86_400_000, problems),
    snapshotIntervalMs: integer(env, 'HUSTINGS_SNAPSHOT_INTERVAL_MS', 3_600_000, 0, 7 * 86_400_000, problems),
  };
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(config.databaseSchema)) problems.push(`DATABASE_SCHEMA=${config.databaseSchema} is not a plain SQL identifier`);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
