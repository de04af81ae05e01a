/** The flags between `node` and `dist/main.js` in package.json "start" (scripts/node-flags.mjs). */
export function startNodeFlags(): string[];
