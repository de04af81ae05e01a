// The anchor: a bare HTTP handler doing one INSERT into PostgreSQL per request, on Fastify when
// it is installed, else on node:http. Run as its own process by scripts/bench/anchor.mjs, on
// the route intake serves, so the same load generator drives both.
//
//   PORT, DATABASE_URL, ANCHOR_TABLE, ANCHOR_POOL_SIZE (10, node-postgres' default)

import console from 'node:console';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import process from 'node:process';
import pg from 'pg';

const table = process.env.ANCHOR_TABLE || 'bench_anchor';
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.ANCHOR_POOL_SIZE || 10), application_name: 'hustings-bench-anchor' });
await db.query(`CREATE TABLE IF NOT EXISTS ${table} (id text PRIMARY KEY, campaign_id text NOT NULL, body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);

async function insert(campaignId, body) {
  const id = typeof body?.donationId === 'string' ? body.donationId : randomUUID();
  await db.query(`INSERT INTO ${table} (id, campaign_id, body) VALUES ($1, $2, $3)`, [id, campaignId, body]);
  return { donationId: id, status: 'received' };
}

async function withFastify(port) {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/health/ready', async () => ({ status: 'ok' }));
  app.post('/v1/campaigns/:campaignId/donations', async (req, reply) => reply.code(202).send(await insert(req.params.campaignId, req.body)));
  await app.listen({ port, host: '127.0.0.1' });
  return `fastify ${app.version}`;
}

function withNodeHttp(port) {
  const server = http.createServer((req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/health/ready') return reply(200, { status: 'ok' });
    const match = /^\/v1\/campaigns\/([^/]+)\/donations$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return reply(404, { code: 'not_found' });
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      insert(match[1], JSON.parse(chunks.join('')))
        .then((body) => reply(202, body))
        .catch((e) => reply(500, { code: 'error', message: e.message }));
    });
  });
  server.listen(port, '127.0.0.1');
  return 'node:http (fastify not installed)';
}

const port = Number(process.env.PORT);
let server;
try {
  server = await withFastify(port);
} catch (error) {
  if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  server = withNodeHttp(port);
}
console.log(`anchor: ${server}`);
process.on('SIGTERM', () => db.end().finally(() => process.exit(0)));
