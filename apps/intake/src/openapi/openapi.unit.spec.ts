import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { Validator } from '@seriousme/openapi-schema-validator';
import { loadConfig, Metrics, PlatformModule, Public, Roles, type Infrastructure } from '#platform';
import { IntakeModule } from '../intake.module.js';
import { INTAKE_OPENAPI } from './openapi.document.js';
import { API_KEY_SECURITY } from './openapi.paths.js';
import { HTTP_METHODS, type Operation, type Parameter, type Reference } from './openapi.types.js';

/*
 * The document cannot drift from the code: the routes Nest registers for intake (its module and
 * the platform's), their @Public and @Roles, and the problem status table are read from the code
 * itself and compared with the document both ways.
 */
const root = fileURLToPath(new URL('../../../..', import.meta.url));
const doc = INTAKE_OPENAPI;

/** The metadata key a decorator writes, found by applying it: the guard keeps its keys private. */
function metadataKeyOf(decorator: ClassDecorator): unknown {
  class Probe {}
  decorator(Probe);
  const [key] = Reflect.getOwnMetadataKeys(Probe);
  return key;
}
const PUBLIC_KEY = metadataKeyOf(Public());
const ROLES_KEY = metadataKeyOf(Roles('intake'));

interface Route {
  key: string;
  public: boolean;
  roles: string[];
}

const join2 = (...parts: string[]): string => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
const templated = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function controllersOf(modules: (Type | DynamicModule)[]): Type[] {
  return modules.flatMap((module) => {
    const type = 'module' in module ? module.module : module;
    const dynamic = 'module' in module ? module : { controllers: [], imports: [] };
    const imports = [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) as (Type | DynamicModule)[]) ?? []), ...(dynamic.imports ?? [])];
    const own = [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) as Type[]) ?? []), ...(dynamic.controllers ?? [])];
    return [...own, ...controllersOf(imports as (Type | DynamicModule)[])];
  });
}

/** What Nest maps for intake: the platform module (health, metrics) and the intake module. */
function registeredRoutes(): Route[] {
  const config = loadConfig({ HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' }, ['intake']);
  // Only the module's declaration is read here; its providers are never instantiated.
  const platform = PlatformModule.forRoot(config, {} as Infrastructure, new Metrics());
  return controllersOf([platform, IntakeModule]).flatMap((controller) => {
    const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const handler = prototype[name] as object;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (name === 'constructor' || paths === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
      const isPublic = Boolean(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller));
      const roles = (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller) ?? []) as string[];
      return prefixes.flatMap((prefix) => [paths].flat().map((path) => ({ key: `${method} ${templated(join2(prefix, path))}`, public: isPublic, roles })));
    });
  });
}

function documentedOperations(): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => [`${method} ${path}`, item[method] as Operation] as [string, Operation]),
  );
}

