import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureBuilt, repo } from './support/processes.js';

/**
 * Each app started alone as an operator starts it (`node dist/apps/<app>/main.js`) with a bad
 * environment: it exits with 78 (EX_CONFIG) before opening any connection, and says what is
 * wrong on stderr, one line per bad setting.
 */
function run(app: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [resolve(repo, `dist/apps/${app}/main.js`)], { cwd: repo, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, _stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr });
    });
  });
}

describe('an app started alone with a bad configuration', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('given Kafka without brokers, EventStoreDB without a URL and a bad schema, when compliance starts, then it exits 78 naming each', async () => {
    const { code, stderr } = await run('compliance', { BUS: 'kafka', LEDGER: 'eventstore', DATABASE_SCHEMA: 'Bad-Schema', KAFKA_PARTITIONS: '0' });
    expect(code).toBe(78);
    expect(stderr.trim().split('\n')).toEqual([
      'hustings: configuration error: LEDGER=eventstore needs EVENTSTORE_URL (esdb://host:2113?tls=false)',
      'hustings: configuration error: BUS=kafka needs KAFKA_BROKERS (host:port,...)',
      'hustings: configuration error: KAFKA_PARTITIONS=0 must be an integer from 1 to 1000',
      'hustings: configuration error: DATABASE_SCHEMA=Bad-Schema is not a plain SQL identifier',
    ]);
  });

  it('given the in-process bus, when intake starts alone, then it exits 78: the others could never hear it', async () => {
    const { code, stderr } = await run('intake', { BUS: 'memory' });
    expect(code).toBe(78);
    expect(stderr.trim()).toBe('hustings: configuration error: BUS=memory only connects apps inside one process; run all apps together or set BUS=kafka');
  });

  it('given production without its secrets, when reporting starts, then it exits 78 without echoing anything secret', async () => {
    const { code, stderr } = await run('reporting', { NODE_ENV: 'production', BUS: 'kafka', KAFKA_BROKERS: '127.0.0.1:1', PII_MASTER_KEY: 'not-a-key' });
    expect(code).toBe(78);
    expect(stderr).toMatch(/^hustings: configuration error: DONOR_ID_KEY must be set/m);
    expect(stderr).toMatch(/^hustings: configuration error: PII_MASTER_KEY must be/m);
    expect(stderr).toMatch(/^hustings: configuration error: HUSTINGS_SEAL_KEY must be/m);
    expect(stderr).not.toContain('not-a-key');
  });
});
