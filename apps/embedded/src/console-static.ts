import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Module, RequestMethod, type MiddlewareConsumer, type NestModule, type Type } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * The console's built files (apps/console, `npm run build:console`) at /console. They are
 * static and public: they hold no data and no secret, and everything they show comes from the
 * API with the person's own key. Hashed assets are cached for good; index.html never is.
 */
const HERE = fileURLToPath(new URL('.', import.meta.url));

/** dist/console beside the compiled app, or under dist/ when run from source (tests). */
export function defaultConsoleDir(): string {
  const candidates = [resolve(HERE, '../../../console'), resolve(HERE, '../../../dist/console')];
  return candidates.find((dir) => existsSync(resolve(dir, 'index.html'))) ?? candidates[0];
}

const POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function consoleFiles(dir: string) {
  const root = resolve(dir);
  return (request: Request, response: Response, next: NextFunction): void => {
    let path: string;
    try {
      path = decodeURIComponent(request.path ?? request.url.split('?')[0]);
    } catch {
      return next();
    }
    const relative = path.replace(/^\/console\/?/, '');
    if (path === '/console') return response.redirect(301, '/console/');
    const file = resolve(root, relative === '' ? 'index.html' : relative);
    if (file !== root && !file.startsWith(root + sep)) return next();
    // A missing asset is a 404, never the page in its place; any other path is the page (the console routes by #hash).
    const isAsset = relative.startsWith('assets/');
    if (isAsset && !existsSync(file)) return next();
    const target = isAsset ? file : resolve(root, 'index.html');
    if (!existsSync(target)) {
      response.status(404).type('text/plain').send('the console is not built: run npm run build');
      return;
    }
    response.setHeader('content-security-policy', POLICY);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('cache-control', isAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
    response.sendFile(target);
  };
}

/** A module serving the console from `dir` (default: the built dist/console). */
export function consoleModule(dir: string = defaultConsoleDir()): Type {
  @Module({})
  class ConsoleModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      consumer.apply(consoleFiles(dir)).forRoutes({ path: 'console', method: RequestMethod.GET }, { path: 'console/*path', method: RequestMethod.GET });
    }
  }
  return ConsoleModule;
}
