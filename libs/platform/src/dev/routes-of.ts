import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';

/** One HTTP route an app serves: its method and Nest path template (`/v1/campaigns/:campaignId`). */
export interface AppRoute {
  method: string;
  path: string;
}

function controllersOf(module: Type | { module?: Type } | undefined, seen = new Set<unknown>()): Type[] {
  const type = (module && 'module' in module ? module.module : module) as Type | undefined;
  if (!type || seen.has(type)) return [];
  seen.add(type);
  const own = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) ?? []) as Type[];
  const imports = (Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) ?? []) as Type[];
  return [...own, ...imports.flatMap((imported) => controllersOf(imported, seen))];
}

const joined = (...parts: string[]): string => `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;

/** The routes an app module's controllers declare (what Nest maps at start), read from their metadata. */
export function routesOfModule(module: Type): AppRoute[] {
  return controllersOf(module).flatMap((controller) => {
    const bases = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function') return [];
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (paths === undefined || method === undefined) return [];
      return bases.flatMap((base) => [paths].flat().map((path) => ({ method: RequestMethod[method], path: joined(base, path) })));
    });
  });
}

/** A route template as an anchored regular expression of the path (`:param` is one segment). */
export function pathPattern(template: string): string {
  return `^${template.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`;
}

/**
 * One ingress path per distinct route template, to the app that serves it; a template two apps
 * serve cannot be routed by path and is refused. A path is the template's pattern without its
 * leading `^` (a Kubernetes path starts with `/`; ingress-nginx anchors a regex path itself).
 */
export function ingressRules(apps: { app: string; routes: AppRoute[] }[]): { path: string; app: string }[] {
  const owner = new Map<string, string>();
  for (const { app, routes } of apps) {
    for (const route of routes) {
      const other = owner.get(route.path);
      if (other && other !== app) throw new Error(`${route.path} is served by ${other} and ${app}: no path-based ingress can route it`);
      owner.set(route.path, app);
    }
  }
  return [...owner].map(([template, app]) => ({ path: pathPattern(template).slice(1), app })).sort((a, b) => b.path.length - a.path.length || a.path.localeCompare(b.path));
}
