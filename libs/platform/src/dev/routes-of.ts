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
