import type { Type } from '@nestjs/common';
import { API_KEY_SECURITY, sharedParameters } from './openapi.building.js';
import { PLATFORM_DESCRIPTION, platformPaths, platformSchemas, platformSecuritySchemes, platformTags } from './openapi.platform.js';
import { problemResponses, problemSchema, sharedHeaders } from './openapi.problems.js';
import { HTTP_METHODS, type OpenApiDocument, type Parameter, type PathItem, type JsonSchema, type SecurityScheme } from './openapi.types.js';

/**
 * One app's part of the API: the routes its module maps, with the schemas and parameters they
 * name. An app module declares it in a static `api` (like its `tables`); the platform builds the
 * document of a process from the parts of the apps it runs, so each app alone serves its own
 * document and the embedded platform the merged one, from the same parts.
 */
export interface ApiPart {
  app: string;
  summary: string;
  description: string;
  tags: { name: string; description: string }[];
  paths: Record<string, PathItem>;
  schemas: Record<string, JsonSchema>;
  parameters?: Record<string, Parameter>;
  securitySchemes?: Record<string, SecurityScheme>;
}

export interface AppModuleApi {
  readonly api?: ApiPart;
}

export function apisOf(appModules: readonly Type[]): ApiPart[] {
  return appModules.flatMap((appModule) => ((appModule as AppModuleApi).api ? [(appModule as AppModuleApi).api as ApiPart] : []));
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Adds `entries` to `into`; a name two parts define differently is a mistake in one of them, refused here. */
function mergeNamed<T>(into: Record<string, T>, entries: Record<string, T>, what: string, app: string): void {
  for (const [name, value] of Object.entries(entries)) {
    if (name in into && !same(into[name], value)) throw new Error(`OpenAPI: ${app} defines ${what} ${name} differently from another part`);
    into[name] = value;
  }
}

function mergePaths(into: Record<string, PathItem>, paths: Record<string, PathItem>, app: string): void {
  for (const [path, item] of Object.entries(paths)) {
    const existing = into[path] ?? {};
    for (const method of HTTP_METHODS) {
      if (item[method] && existing[method]) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is documented by ${app} and another part`);
    }
    into[path] = { ...existing, ...item };
  }
}

const titleOf = (parts: ApiPart[]): string => (parts.length === 1 ? `Hustings ${parts[0].app} API` : 'Hustings API');

/** The OpenAPI 3.1 document of the given apps (and of the platform routes each of them serves). */
export function apiDocument(parts: ApiPart[], version = '1.0.0'): OpenApiDocument {
  const paths: Record<string, PathItem> = {};
  const schemas: Record<string, JsonSchema> = { Problem: problemSchema };
  const parameters: Record<string, Parameter> = { ...sharedParameters };
  const securitySchemes: Record<string, SecurityScheme> = { ...platformSecuritySchemes };
  const tags = new Map<string, string>();
  for (const part of [...parts, { app: 'platform', summary: '', description: '', tags: platformTags, paths: platformPaths, schemas: platformSchemas }]) {
    mergePaths(paths, part.paths, part.app);
    mergeNamed(schemas, part.schemas, 'schema', part.app);
    mergeNamed(parameters, part.parameters ?? {}, 'parameter', part.app);
    mergeNamed(securitySchemes, part.securitySchemes ?? {}, 'security scheme', part.app);
    for (const tag of part.tags) tags.set(tag.name, tag.description);
  }
  const description = [
    'Hustings is an event-sourced donation ledger for political crowdfunding.',
    ...parts.map((part) => `**${part.app}**: ${part.description}`),
    PLATFORM_DESCRIPTION,
  ].join('\n\n');
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: { title: titleOf(parts), version, summary: parts.map((part) => part.summary).join(' ') || 'Probes, metrics and API keys.', description },
    servers: [{ url: '/', description: 'Where this document was read: an app, the embedded platform, the development router or the ingress.' }],
    tags: [...tags].map(([name, tagDescription]) => ({ name, description: tagDescription })),
    security: API_KEY_SECURITY,
    paths,
    components: { schemas, responses: problemResponses(), parameters, headers: sharedHeaders, securitySchemes },
  };
}
