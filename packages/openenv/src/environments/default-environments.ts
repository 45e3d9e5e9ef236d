import { CURRICULUM, PRIMARY_LEVEL, WINDOW_SIZE } from '@verilab/qubit-medic';
import { sharedRedis } from '../episodes/shared-redis.ts';
import type { HostedEnvironment } from '../hosted-environment.ts';
import type { ServerConfig } from '../server-config.ts';
import { llmPolicyOf } from '../llm/llm-policy.ts';
import { createPhysixHost } from './physix-host.ts';
import { RedisRunCurricula, type RunCurriculumStore } from './curriculum-runs.ts';
import { createQubitMedicHost } from './qubit-medic-host.ts';
import { buildServerLevelPhysics } from './server-level-physics.ts';
import { workerPhysicsSource } from './worker-physics.ts';

/**
 * The environments `verilab serve` hosts, with the real physics: Qubit-Medic and PhysiX. The
 * first levels a trainer uses (L1, L2) are built before the server listens, as the original
 * pre-warmed them, so the first episodes are as fast as the rest; custom levels are built in
 * worker threads (worker-physics.ts), which HTTP requests wait for.
 */
export function defaultEnvironments(config: ServerConfig): HostedEnvironment[] {
  const physics = workerPhysicsSource({ build: buildServerLevelPhysics, budgetBytes: config.levelCacheBytes });
  for (const level of CURRICULUM.slice(0, CURRICULUM.findIndex((l) => l.name === PRIMARY_LEVEL) + 1)) physics(level);
  const llm = llmPolicyOf(config);
  const qubitMedic = createQubitMedicHost({ physics, prepare: physics.prepare, whenReady: physics.whenReady, maxDetectors: config.maxLevelDetectors, llm, exposeDecoder: config.exposeDecoder, compat: config.compat, ...(config.agentSeeds ? {} : { agentRun: config.agentRunId }), ...sharedRuns(config) });
  return [
    qubitMedic,
    createPhysixHost({ llm, sessions: { max: config.maxSessions, idleMs: config.sessionIdleSeconds * 1000 } }),
  ];
}

/** With a shared replay store, training runs' curricula are shared through the same Redis. */
function sharedRuns(config: ServerConfig): { runStore?: { store: RunCurriculumStore; log: (line: string) => void } } {
  const redis = sharedRedis(config);
  if (redis === undefined) return {};
  const log = (line: string) => process.stderr.write(`${line}\n`);
  return { runStore: { store: new RedisRunCurricula(redis, WINDOW_SIZE, log), log } };
}
