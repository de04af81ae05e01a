// The compiler mirrors the source tree under dist/; each app's documented entry point
// (dist/apps/<app>/main.js) and the embedded one (dist/main.js) re-export the compiled main.
import { writeFileSync } from 'node:fs';

const entries = {
  'dist/main.js': './apps/embedded/src/main.js',
  'dist/apps/intake/main.js': './src/main.js',
  'dist/apps/compliance/main.js': './src/main.js',
  'dist/apps/rewards/main.js': './src/main.js',
  'dist/apps/reporting/main.js': './src/main.js',
};
for (const [file, target] of Object.entries(entries)) {
  writeFileSync(file, `import 'reflect-metadata';\nimport '${target}';\n`);
}
