import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds dist/ once if a test run finds it missing (CI builds before testing). */
export function ensureBuilt(): void {
  if (existsSync(resolve(repo, 'dist/apps/intake/main.js'))) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'inherit' });
}

export async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** One app started as its own process, `node dist/apps/<app>/main.js`, as an operator would. */
export class AppProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> | null = null;

  constructor(
    readonly app: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where the process's stdout and stderr go. */
  get logPath(): string {
    return resolve(this.logDir, `${this.app}.log`);
  }

  async start(): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    const log = createWriteStream(this.logPath, { flags: 'a' });
    const child = spawn(process.execPath, [resolve(repo, `dist/apps/${this.app}/main.js`)], {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', ...this.env, HUSTINGS_APPS: this.app, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    await waitUntil(`${this.app} ready on ${this.url}`, async () => {
      if (child.exitCode !== null) throw new Error(`${this.app} exited with ${child.exitCode}; see ${this.logPath}`);
      return (await fetch(`${this.url}/health/ready`)).status === 200;
    }, 60_000, 250);
  }

  /** SIGKILL: no drain, no commit; the next owner of its partitions gets the work again. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }

  /** SIGTERM and the exit code of the graceful shutdown. */
  async stop(): Promise<number | null> {
    if (!this.child) return null;
    this.child.kill('SIGTERM');
    const code = await this.exited;
    this.child = null;
    return code;
  }
}

/** A broker of the test's own (deploy/kafka.sh with KAFKA_INSTANCE), so stopping it disturbs no other test. */
export class KafkaInstance {
  constructor(
    readonly name: string,
    readonly port: number,
  ) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  private run(command: 'start' | 'stop' | 'clean'): void {
    execFileSync('bash', [resolve(repo, 'deploy/kafka.sh'), command], {
      env: { ...process.env, KAFKA_INSTANCE: this.name, KAFKA_PORT: String(this.port), KAFKA_CONTROLLER_PORT: String(this.port + 1) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  start(): void {
    this.run('start');
  }

  stop(): void {
    this.run('stop');
  }

  /** Stops the broker and deletes everything of this instance but the shared jars. */
  remove(): void {
    this.run('clean');
    rmSync(resolve(repo, '.cache/kafka/instances', this.name), { recursive: true, force: true });
  }
}
