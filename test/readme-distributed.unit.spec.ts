import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_NAMES, loadConfig, type AppName } from '../libs/platform/src/config.js';

/**
 * The README's distributed section, run as a newcomer would paste it: the environment each app
 * line gets comes from bash itself (not from reading the text), and every app must accept it,
 * with the broker and the PostgreSQL URLs it names. (Running the apps is what
 * `npm run dev:distributed` does; its router is tested in test/dev-router.e2e.spec.ts.)
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Distributed mode'), readme.indexOf('\n## ', readme.indexOf('## Distributed mode') + 5));
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);

describe("the README's distributed mode", () => {
  it('starts with one command that package.json defines', () => {
    expect(blocks[0]).toMatch(/^npm run dev:distributed/m);
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['dev:distributed']).toContain('dist/apps/embedded/src/distributed.js');
  });

  it.each(APP_NAMES)('gives %s, started by hand as written, an environment it accepts, on Kafka and PostgreSQL', (app: AppName) => {
    const lines = blocks[1].split('\n').map((line) => line.replace(/\s+#.*$/, ''));
    const exports = lines.join('\n').match(/^export [\s\S]*?[^\\]\n/m)![0];
    const start = lines.find((line) => line.includes(`dist/apps/${app}/main.js`))!;
    // bash expands the lines exactly as pasted; the app's command is replaced by printing its environment.
    const script = `${exports}\n${start.replace(/node (?:--[\w-]+ )*dist\/apps\/\w+\/main\.js &$/, 'env')}`;
    const printed = execFileSync('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    const env = Object.fromEntries(printed.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const config = loadConfig(env, [app]);
    expect(config).toMatchObject({ apps: [app], bus: 'kafka', kafkaBrokers: ['127.0.0.1:19092'], ledger: 'sql', databaseSchema: app });
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
    expect(config.ledgerSqlUrl).toMatch(/^postgres:\/\//);
  });
});
