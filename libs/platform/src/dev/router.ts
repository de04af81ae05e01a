import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { referencePage } from '../openapi/openapi.reference.js';
import type { OpenApiDocument } from '../openapi/openapi.types.js';
import type { AppRoute } from './routes-of.js';

/** Where a route goes: the app's name and its base URL (`http://127.0.0.1:3001`). */
export interface RouteTarget {
  app: string;
  url: string;
}

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  template: string;
  target: RouteTarget;
}

const compile = (template: string): RegExp => new RegExp(`^${template.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`);

/**
 * The one address of the distributed mode on a developer's machine: each request goes to the
 * app that serves its route (from the apps' own controllers), so a client never needs to know
 * which. Literal segments win over parameters when two templates match. Health is the router's
 * own: ready when every app is. `/v1/openapi.json` and its page `/v1/docs` are the router's too:
 * the document of all the apps behind it (each app alone answers only its own).
 */
export class DevRouter {
  private readonly routes: CompiledRoute[];

  constructor(
    table: { target: RouteTarget; routes: AppRoute[] }[],
    private readonly targets: RouteTarget[] = table.map((entry) => entry.target),
    private readonly api: OpenApiDocument | null = null,
  ) {
    const routes = table.flatMap(({ target, routes: appRoutes }) => appRoutes.map((route) => ({ method: route.method, template: route.path, pattern: compile(route.path), target })));
    const literalParts = (template: string): number => template.split('/').filter((part) => part && !part.startsWith(':')).length;
    this.routes = routes.sort((a, b) => literalParts(b.template) - literalParts(a.template));
  }

  /** The app a request goes to, or null when no app serves that method and path. */
  targetOf(method: string, url: string): RouteTarget | null {
    const path = url.split('?')[0];
    return this.routes.find((route) => route.method === method && route.pattern.test(path))?.target ?? this.routes.find((route) => route.method === 'ALL' && route.pattern.test(path))?.target ?? null;
  }

  /** Node's request listener: forwards, streaming both ways, with an `x-forwarded-for`. */
  handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? '/';
    if (url === '/health/ready' || url === '/health/live') {
      void this.health(url, response);
      return;
    }
    if (this.api && request.method === 'GET' && (url.split('?')[0] === '/v1/openapi.json' || url.split('?')[0] === '/v1/docs')) {
      const page = url.split('?')[0] === '/v1/docs';
      const type = page ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8';
      response.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=300' }).end(page ? referencePage(this.api) : JSON.stringify(this.api));
      return;
    }
    const target = this.targetOf(request.method ?? 'GET', url);
    if (!target) {
      response.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'https://hustings.dev/problems/not_found', title: 'no such resource', status: 404, code: 'not_found', detail: `no app serves ${request.method} ${url.split('?')[0]}` }));
      return;
    }
    const upstream = httpRequest(`${target.url}${url}`, { method: request.method, headers: { ...request.headers, 'x-forwarded-for': request.socket.remoteAddress ?? '' } }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ title: 'bad gateway', status: 502, code: 'upstream_unavailable', detail: `${target.app} did not answer: ${error.message}` }));
    });
    request.pipe(upstream);
  };

  private async health(path: string, response: ServerResponse): Promise<void> {
    const answers = await Promise.all(
      this.targets.map(async (target) => {
        const status = await fetch(`${target.url}${path}`).then((r) => r.status, () => 0);
        return [target.app, status === 200 ? 'up' : 'down'] as const;
      }),
    );
    const up = answers.every(([, status]) => status === 'up');
    response.writeHead(up ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: up ? 'up' : 'down', apps: Object.fromEntries(answers) }));
  }
}
