import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Jest loads this file on its own, outside the module mapper: it imports nothing of ours.
const KAFKA_MARKER = 'HUSTINGS_TEST_STARTED_KAFKA';
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Stops the broker the setup started, unless HUSTINGS_KEEP_KAFKA asks to keep it for the next run. */
export default async function teardown(): Promise<void> {
  if (process.env[KAFKA_MARKER] !== '1' || process.env.HUSTINGS_KEEP_KAFKA) return;
  delete process.env[KAFKA_MARKER];
  execFileSync('bash', [resolve(repo, 'deploy/kafka.sh'), 'stop'], { stdio: ['ignore', 'inherit', 'inherit'] });
}
