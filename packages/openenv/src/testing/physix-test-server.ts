import { getSystem, groundTruthAction, instantiate } from '@verilab/physix';
import { createPhysixHost, type PhysixHostOptions } from '../environments/physix-host.ts';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { llmPolicyOf, type LlmPolicy } from '../llm/llm-policy.ts';
import type { HostedEnvironment } from '../hosted-environment.ts';
import { createTestApp, startTestServer, testConfig, testPhysics, type TestApp, type TestServer } from './test-server.ts';

/**
 * Test support: a server laid out as `verilab serve` lays it out (Qubit-Medic at the root,
 * PhysiX under /envs/physix), with both hosts' LLM policy, session limits, clock and
 * fetch open to the test.
 */
export interface PhysixTestServerOptions {
  readonly llm?: Partial<LlmPolicy>;
  readonly sessions?: PhysixHostOptions['sessions'];
  readonly clock?: () => number;
  readonly fetch?: PhysixHostOptions['fetch'];
  /** Server environment variables (e.g. `VERILAB_REPLAY_FILE`). */
  readonly env?: Record<string, string>;
}

export async function startPhysixTestServer(options: PhysixTestServerOptions = {}): Promise<TestServer> {
  return startTestServer({ ...(options.env === undefined ? {} : { env: options.env }), environments: bothHosts(options) });
}

/** The same layout as an app called through `app.request()`, for tests that need no socket. */
export function createPhysixTestApp(options: PhysixTestServerOptions = {}): TestApp {
  return createTestApp({ ...(options.env === undefined ? {} : { env: options.env }), environments: bothHosts(options) });
}

function bothHosts(options: PhysixTestServerOptions): HostedEnvironment[] {
  const llm = { ...llmPolicyOf(testConfig()), ...options.llm };
  const physix = createPhysixHost({
    llm,
    sessions: options.sessions ?? { max: 16, idleMs: 600_000 },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  return [createQubitMedicHost({ physics: testPhysics(), llm, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) }), physix];
}

/** The hidden answer of an episode, for tests that play it to the end. */
export function truthOf(systemId: string, seed: number): { equation: string; params: Record<string, number> } {
  const { equation, params } = groundTruthAction(instantiate(getSystem(systemId)!, seed));
  return { equation, params };
}
