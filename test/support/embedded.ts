import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { createHustingsApp, loadConfig } from '#platform';
import { FecSchemas, fecTransactionsIn, type FecSchemaProblem } from '#testing';
import { appModules } from '../../apps/embedded/src/app-modules.js';

/** The embedded default (all four apps, PGlite, in-process bus) in this process, on a loopback port. */
export interface EmbeddedPlatform {
  app: INestApplication;
  url: string;
  dataDir: string;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export const TEST_ADMIN_KEY = 'e2e-bootstrap-admin-key-0123456789abcdef';

/** `extraModules` beside the four apps: the console's static files, for the browser tests. */
export async function startEmbedded(env: Record<string, string> = {}, dataDir?: string, extraModules: Type[] = []): Promise<EmbeddedPlatform> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'hustings-e2e-')));
  const config = loadConfig(
    {
      DATA_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      DONOR_ID_KEY: 'e2e-test-donor-id-key-of-at-least-32-chars',
      HUSTINGS_BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY,
      ...env,
    },
    ['intake', 'compliance', 'rewards', 'reporting'],
  );
  const app = await createHustingsApp(config, [...(await appModules(config.apps)), ...extraModules]);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    dataDir: dir,
    async stop(options = {}) {
      await app.close();
      if (!options.keepData) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpReply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A JSON client presenting one API key (none when `key` is null). */
export function apiAs(url: string, key: string | null) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpReply> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    if (method === 'GET' && path.includes('/reports/') && response.ok) checkFecTransactions(path, parsed);
    return { status: response.status, headers: response.headers, body: parsed };
  };
}

let schemas: FecSchemas | null = null;
let validated = 0;

/** How many FEC transactions the end-to-end suites' report replies held, each validated against its FEC schema. */
export const fecTransactionsValidated = (): number => validated;

/**
 * Every report an end-to-end suite reads through `apiAs` has each of its FEC transactions
 * validated against the FEC's own schema: a line the FEC would refuse fails the suite that read it.
 */
function checkFecTransactions(path: string, body: unknown): void {
  const transactions = fecTransactionsIn(body);
  if (transactions.length === 0) return;
  schemas ??= new FecSchemas();
  const problems: FecSchemaProblem[] = transactions.flatMap((t) => (schemas as FecSchemas).problems(t));
  validated += transactions.length;
  if (problems.length > 0) throw new Error(`GET ${path}: ${problems.length} FEC transaction(s) fail their schema: ${JSON.stringify(problems, null, 2)}`);
}

/** Polls until `done` holds or the deadline passes; never sleeps a fixed time before asking. */
export async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, deadlineMs = 30_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${deadlineMs} ms; last value ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await probe();
  }
  return last;
}
