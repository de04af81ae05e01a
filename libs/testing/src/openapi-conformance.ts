import 'reflect-metadata';
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { Validator } from '@seriousme/openapi-schema-validator';
import { API_KEY_SECURITY, HTTP_METHODS, Idempotent, loadConfig, Metrics, PlatformModule, Public, Roles, type AppName, type Infrastructure, type OpenApiDocument, type Operation, type Parameter, type Reference } from '#platform';

/**
 * The conformance suite of an app's API document: the routes Nest maps for the app (its module
 * and the platform's), with their @Public and @Roles, read from the code itself and compared
 * with the document both ways, and the document checked as OpenAPI 3.1. A route added without
 * its operation, or an operation left behind by a removed route, fails it.
 */

/** The metadata key a decorator writes, found by applying it: the guard keeps its keys private. */
function metadataKeyOf(decorator: ClassDecorator): unknown {
  class Probe {}
  decorator(Probe);
  const [key] = Reflect.getOwnMetadataKeys(Probe);
  return key;
}

/** The metadata key @Idempotent writes on a handler (beside Nest's interceptors), found by applying it. */
function idempotentKey(): unknown {
  const probe = { handler() {} };
  const descriptor = Object.getOwnPropertyDescriptor(probe, 'handler') as PropertyDescriptor;
  Idempotent()(probe, 'handler', descriptor);
  return Reflect.getOwnMetadataKeys(descriptor.value as object).find((key) => key !== '__interceptors__');
}

export interface MappedRoute {
  key: string;
  public: boolean;
  roles: string[];
  /** @Idempotent: the route asks an Idempotency-Key and replays its first answer. */
  idempotent: boolean;
}

