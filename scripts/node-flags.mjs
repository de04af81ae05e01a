// The node flags every Hustings process runs with: the ones package.json "start" gives the
// embedded platform (`node <flags> dist/main.js`). The bench starts every app with them, and
// test/deploy-manifests.unit.spec.ts checks that the Dockerfile, compose and the Kubernetes
// manifests give each app the same.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The flags between `node` and `dist/main.js` in package.json "start". */
export function startNodeFlags() {
  const { scripts } = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../package.json'), 'utf8'));
  const run = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/main\.js\b/.exec(scripts?.start ?? '');
  if (!run) throw new Error(`package.json "start" does not run node dist/main.js: ${scripts?.start}`);
  return run[1].split(/\s+/).filter(Boolean);
}
