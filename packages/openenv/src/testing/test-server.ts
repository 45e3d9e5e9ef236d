import { unwrap } from '@verilab/core';
import { createPhysicsCache, type Level, type LevelPhysics } from '@verilab/qubit-medic';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import type { HostedEnvironment } from '../hosted-environment.ts';
import type { Hono } from 'hono';
import { createServerApp } from '../http/server-app.ts';
import { startServer, type RunningServer } from '../node/start-server.ts';
import { loadServerConfig, type ServerConfig } from '../server-config.ts';
import { createRuntime, type ServerRuntime } from '../server-runtime.ts';
import { httpClient, type HttpClient } from './http-client.ts';

/**
 * Test support: the server's Hono app called through `app.request()`, or servers on loopback
 * with ephemeral ports where a test needs sockets. Every test gets its physics from
 * `testPhysics` (the real QEC core), shared across servers of one test file so each level is
 * built once.
 */
const shared = createPhysicsCache();
export const testPhysics = (): ((level: Level) => LevelPhysics) => shared;

/** A fixed key, so tests can open tokens and start second servers that share it. */
export const TEST_TOKEN_KEY = Buffer.alloc(32, 7).toString('base64');

export function testConfig(env: Record<string, string> = {}): ServerConfig {
  const loaded = loadServerConfig({ VERILAB_TOKEN_KEY: TEST_TOKEN_KEY, ...env }, { host: '127.0.0.1', port: 0 });
  return unwrap(loaded);
}

export interface TestServer extends RunningServer {
  readonly runtime: ServerRuntime;
  readonly wsUrl: string;
}

export interface TestServerOptions {
  readonly env?: Record<string, string>;
  readonly environments?: readonly HostedEnvironment[];
  readonly physics?: (level: Level) => LevelPhysics;
  readonly clock?: () => number;
}

/** The runtime a test server (or test app) serves: Qubit-Medic on the test physics unless told otherwise. */
export function testRuntime(options: TestServerOptions = {}): ServerRuntime {
  const config = testConfig(options.env);
  const environments = options.environments ?? [createQubitMedicHost({ physics: options.physics ?? testPhysics() })];
  return createRuntime({ config, environments, ...(options.clock === undefined ? {} : { clock: options.clock }) });
}

/** A real server on a loopback port, for tests of sockets (WebSocket, MCP over Streamable HTTP, the Node adapter). */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const runtime = testRuntime(options);
  const running = await startServer({ runtime });
  return { ...running, runtime, wsUrl: running.url.replace(/^http/, 'ws') };
}

export interface TestApp {
  readonly app: Hono;
  readonly runtime: ServerRuntime;
  /** HTTP calls through `app.request()`, no socket; `prefix` is a mount such as `/envs/physix`. */
  client(prefix?: string): HttpClient;
}

/** The server's Hono app without a socket, for tests of HTTP routes. */
export function createTestApp(options: TestServerOptions = {}): TestApp {
  const runtime = testRuntime(options);
  const app = createServerApp(runtime);
  return { app, runtime, client: (prefix = '') => httpClient(`http://localhost${prefix}`, (url, init) => app.request(url, init)) };
}