const joined = (...parts: string[]): string => `/${parts.map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
const templated = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function controllersOf(modules: (Type | DynamicModule)[], seen = new Set<unknown>()): Type[] {
  return modules.flatMap((module) => {
    const type = 'module' in module ? module.module : module;
    if (seen.has(module)) return [];
    seen.add(module);
    const dynamic = 'module' in module ? module : { controllers: [], imports: [] };
    const imports = [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) as (Type | DynamicModule)[]) ?? []), ...(dynamic.imports ?? [])];
    const own = [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) as Type[]) ?? []), ...(dynamic.controllers ?? [])];
    return [...own, ...controllersOf(imports as (Type | DynamicModule)[], seen)];
  });
}

/** What Nest maps for these apps: the platform module (keys, health, metrics, this document) and the apps' modules. */
export function mappedRoutes(apps: AppName[], appModules: Type[]): MappedRoute[] {
  const publicKey = metadataKeyOf(Public());
  const rolesKey = metadataKeyOf(Roles('intake'));
  const idempotent = idempotentKey();
  const config = loadConfig({ HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' }, apps);
  // Only the module's declaration is read here; its providers are never instantiated.
  const platform = PlatformModule.forRoot(config, {} as Infrastructure, new Metrics());
  return controllersOf([platform, ...appModules]).flatMap((controller) => {
    const prefixes = [(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined) ?? ''].flat();
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const handler = prototype[name] as object;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (name === 'constructor' || paths === undefined || verb === undefined) return [];
      const method = RequestMethod[verb].toLowerCase();
      const isPublic = Boolean(Reflect.getMetadata(publicKey, handler) ?? Reflect.getMetadata(publicKey, controller));
      const roles = (Reflect.getMetadata(rolesKey, handler) ?? Reflect.getMetadata(rolesKey, controller) ?? []) as string[];
      const replays = Reflect.getMetadata(idempotent, handler) !== undefined;
      return prefixes.flatMap((prefix) => [paths].flat().map((path) => ({ key: `${method} ${templated(joined(prefix, path))}`, public: isPublic, roles, idempotent: replays })));
    });
  });
}

export function documentedOperations(doc: OpenApiDocument): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) => HTTP_METHODS.filter((method) => item[method]).map((method) => [`${method} ${path}`, item[method] as Operation] as [string, Operation]));
}

export function resolveIn<T>(doc: OpenApiDocument, item: T | Reference): T {
  if (typeof item !== 'object' || item === null || !('$ref' in item)) return item as T;
  const [, kind, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(item.$ref) ?? [];
  const found = (doc.components as unknown as Record<string, Record<string, unknown>>)[kind]?.[name];
  if (!found) throw new Error(`unresolved ${item.$ref}`);
  return found as T;
}

/** Registers the suite for one process's document: `apps` run with `appModules`. */
export function describeApiDocument(name: string, apps: AppName[], appModules: () => Type[], document: () => OpenApiDocument): void {
  describe(`${name}: the OpenAPI document against the routes Nest maps`, () => {
    const routes = (): MappedRoute[] => mappedRoutes(apps, appModules());
    const operations = (): Map<string, Operation> => new Map(documentedOperations(document()));

    it('finds the routes (the reading of Nest metadata itself works)', () => {
      expect(routes().map((r) => r.key)).toEqual(expect.arrayContaining(['get /health/live', 'get /v1/openapi.json', 'get /v1/session']));
      expect(routes().length).toBeGreaterThan(8);
    });

    it('documents every mapped route, and no route that is not mapped', () => {
      const mapped = routes().map((r) => r.key);
      expect({ missing: mapped.filter((key) => !operations().has(key)), unmapped: [...operations().keys()].filter((key) => !mapped.includes(key)) }).toEqual({ missing: [], unmapped: [] });
      expect(new Set(mapped).size).toBe(mapped.length);
    });

    it('gives each route the security and the roles its decorators demand', () => {
      for (const route of routes()) {
        const operation = operations().get(route.key) as Operation;
        const documented = { route: route.key, keyed: operation.security.some((s) => 'bearerApiKey' in s), roles: operation['x-roles'] ?? null };
        const expected = { route: route.key, keyed: !route.public, roles: route.public ? null : [...new Set([...route.roles, 'admin'])] };
        expect(documented).toEqual(expected);
        if (!route.public) expect(operation.security).toEqual(API_KEY_SECURITY);
      }
    });

    it('asks a required Idempotency-Key header of exactly the @Idempotent routes', () => {
      const asks = (operation: Operation): boolean =>
        (operation.parameters ?? []).map((param) => resolveIn<Parameter>(document(), param)).some((param) => param.in === 'header' && param.name.toLowerCase() === 'idempotency-key' && param.required);
      const mismatched = routes().filter((route) => asks(operations().get(route.key) as Operation) !== route.idempotent).map((route) => `${route.key} (@Idempotent: ${route.idempotent})`);
      expect(mismatched).toEqual([]);
    });

    it('declares every path parameter of a route exactly once, as required', () => {
      for (const [key, operation] of operations()) {
        const inPath = [...key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
        const declared = (operation.parameters ?? []).map((param) => resolveIn<Parameter>(document(), param)).filter((param) => param.in === 'path');
        expect({ key, params: declared.map((param) => param.name).sort() }).toEqual({ key, params: inPath });
        declared.forEach((param) => expect(param.required).toBe(true));
      }
    });

    it('documents the problem+json refusals of every keyed operation: 401, 403, 429, the body ones where there is a body, 404 where a path names something', () => {
      for (const [key, operation] of operations()) {
        const statuses = Object.keys(operation.responses);
        const wanted = [
          ...(operation.security.some((s) => 'bearerApiKey' in s) ? ['401', '403', '429'] : []),
          ...(operation.requestBody ? ['400', '413', '415', '422'] : []),
          ...(key.includes('{') ? ['404'] : []),
        ];
        expect({ key, missing: wanted.filter((status) => !statuses.includes(status)) }).toEqual({ key, missing: [] });
        // Readiness answers its own body when down: the orchestrator reads which check failed.
        for (const status of statuses.filter((s) => Number(s) >= 400 && `${key} ${s}` !== 'get /health/ready 503')) {
          const response = resolveIn(document(), operation.responses[status]);
          expect({ key, status, content: Object.keys(response.content ?? {}) }).toEqual({ key, status, content: ['application/problem+json'] });
        }
      }
    });
  });

  describe(`${name}: the document itself`, () => {
    it('is valid OpenAPI 3.1', async () => {
      const result = await new Validator().validate(JSON.parse(JSON.stringify(document())) as Record<string, unknown>);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      expect(document().openapi).toBe('3.1.0');
    });

    it('survives JSON as it is served (no undefined, functions or bigints)', () => {
      expect(JSON.parse(JSON.stringify(document()))).toEqual(document());
    });

    // Redocly's recommended rules that are errors, checked here (the linter is not a dependency).
    it('gives every operation a summary, a tag the document defines, a 2xx answer, unique parameters and known security schemes', () => {
      const doc = document();
      const tags = new Set(doc.tags.map((tag) => tag.name));
      const schemes = new Set(Object.keys(doc.components.securitySchemes));
      expect(doc.servers.length).toBeGreaterThan(0);
      for (const [key, operation] of documentedOperations(doc)) {
        const params = (operation.parameters ?? []).map((param) => resolveIn<Parameter>(doc, param)).map((param) => `${param.in} ${param.name.toLowerCase()}`);
        const problems = [
          ...(operation.summary ? [] : ['no summary']),
          ...operation.tags.filter((tag) => !tags.has(tag)).map((tag) => `tag ${tag} not defined`),
          ...(Object.keys(operation.responses).some((status) => /^2\d\d$/.test(status)) ? [] : ['no 2xx answer']),
          ...(new Set(params).size === params.length ? [] : ['a parameter twice']),
          ...operation.security.flatMap((requirement) => Object.keys(requirement)).filter((name) => !schemes.has(name)).map((name) => `security ${name} not defined`),
        ];
        expect({ key, problems }).toEqual({ key, problems: [] });
      }
    });

    it('resolves every $ref, and gives each operation its own id', () => {
      const refs = [...JSON.stringify(document()).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(10);
      refs.forEach(($ref) => expect(() => resolveIn(document(), { $ref })).not.toThrow());
      const ids = documentedOperations(document()).map(([, op]) => op.operationId);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
}
