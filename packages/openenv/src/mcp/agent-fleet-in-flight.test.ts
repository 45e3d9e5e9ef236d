import { WINDOW_SIZE } from '@verilab/qubit-medic';
import { afterAll, describe, expect, it } from 'vitest';
import { UNANSWERED } from '../environments/curriculum-runs.ts';
import { RedisConnection } from '../episodes/redis-connection.ts';
import { reset, step, trueAnswer } from '../testing/agent-policies.ts';
import { daemonsAvailable, startRedis } from '../testing/loopback-daemons.ts';
import { MemoryRunStore } from '../testing/memory-run-store.ts';
import { httpMcp } from '../testing/mcp-transports.ts';
import { redisRunStore, startRunStoreServer } from '../testing/run-store-server.ts';
import type { TestServer } from '../testing/test-server.ts';

// A sessionless agent's episode is pending in its run from its reset: in no window, so a fleet of
// agents thinking in parallel holds no level back. Were it a 0 until answered, 30 agents always
// in flight would hold 29 of L1's window at 0 whenever one resets, and the run could never reach
// L1's 0.8 promotion bar. Past its deadline (the session idle timeout) an unanswered episode
// counts 0, and an answer then is scored for the agent but leaves the run its 0.
const AGENT_RUN = 'mcp-agents';
const FLEET = 30;

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
type Json = any;

interface InFlight {
  readonly token: string;
  readonly level: string;
  readonly server: TestServer;
}

/**
 * FLEET agents answering with the truth, spread over `replicas` (sessionless POST /mcp): all reset
 * at once, then `turns` times the longest-waiting agent answers and resets again, so whenever an
 * agent resets the 29 others are in flight. Returns the levels the turns' resets drew and the
 * episodes left in flight.
 */
async function fleet(replicas: readonly TestServer[], turns: number): Promise<{ drawn: string[]; inFlight: InFlight[] }> {
  const start = async (server: TestServer): Promise<InFlight> => {
    const observation = await reset(httpMcp(server.url));
    return { token: observation.episode_id as string, level: observation.curriculum_level as string, server };
  };
  const inFlight = await Promise.all(Array.from({ length: FLEET }, (_, agent) => start(replicas[agent % replicas.length]!)));
  const drawn: string[] = [];
  for (let turn = 0; turn < turns; turn++) {
    const { token, server } = inFlight.shift()!;
    const answered = await step(httpMcp(server.url), token, trueAnswer(server.runtime, token));
    expect(answered.info.rewards.logical_correction).toBe(1);
    const next = await start(replicas[turn % replicas.length]!);
    drawn.push(next.level);
    inFlight.push(next);
  }
  return { drawn, inFlight };
}

/** An answer past its deadline: scored for the agent, and the run's statistics it shows. */
async function lateAnswer({ token, level, server }: InFlight): Promise<Json> {
  const stepped = await step(httpMcp(server.url), token, trueAnswer(server.runtime, token));
  expect(stepped.info.rewards.logical_correction).toBe(1);
  return stepped.info.curriculum_stats[level];
}

describe('a fleet of sessionless agents with their episodes in flight', () => {
  it('is promoted past L1 by its true answers; its episodes left unanswered count 0 once past the deadline, and a late answer leaves the 0', async () => {
    let now = Date.now();
    const store = new MemoryRunStore();
    const server = await startRunStoreServer(store, (line) => expect.fail(line), () => now);
    servers.push(server);
    // 30 answers promote L1 (30 samples at a mean of 1); the next 30 resets draw L2 70 % of the time.
    const { drawn, inFlight } = await fleet([server], 2 * FLEET);
    expect(drawn.slice(0, FLEET - 1).every((level) => level === 'L1_warmup')).toBe(true);
    expect(drawn.slice(FLEET)).toContain('L2_target');
    expect(store.entries(AGENT_RUN, 'L1_warmup')).not.toContain(UNANSWERED);

    // The agents leave: past the deadline the next read counts their 30 episodes 0, once.
    now += server.runtime.config.sessionIdleSeconds * 1000;
    await reset(httpMcp(server.url));
    const unanswered = () => ['L1_warmup', 'L2_target'].reduce((sum, level) => sum + store.entries(AGENT_RUN, level).filter((entry) => entry === UNANSWERED).length, 0);
    expect(unanswered()).toBe(FLEET);
    const late = inFlight.find((episode) => episode.level === 'L1_warmup')!;
    const settled = store.entries(AGENT_RUN, 'L1_warmup').slice(-WINDOW_SIZE);
    expect(await lateAnswer(late)).toEqual({ moving_mean: settled.filter((entry) => entry === 1).length / settled.length, samples: settled.length });
    expect(unanswered()).toBe(FLEET);
  }, 20_000);
});

const redisState = daemonsAvailable(['redis-server']);

describe.skipIf(redisState.skip)(`replicas sharing Redis${redisState.skip ? ` (skipped: ${redisState.missing})` : ''}`, () => {
  it("promote one fleet's run, and agree on its unanswered episodes: each counted once, a late answer leaving its 0", async () => {
    if (redisState.missing !== undefined) throw new Error(redisState.missing);
    const redis = await startRedis();
    const log: string[] = [];
    let now = Date.now();
    const replica = () => startRunStoreServer(redisRunStore(redis.port, (line) => log.push(line)), (line) => log.push(line), () => now);
    const replicas = await Promise.all([replica(), replica()]);
    const reader = new RedisConnection({ host: '127.0.0.1', port: redis.port }, 2_000);
    try {
      const { drawn, inFlight } = await fleet(replicas, 2 * FLEET);
      expect(drawn.slice(FLEET)).toContain('L2_target');
      const entries = async (level: string) => (await reader.command(['LRANGE', `verilab:run:${AGENT_RUN}:${level}`, '0', '-1'])) as string[];
      const unanswered = async () => (await Promise.all(['L1_warmup', 'L2_target'].map(entries))).flat().filter((entry) => entry === UNANSWERED).length;
      expect(await unanswered()).toBe(0);

      // Past the deadline both replicas read the run: every episode left in flight counts once.
      now += replicas[0]!.runtime.config.sessionIdleSeconds * 1000;
      await Promise.all(replicas.map((server) => reset(httpMcp(server.url))));
      await expect.poll(unanswered).toBe(FLEET);
      await Promise.all(replicas.map((server) => reset(httpMcp(server.url))));
      const late = inFlight.find((episode) => episode.level === 'L1_warmup')!;
      await lateAnswer(late);
      await reset(httpMcp(late.server.url)); // the late answer's commands are behind this read
      expect(await unanswered()).toBe(FLEET);
      expect(log).toEqual([]);
    } finally {
      reader.close();
      await Promise.all(replicas.map((server) => server.close()));
      await redis.stop();
    }
  }, 20_000);
});
