import { WINDOW_SIZE } from '@verilab/qubit-medic';
import { RedisRunCurricula, type RunCurriculumStore } from '../environments/curriculum-runs.ts';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { RedisConnection } from '../episodes/redis-connection.ts';
import { startTestServer, testPhysics, type TestServer } from './test-server.ts';

/**
 * Test support: a loopback server hosting Qubit-Medic on the test physics, whose runs' curricula
 * go to `store`; `log` receives the store's failures (a test passes `expect.fail` or collects
 * them), `clock` stands in for the server's time.
 */
export function startRunStoreServer(store: RunCurriculumStore, log: (line: string) => void, clock?: () => number): Promise<TestServer> {
  return startTestServer({ ...(clock === undefined ? {} : { clock }), environments: [createQubitMedicHost({ physics: testPhysics(), runStore: { store, log } })] });
}

/** Test support: a run store in the redis-server on loopback `port`, as a replica keeps one. */
export function redisRunStore(port: number, log: (line: string) => void): RedisRunCurricula {
  return new RedisRunCurricula(new RedisConnection({ host: '127.0.0.1', port }, 2_000), WINDOW_SIZE, log);
}
