import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/*
 * The console deployed on its own (deploy/console): nginx sends each API path to the app that
 * serves it. The route table is read from the controllers themselves, so a new endpoint that
 * nginx would send to the wrong app fails here instead of answering 404 in production.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const text = (path: string): string => readFileSync(join(root, path), 'utf8');
const APPS = ['intake', 'compliance', 'rewards', 'reporting'] as const;

function controllerFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((item) => {
    const path = `${dir}/${item.name}`;
    if (item.isDirectory()) return controllerFiles(path);
    return /\.(controller|module)\.ts$/.test(item.name) ? [path] : [];
  });
}

/** Every `@Controller('base')` + `@Get|Post|Put|Delete('path')` of a file, with `:param` as a sample segment. */
function routesOf(source: string): string[] {
  const routes: string[] = [];
  for (const block of source.split(/(?=@Controller\()/).slice(1)) {
    const base = /^@Controller\((?:'([^']*)')?\)/.exec(block)?.[1] ?? '';
    for (const [, path] of block.matchAll(/@(?:Get|Post|Put|Delete|Patch)\((?:'([^']*)')?\)/g)) {
      routes.push(`/${[base, path].filter(Boolean).join('/')}`.replace(/:[A-Za-z]+/g, 'x-1'));
    }
  }
  return routes;
}

/** nginx's choice: the first regex location that matches, else the longest prefix location. */
function upstreamOf(conf: string, path: string): string | null {
  const proxies = [...conf.matchAll(/location (~ )?(\S+) \{ proxy_pass http:\/\/([a-z]+):80; \}/g)];
  const regex = proxies.find(([, isRegex, pattern]) => isRegex && new RegExp(pattern).test(path));
  if (regex) return regex[3];
  const prefix = proxies.filter(([, isRegex, pattern]) => !isRegex && path.startsWith(pattern)).sort((a, b) => b[2].length - a[2].length)[0];
  return prefix?.[3] ?? null;
}

describe('the console deployed on its own', () => {
  const conf = text('deploy/console/nginx.conf');

  it.each(APPS)('sends every API path of %s to that app', (app) => {
    const routes = controllerFiles(`apps/${app}/src`).flatMap((file) => routesOf(text(file))).filter((r) => r.startsWith('/v1/'));
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.map((route) => [route, upstreamOf(conf, route)])).toEqual(routes.map((route) => [route, app]));
  });

  it('sends the paths every app serves (session, API keys) to one of them', () => {
    const routes = routesOf(text('libs/platform/src/auth/api-keys.controller.ts'));
    expect(routes).toContain('/v1/session');
    routes.forEach((route) => expect(APPS).toContain(upstreamOf(conf, route)));
  });

  it('proxies to Services of deploy/k8s on the port they expose, and serves what the Deployment probes', () => {
    const services = readdirSync(join(root, 'deploy/k8s'))
      .flatMap((file) => parseAllDocuments(text(`deploy/k8s/${file}`)).map((d) => d.toJS()))
      .filter((o) => o?.kind === 'Service');
    for (const [, host, port] of conf.matchAll(/proxy_pass http:\/\/([a-z]+):(\d+);/g)) {
      const service = services.find((s) => s.metadata.name === host);
      expect(service?.spec.ports.map((p: { port: number }) => p.port)).toContain(Number(port));
    }
    const [deployment, service] = parseAllDocuments(text('deploy/console/k8s.yaml')).map((d) => d.toJS());
    const container = deployment.spec.template.spec.containers[0];
    expect(conf).toContain(`listen ${container.ports[0].containerPort};`);
    expect(container.readinessProbe.httpGet.path).toBe('/console/');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });
});
