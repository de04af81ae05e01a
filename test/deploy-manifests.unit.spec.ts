import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { ALL_TOPICS, deadLetterTopic } from '#contracts';
// The config module alone, not #platform's index, which would load Nest and the adapters.
import { APP_NAMES, CONSUMER_GROUPS, loadConfig, PERSONAL_DATA_APPS, type AppName } from '../libs/platform/src/config.js';
import { startNodeFlags } from '../scripts/node-flags.mjs';

/* The deployment files are checked against the code they deploy: config.ts, the topics in
   #contracts, the Dockerfile. Each assertion names what drifted. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML is walked freely; the assertions are its type check
type Obj = Record<string, any>;
const root = fileURLToPath(new URL('..', import.meta.url));
const text = (path: string): string => readFileSync(join(root, path), 'utf8');
const entry = (app: string): string => `dist/apps/${app}/main.js`;
/** The node flags of package.json "start" (the embedded platform; the bench starts every app with them). */
const NODE_FLAGS = startNodeFlags();
const nodeCommand = (app: string): string[] => ['node', ...NODE_FLAGS, entry(app)];
/** The app a container runs: its command's entry point. */
const entryOf = (command: string[]): string => command[command.length - 1];
const REQUIRED_SECRETS = ['DONOR_ID_KEY', 'DATABASE_URL', 'EVENTSTORE_URL'];
/** Only the workloads that take payment webhooks (intake) hold their signing secret. */
const WEBHOOK_SECRET = 'HUSTINGS_WEBHOOK_SECRET';
/** Optional, intake only: the first admin API key, stored once; empty or absent means none. */
const BOOTSTRAP_ADMIN_KEY = 'HUSTINGS_BOOTSTRAP_ADMIN_KEY';
const realMasterKey = Buffer.alloc(32, 7).toString('base64');
const realSealKey = 'MC4CAQAwBQYDK2VwBCIEIKRCDq8dd3ysRDa0TRkfpO0vYBsPaUzv3VaRwUfUX9ja';
const REAL_SECRETS = { DONOR_ID_KEY: 'k'.repeat(32), HUSTINGS_WEBHOOK_SECRET: 'w'.repeat(32), PII_MASTER_KEY: realMasterKey, HUSTINGS_SEAL_KEY: realSealKey };
/** Webhook secret for intake only; the master key for the apps that seal or open donors' personal data. */
const secretsOf = (app: AppName): string[] => [
  ...REQUIRED_SECRETS,
  ...(app === 'intake' ? [WEBHOOK_SECRET, BOOTSTRAP_ADMIN_KEY] : []),
  ...(PERSONAL_DATA_APPS.includes(app) ? ['PII_MASTER_KEY'] : []),
  ...(app === 'reporting' ? ['HUSTINGS_SEAL_KEY'] : []),
];
const DEAD_LETTER_GROUPS = ['compliance', 'rewards', 'reporting', 'intake'];

/** Every variable config.ts reads (env.X and 'X' accesses), plus what Node and Nest read. */
function configVariables(): Set<string> {
  const source = text('libs/platform/src/config.ts');
  const names = new Set(['PORT', 'HOST', 'NODE_ENV']);
  for (const [, name] of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) names.add(name);
  for (const [, name] of source.matchAll(/'([A-Z][A-Z0-9_]*)'/g)) names.add(name);
  return names;
}

/** What docker compose does with `${NAME:-default}` when NAME is not set. */
function interpolate(value: unknown): string {
  return String(value).replace(/\$\{[A-Z_][A-Z0-9_]*(?::?-([^}]*))?\}/g, (_, fallback: string | undefined) => fallback ?? '');
}

const seconds = (duration: string): number => {
  const match = /^(\d+)(ms|s|m)$/.exec(duration);
  if (!match) throw new Error(`unreadable duration ${duration}`);
  return Number(match[1]) / ({ ms: 1000, s: 1, m: 1 / 60 } as const)[match[2] as 'ms' | 's' | 'm'];
};

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((item) => {
    const path = `${dir}/${item.name}`;
    if (item.isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(item.name) ? [path] : [];
  });
}

