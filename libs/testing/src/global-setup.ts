import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Integration and end-to-end tests run against real servers on loopback: PostgreSQL (started
 * when it is installed but down) and a single-node Kafka from deploy/kafka.sh. The URLs reach
 * the test workers through the environment, which they inherit.
 */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// Read by global-teardown.ts, which repeats the name: Jest loads each hook file alone.
const KAFKA_MARKER = 'HUSTINGS_TEST_STARTED_KAFKA';

function reachable(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function ensurePostgres(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  process.env.TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
  if (await reachable('127.0.0.1', 5432)) return;
  const clusters = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (clusters.length === 0) throw new Error('PostgreSQL is not running on 127.0.0.1:5432 and is not installed here; set TEST_DATABASE_URL');
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', clusters[0], 'main', 'start'], { stdio: 'inherit' });
}

async function ensureKafka(): Promise<void> {
  if (process.env.KAFKA_BROKERS) return;
  const port = Number(process.env.KAFKA_PORT ?? 19092);
  process.env.KAFKA_BROKERS = `127.0.0.1:${port}`;
  // A broker already listening there (this checkout's or another's) is used as it is.
  if (await reachable('127.0.0.1', port)) return;
  execFileSync('bash', [resolve(repo, 'deploy/kafka.sh'), 'start'], { stdio: ['ignore', 'inherit', 'inherit'] });
  process.env[KAFKA_MARKER] = '1';
}

export default async function setup(): Promise<void> {
  await Promise.all([ensurePostgres(), ensureKafka()]);
}
