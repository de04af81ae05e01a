import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiDocument, APP_NAMES, DevRouter, routesOfModule, type AppRoute } from '#platform';
import { appModules } from '../apps/embedded/src/app-modules.js';

/**
 * The one address of `npm run dev:distributed`: the router's table comes from the apps' own
 * controllers, and every route of every app reaches that app, none another's.
 */
const filled = (template: string): string => template.replace(/:[A-Za-z]+/g, 'x-1');

describe('the development router', () => {
  let table: { target: { app: string; url: string }; routes: AppRoute[] }[];

  beforeAll(async () => {
    const modules = await appModules([...APP_NAMES]);
    table = APP_NAMES.map((app, index) => ({ target: { app, url: `http://${app}` }, routes: routesOfModule(modules[index]) }));
  });

  it('reads the routes each app serves from its controllers', () => {
    const routes = Object.fromEntries(table.map((entry) => [entry.target.app, entry.routes.map((r) => `${r.method} ${r.path}`)]));
    expect(routes.intake).toContain('POST /v1/campaigns/:campaignId/donations');
    expect(routes.compliance).toContain('POST /v1/donations/:donationId/review/decisions');
    expect(routes.rewards).toContain('PUT /v1/campaigns/:campaignId/reward-tiers/:tierId');
    expect(routes.reporting).toContain('GET /v1/campaigns/:campaignId/totals');
    expect(Object.values(routes).every((list) => list.length > 0)).toBe(true);
  });

  it('sends every route of every app to that app, and what no app serves nowhere', () => {
    const router = new DevRouter(table);
    const misrouted = table.flatMap(({ target, routes }) => routes.filter((route) => router.targetOf(route.method, `${filled(route.path)}?q=1`)?.app !== target.app).map((route) => `${target.app}: ${route.method} ${route.path}`));
    expect(misrouted).toEqual([]);
    expect(router.targetOf('GET', '/v1/nothing-here')).toBeNull();
    expect(router.targetOf('DELETE', '/v1/campaigns/x-1/totals')).toBeNull();
  });

  it('answers the API document of all the apps behind it itself', async () => {
    const api = apiDocument([]);
    const front = createServer(new DevRouter(table, undefined, api).handle).listen(0, '127.0.0.1');
    await new Promise((done) => front.once('listening', done));
    try {
      const base = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
      const reply = await fetch(`${base}/v1/openapi.json`);
      expect({ status: reply.status, body: await reply.json() }).toEqual({ status: 200, body: JSON.parse(JSON.stringify(api)) });
      const page = await fetch(`${base}/v1/docs`);
      expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 200, type: 'text/html; charset=utf-8' });
      expect(await page.text()).toContain('id="getApiReference"');
    } finally {
      front.close();
    }
  });

  it('forwards a request with its method, headers and body, and answers for health from every app', async () => {
    const seen: string[] = [];
    const upstream = (app: string): Server =>
      createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          seen.push(`${app} ${request.method} ${request.url} ${request.headers.authorization} ${body}`);
          response.writeHead(request.url?.startsWith('/health') ? 200 : 201, { 'content-type': 'application/json', 'x-app': app }).end('{}');
        });
      }).listen(0, '127.0.0.1');
    const servers = Object.fromEntries(APP_NAMES.map((app) => [app, upstream(app)]));
    await Promise.all(Object.values(servers).map((s) => new Promise((done) => (s.listening ? done(null) : s.once('listening', done)))));
    const router = new DevRouter(table.map((entry) => ({ ...entry, target: { app: entry.target.app, url: `http://127.0.0.1:${(servers[entry.target.app].address() as AddressInfo).port}` } })));
    const front = createServer(router.handle).listen(0, '127.0.0.1');
    await new Promise((done) => front.once('listening', done));
    const base = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    try {
      const reply = await fetch(`${base}/v1/donations/d-1/review/decisions`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: '{"decision":"accept"}' });
      expect({ status: reply.status, app: reply.headers.get('x-app') }).toEqual({ status: 201, app: 'compliance' });
      expect(seen).toEqual(['compliance POST /v1/donations/d-1/review/decisions Bearer k {"decision":"accept"}']);
      expect((await fetch(`${base}/v1/nothing`)).status).toBe(404);
      const health = await fetch(`${base}/health/ready`);
      expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'up', apps: { intake: 'up', compliance: 'up', rewards: 'up', reporting: 'up' } } });
      servers.rewards.close();
      await new Promise((done) => setTimeout(done, 50));
      expect((await fetch(`${base}/health/ready`)).status).toBe(503);
    } finally {
      front.close();
      Object.values(servers).forEach((s) => s.close());
    }
  });
});

describe('the cluster ingress (deploy/k8s/ingress.yaml)', () => {
  it('sends every route of every app to that app\'s Service, and is what scripts/ingress.mjs makes of the routes today', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const { ingressRules } = await import('#platform');
    const modules = await appModules([...APP_NAMES]);
    const apps = APP_NAMES.map((app, index) => ({ app, routes: routesOfModule(modules[index]) }));
    const ingress = parse(readFileSync(new URL('../deploy/k8s/ingress.yaml', import.meta.url), 'utf8')) as { spec: { rules: { http: { paths: { path: string; backend: { service: { name: string } } }[] } }[] } };
    const paths = ingress.spec.rules[0].http.paths.map((p) => ({ path: p.path, app: p.backend.service.name }));
    expect(paths).toEqual(ingressRules(apps));
    const misrouted = apps.flatMap(({ app, routes }) =>
      routes.filter((route) => {
        const matching = paths.filter((p) => new RegExp(`^${p.path}`).test(filled(route.path)));
        return matching.length !== 1 || matching[0].app !== app;
      }).map((route) => `${app}: ${route.method} ${route.path}`),
    );
    expect(misrouted).toEqual([]);
  });
});
