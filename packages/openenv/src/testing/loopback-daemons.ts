import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisConnection } from '../episodes/redis-connection.ts';

/**
 * Test support: Debian's `redis-server` and `nginx` as real child processes on loopback, each on
 * a free port with its files in a temporary directory. A machine without them skips the tests
 * that need them, except under CI (CI=true), where `.ci/run` installs them: there a missing
 * daemon fails the test instead of letting it pass by skipping.
 */
export interface DaemonAvailability {
  /** Why the daemons cannot run (undefined: they can). */
  readonly missing: string | undefined;
  readonly skip: boolean;
}

type DaemonName = 'redis-server' | 'nginx';

/** The daemon's command: on the PATH, else where Debian installs it (/usr/sbin is not on every user's PATH). */
function command(name: DaemonName): string | undefined {
  return [name, `/usr/sbin/${name}`, `/usr/bin/${name}`].find((candidate) => spawnSync(candidate, ['-v'], { stdio: 'ignore' }).error === undefined);
}

export function daemonsAvailable(names: readonly DaemonName[]): DaemonAvailability {
  const absent = names.filter((name) => command(name) === undefined);
  const missing = absent.length === 0 ? undefined : `${absent.join(' and ')} not installed (apt-get install redis-server nginx; .ci/run does)`;
  return { missing, skip: missing !== undefined && process.env['CI'] !== 'true' };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Daemon {
  readonly port: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

function daemon(name: DaemonName, args: readonly string[], port: number, directory: string): Daemon {
  const child = spawn(command(name) ?? name, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Retries `probe` every 50 ms until it succeeds or 10 s pass. */
async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not start within 10 s`);
}

/** A Redis with no persistence, answering PING before this returns. */
export async function startRedis(): Promise<Daemon> {
  const directory = mkdtempSync(join(tmpdir(), 'verilab-redis-'));
  const port = await freePort();
  const redis = daemon('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', directory, '--save', '', '--appendonly', 'no'], port, directory);
  await until(`redis-server on port ${port}`, async () => {
    const connection = new RedisConnection({ host: '127.0.0.1', port }, 1_000);
    try {
      return (await connection.command(['PING'])) === 'PONG';
    } finally {
      connection.close();
    }
  });
  return redis;
}

/**
 * nginx in the foreground, balancing round-robin over `upstreams` (host:port). Like nginx's
 * default, a request is passed to the next upstream only when the connection to one fails
 * before the request was sent; a POST that reached a replica is never re-sent by nginx.
 */
export async function startNginx(upstreams: readonly string[]): Promise<Daemon> {
  const directory = mkdtempSync(join(tmpdir(), 'verilab-nginx-'));
  const port = await freePort();
  const config = `
daemon off;
worker_processes 1;
pid ${directory}/nginx.pid;
error_log ${directory}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${directory}/body;
  proxy_temp_path ${directory}/proxy;
  fastcgi_temp_path ${directory}/fastcgi;
  uwsgi_temp_path ${directory}/uwsgi;
  scgi_temp_path ${directory}/scgi;
  upstream verilab { ${upstreams.map((upstream) => `server ${upstream} max_fails=1 fail_timeout=2s;`).join(' ')} keepalive 32; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://verilab;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_connect_timeout 1s;
    }
  }
}
`;
  writeFileSync(join(directory, 'nginx.conf'), config);
  const nginx = daemon('nginx', ['-c', join(directory, 'nginx.conf'), '-p', directory], port, directory);
  await until(`nginx on port ${port}`, async () => (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1_000) })).status === 200);
  return nginx;
}