const documentsOf = (path: string): Obj[] =>
  parseAllDocuments(text(path)).map((doc) => {
    if (doc.errors.length) throw new Error(`${path}: ${doc.errors[0].message}`);
    return doc.toJS() as Obj;
  });

const configNames = configVariables();
const compose = parse(text('docker-compose.yml'), { merge: true }) as Obj;
const k8s = yamlFilesUnder('deploy/k8s').flatMap(documentsOf).filter(Boolean);
const ofKind = (kind: string): Obj[] => k8s.filter((o) => o.kind === kind);
const named = (kind: string, name: string): Obj | undefined => ofKind(kind).find((o) => o.metadata?.name === name);
const configMap = named('ConfigMap', 'hustings-config')?.data as Record<string, string>;
const secret = named('Secret', 'hustings-secrets')?.stringData as Record<string, string>;
const topics = (parse(text('deploy/kafka-topics.yaml')) as { topics: Obj[] }).topics;

describe('configuration names', () => {
  it('are found in config.ts (the extraction itself works)', () => {
    ['DONOR_ID_KEY', 'EVENTSTORE_URL', 'DATABASE_SCHEMA', 'LOG_LEVEL', 'SHUTDOWN_GRACE_MS', 'RELAY_ENABLED'].forEach((name) =>
      expect(configNames).toContain(name),
    );
  });
});

describe('every YAML file under deploy/', () => {
  it.each(yamlFilesUnder('deploy'))('%s parses', (path) => {
    expect(documentsOf(path).length).toBeGreaterThan(0);
  });
});

