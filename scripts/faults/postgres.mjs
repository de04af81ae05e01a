// A PostgreSQL server of the fault suite's own: it restarts it under load, which the shared
// server on 5432 (other work uses it) must never suffer. initdb and pg_ctl from the distribution's
// binaries (/usr/lib/postgresql/<version>/bin, or PG_BIN), in a temporary folder, on a loopback
// port of its own, trust authentication; run as the `postgres` user when this process is root,
// since PostgreSQL refuses to run as root.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

function binDir() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/pg_ctl'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin; set PG_BIN');
  return join(root, versions[0], 'bin');
}

export class PrivatePostgres {
  constructor(port) {
    this.port = port;
    this.bin = binDir();
    this.dir = mkdtempSync(join(tmpdir(), 'hustings-chaos-pg-'));
    this.data = join(this.dir, 'data');
    this.asRoot = process.getuid?.() === 0;
  }

  get adminUrl() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  run(tool, args) {
    const [file, argv] = this.asRoot ? ['runuser', ['-u', 'postgres', '--', join(this.bin, tool), ...args]] : [join(this.bin, tool), args];
    return new Promise((resolve, reject) => {
      execFile(file, argv, { cwd: this.dir, encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(`${tool} ${args[0] ?? ''}: ${stderr || stdout || error.message}`)) : resolve(stdout)));
    });
  }

  async start() {
    if (this.asRoot) await new Promise((resolve, reject) => execFile('chown', ['postgres:postgres', this.dir], (e) => (e ? reject(e) : resolve())));
    await this.run('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    await this.up();
  }

  up() {
    // fsync off: the suite restarts the server, it never pulls the power; the host's disk is shared.
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c max_connections=200`;
    return this.run('pg_ctl', ['start', '-D', this.data, '-w', '-t', '60', '-l', join(this.dir, 'postgres.log'), '-o', options]);
  }

  /** A fast restart: every session is cut, the server comes back on the same port. */
  async restart() {
    await this.run('pg_ctl', ['stop', '-D', this.data, '-m', 'fast', '-w', '-t', '60']);
    await this.up();
  }

  async stop() {
    await this.run('pg_ctl', ['stop', '-D', this.data, '-m', 'immediate', '-w', '-t', '60']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
