import { createPhysicsCache, type Level, type LevelPhysics } from '@verilab/qubit-medic';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import type { HostedEnvironment } from '../hosted-environment.ts';
import { startServer, type RunningServer } from '../node/start-server.ts';
import { loadServerConfig, type ServerConfig } from '../server-config.ts';
import { createRuntime, type ServerRuntime } from '../server-runtime.ts';

/**
 * Test support: servers on loopback with ephemeral ports. Every test gets its physics from
 * `testPhysics` (the real QEC core), shared across servers of one test file so each level is
 * built once.
 */
const shared = createPhysicsCache();
export const testPhysics = (): ((level: Level) => LevelPhysics) => shared;

/** A fixed key, so tests can open tokens and start second servers that share it. */
export const TEST_TOKEN_KEY = Buffer.alloc(32, 7).toString('base64');

export function testConfig(env: Record<string, string> = {}): ServerConfig {
  const loaded = loadServerConfig({ VERILAB_TOKEN_KEY: TEST_TOKEN_KEY, ...env }, { host: '127.0.0.1', port: 0 });
  if (!loaded.ok) throw new Error(loaded.issues.join('\n'));
  return loaded.config;
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

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = testConfig(options.env);
  const environments = options.environments ?? [createQubitMedicHost({ physics: options.physics ?? testPhysics() })];
  const runtime = createRuntime({ config, environments, ...(options.clock === undefined ? {} : { clock: options.clock }) });
  const running = await startServer({ runtime });
  return { ...running, runtime, wsUrl: running.url.replace(/^http/, 'ws') };
}
