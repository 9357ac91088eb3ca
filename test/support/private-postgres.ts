import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './service-process';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL server of its own (initdb + pg_ctl in a temp folder, on a free loopback port),
 * for tests that stop and start the server: the machine's server, which other tests share, is never
 * touched. As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
    private readonly runAs: string | undefined,
  ) {}

  /** The superuser's URL (trust authentication, loopback only). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PrivatePostgres> {
    const bin = postgresBinDir();
    const runAs = process.getuid?.() === 0 ? 'postgres' : undefined;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'neodesk-private-pg-'));
    if (runAs !== undefined) {
      const { stdout } = await run('id', ['-u', runAs]);
      const { stdout: gid } = await run('id', ['-g', runAs]);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    const server = new PrivatePostgres(bin, dir, await freePort(), runAs);
    await server.exec('initdb', [
      '-D',
      server.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '--no-instructions',
      '-E',
      'UTF8',
    ]);
    await server.start();
    return server;
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      "-c listen_addresses='127.0.0.1'",
      `-c unix_socket_directories='${this.dir}'`,
      '-c fsync=off',
      '-c max_connections=40',
    ].join(' ');
    await this.exec('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      path.join(this.dir, 'server.log'),
      '-w',
      'start',
    ]);
  }

  /** A fast shutdown, as `pg_ctl stop` and service restarts do: sessions are ended with 57P01. */
  async stop(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  /** Stops the server if it runs and removes its folder. */
  async destroy(): Promise<void> {
    if (existsSync(path.join(this.dataDir, 'postmaster.pid'))) {
      await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const file = path.join(this.bin, tool);
    const [command, commandArgs] =
      this.runAs === undefined ? [file, args] : ['runuser', ['-u', this.runAs, '--', file, ...args]];
    await run(command, commandArgs, { cwd: this.dir, timeout: 60_000 });
  }
}

/** PG_BIN, or the newest /usr/lib/postgresql/<version>/bin, or the folder of pg_ctl on the PATH. */
function postgresBinDir(): string {
  if (process.env.PG_BIN !== undefined && process.env.PG_BIN !== '') {
    return process.env.PG_BIN;
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((version) => existsSync(path.join(root, version, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) {
      return path.join(root, versions[0], 'bin');
    }
  }
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    if (folder !== '' && existsSync(path.join(folder, 'initdb')) && existsSync(path.join(folder, 'pg_ctl'))) {
      return folder;
    }
  }
  throw new Error('This test needs the PostgreSQL server programs (initdb, pg_ctl): install them or set PG_BIN');
}
