import { createLevelPhysics, CURRICULUM, PRIMARY_LEVEL } from '@verilab/qubit-medic';
import type { HostedEnvironment } from '../hosted-environment.ts';
import type { ServerConfig } from '../server-config.ts';
import { llmPolicyOf } from '../llm/llm-policy.ts';
import { createPhysixHost } from './physix-host.ts';
import { createQubitMedicHost } from './qubit-medic-host.ts';
import { workerPhysicsSource } from './worker-physics.ts';

/**
 * The environments `verilab serve` hosts, with the real physics: Qubit-Medic and PhysiX. The
 * first levels a trainer uses (L1, L2) are built before the server listens, as the original
 * pre-warmed them, so the first episodes are as fast as the rest; custom levels are built in
 * worker threads (worker-physics.ts).
 */
export function defaultEnvironments(config: ServerConfig): HostedEnvironment[] {
  const physics = workerPhysicsSource({ build: createLevelPhysics, budgetBytes: config.levelCacheBytes });
  for (const level of CURRICULUM.slice(0, CURRICULUM.findIndex((l) => l.name === PRIMARY_LEVEL) + 1)) physics(level);
  const llm = llmPolicyOf(config);
  return [
    createQubitMedicHost({ physics, prepare: physics.prepare, maxDetectors: config.maxLevelDetectors, llm, exposeDecoder: config.exposeDecoder, compat: config.compat }),
    createPhysixHost({ llm, sessions: { max: config.maxSessions, idleMs: config.sessionIdleSeconds * 1000 } }),
  ];
}