describe('node flags', () => {
  it('are the ones package.json "start" runs the platform with, and node starts with them', () => {
    expect(NODE_FLAGS).toContain('--single-threaded-gc');
    expect(() => execFileSync(process.execPath, [...NODE_FLAGS, '-e', '0'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('Dockerfile', () => {
  const dockerfile = text('Dockerfile');
  it('builds with npm ci and npm run build, runs as a non-root user, intake by default', () => {
    expect(dockerfile).toMatch(/^FROM node:|ARG NODE_IMAGE=node:20/m);
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER (?!0\b|root\b)\S+/m);
    expect(dockerfile).toContain(`CMD ${JSON.stringify(nodeCommand('intake')).replaceAll(',', ', ')}`);
  });

  it('is kept out of its own build context with the rest of what the build does not need', () => {
    const ignored = text('.dockerignore').split('\n');
    ['node_modules', 'dist', '.git', 'data'].forEach((path) => expect(ignored).toContain(path));
  });
});

describe('docker-compose.yml', () => {
  const services = compose.services as Record<string, Obj>;
  const appEnv = (app: string): Record<string, string> =>
    Object.fromEntries(Object.entries(services[app].environment as Obj).map(([k, v]) => [k, interpolate(v)]));

  it.each(APP_NAMES)('%s runs the image built from the Dockerfile with its own entry point', (app) => {
    const service = services[app];
    expect(service.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile' });
    expect(service.image).toBe(services.intake.image);
    expect(service.command).toEqual(nodeCommand(app));
  });

  it.each(APP_NAMES.map((app, i) => [app, 3001 + i] as const))('%s is published on host port %i, probed on its PORT', (app, hostPort) => {
    const env = appEnv(app);
    expect(services[app].ports).toEqual([`${hostPort}:${env.PORT}`]);
    expect(services[app].healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${env.PORT}/health/`);
  });

  it.each(APP_NAMES)('%s only sets variables the config reads', (app) => {
    Object.keys(appEnv(app)).forEach((name) => expect(configNames).toContain(name));
  });

  it.each(APP_NAMES)('%s has an environment the apps accept, distributed, with its own schema', (app) => {
    const env = appEnv(app);
    expect(Object.keys(env)).toEqual(expect.arrayContaining([...secretsOf(app), 'KAFKA_BROKERS']));
    expect('PII_MASTER_KEY' in env).toBe(PERSONAL_DATA_APPS.includes(app));
    const config = loadConfig(env, [app as AppName]);
    expect(config).toMatchObject({ ledger: 'eventstore', bus: 'kafka', databaseSchema: app, relayEnabled: app === 'intake' });
    expect(config.piiMasterKeys !== null).toBe(PERSONAL_DATA_APPS.includes(app));
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
    expect(seconds(services[app].stop_grace_period)).toBeGreaterThan(config.shutdownGraceMs / 1000);
  });

  it('lets intake take a bootstrap admin key from the shell, and none when it is not set', () => {
    expect(services.intake.environment[BOOTSTRAP_ADMIN_KEY]).toBe('${HUSTINGS_BOOTSTRAP_ADMIN_KEY:-}');
    expect(loadConfig(appEnv('intake'), ['intake']).auth.bootstrapAdminKey).toBeNull();
    const key = 'compose-bootstrap-admin-key-0123456789';
    expect(loadConfig({ ...appEnv('intake'), [BOOTSTRAP_ADMIN_KEY]: key }, ['intake']).auth.bootstrapAdminKey).toBe(key);
  });

  it('starts the apps only once EventStoreDB, Kafka, its topics and PostgreSQL are there', () => {
    for (const app of APP_NAMES) {
      expect(services[app].depends_on).toEqual({
        eventstore: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        'kafka-topics': { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
      });
    }
    ['eventstore', 'kafka', 'postgres'].forEach((name) => expect(services[name].healthcheck?.test).toBeDefined());
    expect(services.eventstore.image).toBe('eventstore/eventstore:24.10');
    expect(services.kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(services.postgres.image).toMatch(/^postgres:16/);
  });

  it('creates the topics from deploy/kafka-topics.yaml with the partitions the apps are told', () => {
    const job = services['kafka-topics'];
    expect(job.volumes).toContain('./deploy:/deploy:ro');
    expect(job.environment.TOPICS_FILE).toBe('/deploy/kafka-topics.yaml');
    expect(job.entrypoint).toEqual(['/bin/sh', '/deploy/create-topics.sh']);
    expect(existsSync(join(root, 'deploy/create-topics.sh'))).toBe(true);
    expect(job.environment.KAFKA_PARTITIONS).toBe(services.intake.environment.KAFKA_PARTITIONS);
  });
});

describe('Kubernetes manifests', () => {
  const deployment = (name: string): Obj => {
    const found = named('Deployment', name);
    if (!found) throw new Error(`no Deployment ${name}`);
    return found;
  };
  const container = (name: string): Obj => deployment(name).spec.template.spec.containers[0];
  const podLabels = (name: string): Obj => deployment(name).spec.template.metadata.labels;
  const portOf = (c: Obj, port: string | number): number | undefined =>
    c.ports.find((p: Obj) => p.name === port || p.containerPort === port)?.containerPort;
  const envOf = (c: Obj): Obj[] => c.env ?? [];
  const literalEnv = (c: Obj): Record<string, string> =>
    Object.fromEntries(envOf(c).filter((e) => 'value' in e).map((e) => [e.name, String(e.value)]));
  const secretRefs = (c: Obj): Obj[] => envOf(c).filter((e) => e.valueFrom?.secretKeyRef);
  const workloads = ofKind('Deployment').map((d) => d.metadata.name as string);

  it('are listed in the kustomization, all of them, in the hustings namespace', () => {
    const [kustomization] = ofKind('Kustomization');
    const files = yamlFilesUnder('deploy/k8s').map((p) => p.replace('deploy/k8s/', '')).filter((f) => f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    k8s.filter((o) => !['Namespace', 'Kustomization'].includes(o.kind)).forEach((o) => expect(o.metadata.namespace).toBe('hustings'));
  });

  it.each(APP_NAMES)('%s has a Deployment, a Service, an autoscaling/v2 HPA and a PodDisruptionBudget', (app) => {
    expect(deployment(app).apiVersion).toBe('apps/v1');
    expect(named('Service', app)).toBeDefined();
    expect(named('HorizontalPodAutoscaler', app)).toMatchObject({
      apiVersion: 'autoscaling/v2',
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app } },
    });
    expect(named('PodDisruptionBudget', app)?.apiVersion).toBe('policy/v1');
  });

  it.each(workloads)('%s runs the image built from the Dockerfile with an app entry point', (name) => {
    const images = ofKind('Kustomization')[0].images as Obj[];
    const composeImage = String(compose.services.intake.image).split(':')[0];
    expect(container(name).image).toBe(composeImage);
    expect(images.map((i) => i.name)).toContain(composeImage);
    expect(APP_NAMES.map(entry)).toContain(entryOf(container(name).command));
    expect(container(name).command).toEqual(['node', ...NODE_FLAGS, entryOf(container(name).command)]);
  });

  it.each(APP_NAMES)('%s runs its own entry point', (app) => {
    expect(container(app).command).toEqual(nodeCommand(app));
  });

  it.each(workloads)('%s probes, serves and is scraped on the port it listens on', (name) => {
    const c = container(name);
    const port = Number(configMap.PORT);
    expect(c.ports.map((p: Obj) => p.containerPort)).toEqual([port]);
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/health/ready' });
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/health/live' });
    [c.readinessProbe, c.livenessProbe, c.startupProbe].forEach((probe) => expect(portOf(c, probe.httpGet.port)).toBe(port));
    expect(Number(deployment(name).spec.template.metadata.annotations['prometheus.io/port'])).toBe(port);
  });

  it.each(APP_NAMES)('%s Service selects its pods and targets the container port', (app) => {
    const service = named('Service', app)!;
    Object.entries(service.spec.selector).forEach(([k, v]) => expect(podLabels(app)[k]).toBe(v));
    service.spec.ports.forEach((p: Obj) => expect(portOf(container(app), p.targetPort)).toBe(Number(configMap.PORT)));
    const pdb = named('PodDisruptionBudget', app)!;
    Object.entries(pdb.spec.selector.matchLabels).forEach(([k, v]) => expect(podLabels(app)[k]).toBe(v));
  });

  it.each(workloads)('%s only sets variables the config reads, secrets from the Secret', (name) => {
    const c = container(name);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'hustings-config' } }]);
    [...Object.keys(configMap), ...envOf(c).map((e) => e.name)].forEach((variable) => expect(configNames).toContain(variable));
    const app = entryOf(c.command).split('/')[2] as AppName;
    expect(secretRefs(c).map((e) => e.name).sort()).toEqual(secretsOf(app).sort());
    secretRefs(c).forEach(({ valueFrom }) => {
      expect(valueFrom.secretKeyRef.name).toBe('hustings-secrets');
      expect(secret).toHaveProperty(valueFrom.secretKeyRef.key);
    });
  });

  it.each(workloads)('%s has an environment the apps accept once real secrets are in place', (name) => {
    const c = container(name);
    const app = entryOf(c.command).split('/')[2] as AppName;
    const env = { ...configMap, ...literalEnv(c), ...secret };
    expect(() => loadConfig(env, [app])).toThrow(/DONOR_ID_KEY/);
    if (app === 'intake') expect(() => loadConfig({ ...env, DONOR_ID_KEY: REAL_SECRETS.DONOR_ID_KEY, PII_MASTER_KEY: realMasterKey }, [app])).toThrow(/HUSTINGS_WEBHOOK_SECRET/);
    if (PERSONAL_DATA_APPS.includes(app)) expect(() => loadConfig({ ...env, DONOR_ID_KEY: 'k'.repeat(32), HUSTINGS_WEBHOOK_SECRET: 'w'.repeat(32) }, [app])).toThrow(/PII_MASTER_KEY/);
    const config = loadConfig({ ...env, ...REAL_SECRETS }, [app]);
    expect(config).toMatchObject({ ledger: 'eventstore', bus: 'kafka', databaseSchema: app });
  });

  it('marks every secret value as a placeholder', () => {
    [...REQUIRED_SECRETS, WEBHOOK_SECRET, 'PII_MASTER_KEY'].forEach((key) => expect(secret[key]).toContain('REPLACE-ME'));
  });

  it('makes the bootstrap admin key optional: empty in the Secret means none, and the Secret may lack it', () => {
    expect(secret[BOOTSTRAP_ADMIN_KEY]).toBe('');
    const env = { ...configMap, ...literalEnv(container('intake')), ...secret, ...REAL_SECRETS };
    expect(loadConfig(env, ['intake']).auth.bootstrapAdminKey).toBeNull();
    for (const name of workloads.filter((w) => entryOf(container(w).command) === entry('intake'))) {
      const ref = secretRefs(container(name)).find((e) => e.name === BOOTSTRAP_ADMIN_KEY);
      expect({ name, optional: ref?.valueFrom.secretKeyRef.optional }).toEqual({ name, optional: true });
    }
  });

  it.each(workloads)('%s shuts down within its grace period: preStop, then SHUTDOWN_GRACE_MS', (name) => {
    const spec = deployment(name).spec.template.spec;
    const [, sleep] = container(name).lifecycle.preStop.exec.command;
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(Number(sleep) + Number(configMap.SHUTDOWN_GRACE_MS) / 1000);
    expect(container(name).resources).toMatchObject({ requests: { cpu: expect.anything(), memory: expect.anything() } });
    expect(container(name).resources.limits.memory).toBeDefined();
  });

  it('runs exactly one relay, never scaled and never two at once', () => {
    const relays = workloads.filter((name) => literalEnv(container(name)).RELAY_ENABLED === 'true');
    expect(relays).toEqual(['intake-relay']);
    expect(deployment('intake-relay').spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    expect(ofKind('HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name)).not.toContain('intake-relay');
    APP_NAMES.forEach((app) => expect(literalEnv(container(app)).RELAY_ENABLED).toBe('false'));
  });

  it.each(APP_NAMES)('%s scales within what its partitions and disruption budget allow', (app) => {
    const hpa = named('HorizontalPodAutoscaler', app)!.spec;
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
    expect(named('PodDisruptionBudget', app)!.spec.minAvailable).toBeLessThan(hpa.minReplicas);
    if (app !== 'intake') expect(hpa.maxReplicas).toBeLessThanOrEqual(Number(configMap.KAFKA_PARTITIONS));
  });
});

describe('Kafka topics (deploy/kafka-topics.yaml)', () => {
  const byName = new Map(topics.map((t) => [t.name as string, t]));
  const deadLetters = DEAD_LETTER_GROUPS.map(deadLetterTopic);

  it('define every topic in TOPICS and a dead-letter topic per consumer group', () => {
    [...ALL_TOPICS, ...deadLetters].forEach((name) => expect([...byName.keys()]).toContain(name));
  });

  it('have a dead-letter topic for every consumer group the apps declare', () => {
    const sources = ['compliance', 'rewards', 'reporting'].flatMap((app) =>
      readdirSync(join(root, `apps/${app}/src`), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => text(`apps/${app}/src/${file}`)),
    );
    const groups = sources.flatMap((source) => [...source.matchAll(/\bconsumerGroup\('([a-z-]+)'\)/g)].map((m) => m[1]));
    expect(new Set(groups)).toEqual(new Set(CONSUMER_GROUPS));
    groups.forEach((group) => expect([...byName.keys()]).toContain(deadLetterTopic(group)));
  });

  it('are complete and durable: partitions, replication above min ISR, long retention for dead letters', () => {
    for (const topic of topics) {
      expect(Number.isInteger(topic.partitions) && topic.partitions > 0).toBe(true);
      expect(topic.replicationFactor).toBeGreaterThan(topic.minInsyncReplicas);
      expect(topic.retentionMs).toBeGreaterThan(0);
    }
    const longestEventRetention = Math.max(...ALL_TOPICS.map((name) => byName.get(name)!.retentionMs));
    deadLetters.forEach((name) => expect(byName.get(name)!.retentionMs).toBeGreaterThanOrEqual(Math.max(longestEventRetention, 90 * 86_400_000)));
  });

  it('give the event topics the partitions the Kubernetes config tells the apps', () => {
    ALL_TOPICS.forEach((name) => expect(byName.get(name)!.partitions).toBe(Number(configMap.KAFKA_PARTITIONS)));
  });

  it('keep one topic per line, the shape create-topics.sh reads with awk', () => {
    const lines = text('deploy/kafka-topics.yaml').split('\n').filter((line) => /^\s*-\s*\{.*\}\s*$/.test(line));
    const names = lines.map((line) => /\bname:\s*([^,}\s]+)/.exec(line)?.[1]);
    expect(names).toEqual(topics.map((t) => t.name));
  });
});

describe('least privilege in the deployment', () => {
  const deployments = ofKind('Deployment');
  const appOf = (d: Obj): AppName => entryOf(d.spec.template.spec.containers[0].command).split('/')[2] as AppName;
  const refsOf = (d: Obj): Record<string, string> =>
    Object.fromEntries((d.spec.template.spec.containers[0].env ?? []).filter((e: Obj) => e.valueFrom?.secretKeyRef).map((e: Obj) => [e.name, e.valueFrom.secretKeyRef.key]));

  it.each(deployments.map((d) => d.metadata.name as string))('%s connects to PostgreSQL and EventStoreDB with its own app\'s credentials, a role named for it', (name) => {
    const d = deployments.find((x) => x.metadata.name === name)!;
    const app = appOf(d);
    expect(refsOf(d)).toMatchObject({ DATABASE_URL: `${app.toUpperCase()}_DATABASE_URL`, EVENTSTORE_URL: `${app.toUpperCase()}_EVENTSTORE_URL` });
    expect(new URL(secret[`${app.toUpperCase()}_DATABASE_URL`]).username).toBe(`hustings_${app}`);
    expect(new URL(secret[`${app.toUpperCase()}_EVENTSTORE_URL`]).username).toBe(`hustings-${app}`);
  });

  it('gives no two apps the same credentials, and every one is a placeholder', () => {
    const keys = APP_NAMES.flatMap((app) => [`${app.toUpperCase()}_DATABASE_URL`, `${app.toUpperCase()}_EVENTSTORE_URL`]);
    expect(new Set(keys.map((key) => secret[key])).size).toBe(keys.length);
    keys.forEach((key) => expect(secret[key]).toContain('REPLACE-ME'));
  });

  it('creates a role and a schema per app, donor keys for intake and reporting only (deploy/postgres/roles.sql)', () => {
    const sql = text('deploy/postgres/roles.sql');
    expect(sql).toContain(`ARRAY['intake', 'compliance', 'rewards', 'reporting']`);
    expect(sql).toMatch(/CREATE SCHEMA IF NOT EXISTS donor_keys AUTHORIZATION hustings_intake;/);
    const donorKeyGrants = [...sql.matchAll(/(?:IN SCHEMA donor_keys )?GRANT [A-Z, ]+ ON (?:SCHEMA donor_keys|ALL TABLES IN SCHEMA donor_keys|TABLES) TO ([a-z_, ]+);/g)]
      .filter((m) => m[0].includes('donor_keys'))
      .flatMap((m) => m[1].split(/,\s*/));
    expect(new Set(donorKeyGrants)).toEqual(new Set(['hustings_reporting']));
  });

  it('makes the SQL ledger intake\'s and grants the other apps only SELECT and EXECUTE on it (deploy/postgres/roles.sql)', () => {
    const sql = text('deploy/postgres/roles.sql');
    expect(sql).toMatch(/CREATE SCHEMA IF NOT EXISTS ledger AUTHORIZATION hustings_intake;/);
    // The ledger's part is the file's last: every grant after its heading.
    const ledgerPart = sql.slice(sql.indexOf('-- The SQL ledger:'));
    const ledgerGrants = [...ledgerPart.matchAll(/GRANT ([A-Z, ]+) ON [A-Za-z_ ]+ TO ([a-z_, ]+);/g)];
    expect(ledgerGrants.length).toBeGreaterThanOrEqual(5);
    expect(new Set(ledgerGrants.flatMap((m) => m[1].split(/,\s*/)))).toEqual(new Set(['USAGE', 'SELECT', 'EXECUTE']));
    expect(new Set(ledgerGrants.flatMap((m) => m[2].split(/,\s*/)))).toEqual(new Set(['hustings_compliance', 'hustings_rewards', 'hustings_reporting']));
  });

  it('denies all traffic by default, lets only the ingress controller reach the APIs and Prometheus the metrics', () => {
    const policies = ofKind('NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'default-deny')!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const ingress = policies.filter((p) => p.spec.policyTypes.includes('Ingress') && p.spec.ingress);
    const fromNamespaces = ingress.flatMap((p) => p.spec.ingress.flatMap((rule: Obj) => rule.from.map((f: Obj) => f.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'])));
    expect(new Set(fromNamespaces)).toEqual(new Set(['ingress-nginx', 'monitoring']));
    const api = policies.find((p) => p.metadata.name === 'api-from-ingress')!;
    expect(api.spec.podSelector.matchExpressions[0].values).toEqual([...APP_NAMES]);
    expect(api.spec.podSelector.matchExpressions[0].values).not.toContain('intake-relay');
    const egressPorts = policies.flatMap((p) => p.spec.egress ?? []).flatMap((rule: Obj) => rule.ports.map((port: Obj) => port.port));
    expect(new Set(egressPorts)).toEqual(new Set([53, 5432, 9092, 2113, 4318]));
  });

  it.each(deployments.map((d) => d.metadata.name as string))('%s spreads its replicas over nodes and zones', (name) => {
    const spec = deployments.find((x) => x.metadata.name === name)!.spec.template.spec;
    const keys = spec.topologySpreadConstraints.map((c: Obj) => c.topologyKey);
    expect(keys).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    spec.topologySpreadConstraints.forEach((c: Obj) => expect(c.labelSelector.matchLabels['app.kubernetes.io/name']).toBe(name));
  });

  it('creates the topics from deploy/kafka-topics.yaml in a Job, and the apps never create one', () => {
    expect(configMap.KAFKA_CREATE_TOPICS).toBe('false');
    const topicsMap = named('ConfigMap', 'hustings-kafka-topics')!;
    expect(topicsMap.data['kafka-topics.yaml']).toBe(text('deploy/kafka-topics.yaml'));
    expect(topicsMap.data['create-topics.sh']).toBe(text('deploy/create-topics.sh'));
    const job = named('Job', 'kafka-topics')!;
    expect(job.spec.template.spec.containers[0].command).toEqual(['/bin/sh', '/deploy/create-topics.sh']);
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });

  it('builds the image on a pinned Node.js LTS release, non-root, with a health check', () => {
    const dockerfile = text('Dockerfile');
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    froms.forEach((image) => expect(image).toMatch(/^node:(\d*[02468])\.\d+\.\d+-[a-z]+-slim$/));
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/health\/live/m);
  });
});
