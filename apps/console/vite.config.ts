import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console builds to static files under dist/console, served at /console by the embedded
 * platform (apps/embedded/src/console-static.ts) or by any web server in front of the API
 * (deploy/k8s/console.yaml). All paths are relative to /console/, and the app calls the API
 * on its own origin (/v1/...).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  build: {
    outDir: process.env.CONSOLE_OUT_DIR ?? fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { proxy: { '/v1': process.env.HUSTINGS_API ?? 'http://127.0.0.1:3000' } },
});