const resolve = <T>(item: T | Reference): T => {
  if (typeof item !== 'object' || item === null || !('$ref' in item)) return item as T;
  const [, kind, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(item.$ref) ?? [];
  const found = (doc.components as Record<string, Record<string, unknown>>)[kind]?.[name];
  if (!found) throw new Error(`unresolved ${item.$ref}`);
  return found as T;
};

describe('the OpenAPI document against the routes Nest registers', () => {
  const routes = registeredRoutes();
  const operations = new Map(documentedOperations());

  it('finds the routes (the reading of Nest metadata itself works)', () => {
    expect(routes.map((r) => r.key)).toEqual(expect.arrayContaining(['get /health/live', 'post /v1/campaigns/{campaignId}/donations', 'get /v1/openapi.json']));
  });

  it('documents every registered route, and no route that is not registered', () => {
    expect([...operations.keys()].sort()).toEqual(routes.map((r) => r.key).sort());
    expect(new Set(routes.map((r) => r.key)).size).toBe(routes.length);
  });

  it('gives each route the security and the roles its decorators demand', () => {
    for (const route of routes) {
      const operation = operations.get(route.key) as Operation;
      const documented = { route: route.key, bearer: operation.security.some((s) => 'bearerApiKey' in s), roles: operation['x-roles'] ?? null };
      const expected = { route: route.key, bearer: !route.public, roles: route.public ? null : [...new Set([...route.roles, 'admin'])] };
      expect(documented).toEqual(expected);
      if (!route.public) expect(operation.security).toEqual(API_KEY_SECURITY);
    }
    expect(operations.get('post /v1/webhooks/payments')?.security).toEqual([{ webhookSignature: [] }]);
  });

  it('declares every path parameter of a route exactly once, as required', () => {
    for (const [key, operation] of operations) {
      const inPath = [...key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (operation.parameters ?? []).map((p) => resolve<Parameter>(p)).filter((p) => p.in === 'path');
      expect({ key, params: declared.map((p) => p.name).sort() }).toEqual({ key, params: inPath });
      declared.forEach((p) => expect(p.required).toBe(true));
    }
  });

  it('documents the refusals of every keyed operation: 401, 403, 429, and the body ones where there is a body', () => {
    for (const [key, operation] of operations) {
      const statuses = Object.keys(operation.responses);
      if (operation.security.some((s) => 'bearerApiKey' in s)) expect({ key, has: ['401', '403', '429'].every((s) => statuses.includes(s)) }).toEqual({ key, has: true });
      if (operation.requestBody) expect({ key, has: ['400', '413', '415', '422'].every((s) => statuses.includes(s)) }).toEqual({ key, has: true });
      if (key.includes('{')) expect({ key, has: statuses.includes('404') }).toEqual({ key, has: true });
    }
  });
});

/** The status table of libs/platform/src/http/problem.ts, read from its source. */
function statusTable(): Map<string, number> {
  const source = readFileSync(join(root, 'libs/platform/src/http/problem.ts'), 'utf8');
  const body = /const STATUS[^{]*\{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
  return new Map([...body.matchAll(/^\s+([a-z_]+): (\d{3}),/gm)].map(([, code, status]) => [code, Number(status)]));
}

/** Codes raised by name on intake's paths: fail/problem/reject/refuse calls and coded errors. */
function raisedCodes(): Set<string> {
  const dirs = ['apps/intake/src', 'libs/platform/src', 'libs/domain/src'];
  const files = dirs.flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => join(root, dir, file)),
  );
  const pattern = /\b(?:fail|problem|reject|refuse|new [A-Za-z]+Error)\(\s*'([a-z_]+)'/g;
  return new Set(files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => m[1])));
}

describe('problem codes in the document', () => {
  const codeSchema = (doc.components.schemas.Problem.properties?.code ?? {}) as { enum: string[]; 'x-status-of-code': Record<string, number> };
  const table = statusTable();

  it('reads the status table (the extraction itself works)', () => {
    expect(table.get('idempotency_key_reused')).toBe(422);
    expect(table.size).toBeGreaterThan(50);
  });

  it('are exactly the codes of the status table, each with its status', () => {
    expect([...codeSchema.enum].sort()).toEqual([...table.keys()].sort());
    expect(codeSchema['x-status-of-code']).toEqual(Object.fromEntries(table));
  });

  it('include every code the controllers, the guard and the parsers raise by name', () => {
    const raised = [...raisedCodes()];
    expect(raised).toEqual(expect.arrayContaining(['not_found', 'webhook_replayed', 'rate_limited', 'idempotency_key_reused', 'amount_must_be_integer']));
    expect(raised.filter((code) => table.has(code) && !codeSchema.enum.includes(code))).toEqual([]);
  });

  it('have a shared response for each status, naming its codes', () => {
    for (const status of new Set(table.values())) {
      const response = doc.components.responses[`Problem${status}`];
      expect(response?.content?.['application/problem+json']).toBeDefined();
      [...table].filter(([, s]) => s === status).forEach(([code]) => expect(response.description).toContain(code));
    }
  });
});

describe('the document itself', () => {
  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(doc)) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('survives JSON as it is served (no undefined, functions or bigints)', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('resolves every $ref, and gives each operation its own id', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(50);
    refs.forEach(($ref) => expect(() => resolve({ $ref })).not.toThrow());
    const ids = documentedOperations().map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
