import { WINDOW_SIZE } from '@verilab/qubit-medic';
import { describe, expect, it } from 'vitest';
import { RedisConnection } from '../episodes/redis-connection.ts';
import { daemonsAvailable, startRedis } from '../testing/loopback-daemons.ts';
import { reset, step, trueAnswer } from '../testing/agent-policies.ts';
import { mapEntriesVisited } from '../testing/map-visits.ts';
import { httpMcp } from '../testing/mcp-transports.ts';
import { MemoryRunStore } from '../testing/memory-run-store.ts';
import { startRunStoreServer } from '../testing/run-store-server.ts';
import { CurriculumRuns, PENDING_MAX, RedisRunCurricula, UNANSWERED, type RunCurriculumStore } from './curriculum-runs.ts';

// A run holds at most PENDING_MAX sessionless episodes pending: a reset past it first settles the
// run's earliest-deadline episode as unanswered, so resets nobody answers hold bounded memory, in
// process and in the store, and replicas pending at once agree on what was settled.
const RUN = 'mcp-agents'; // the agents' run (VERILAB_AGENT_RUN_ID's default)
const OVERFLOW = 5;
const NOW = 0;

/** Episode i: at L1 when i is even, L2 when odd, its deadline i ms after 10 s, so e0..e4 come first. */
const episode = (i: number) => ({ level: i % 2 === 0 ? 'L1_warmup' : 'L2_target', id: `e${i}`, answerBy: 10_000 + i });

/** PENDING_MAX + OVERFLOW resets, spread over the replicas in turn. */
function flood(replicas: readonly CurriculumRuns[]): void {
  for (let i = 0; i < PENDING_MAX + OVERFLOW; i++) {
    const { level, id, answerBy } = episode(i);
    replicas[i % replicas.length]!.pend(RUN, level, { id, answerBy });
  }
}

const stats = (runs: CurriculumRuns) => {
  const all = runs.of(RUN, NOW).stats();
  return { l1: all['L1_warmup'], l2: all['L2_target'] };
};

const silent = (store: RunCurriculumStore) => ({ store, log: (line: string) => expect.fail(line) });

describe('pending episodes of a run, at most PENDING_MAX', () => {
  it('settle the earliest-deadline ones as unanswered past the cap, once, here and in the store; an answer to one of them leaves the run', () => {
    const store = new MemoryRunStore();
    const runs = new CurriculumRuns(2, silent(store));
    flood([runs]);
    expect(store.pending(RUN, 'L1_warmup').size + store.pending(RUN, 'L2_target').size).toBe(PENDING_MAX);
    // e0, e2, e4 at L1 and e1, e3 at L2 were settled, nothing else.
    expect(store.entries(RUN, 'L1_warmup')).toEqual([UNANSWERED, UNANSWERED, UNANSWERED]);
    expect(store.entries(RUN, 'L2_target')).toEqual([UNANSWERED, UNANSWERED]);
    expect(stats(runs)).toEqual({ l1: { movingMean: 0, samples: 3 }, l2: { movingMean: 0, samples: 2 } });
    expect([0, 1, 4, 5].map((i) => runs.isPending(RUN, episode(i).level, `e${i}`))).toEqual([false, false, false, true]);

    // An answer to an episode the cap settled changes nothing; one to a pending episode counts.
    runs.settleAnswer(RUN, 'L1_warmup', 'e0', 1);
    expect(stats(runs)).toEqual({ l1: { movingMean: 0, samples: 3 }, l2: { movingMean: 0, samples: 2 } });
    expect(store.entries(RUN, 'L1_warmup')).toEqual([UNANSWERED, UNANSWERED, UNANSWERED]);
    runs.settleAnswer(RUN, 'L2_target', 'e5', 1);
    expect(stats(runs).l2).toEqual({ movingMean: 1 / 3, samples: 3 });
    expect(store.entries(RUN, 'L2_target')).toEqual([UNANSWERED, UNANSWERED, 1]);
  });

  it('hold in process without a store', () => {
    const runs = new CurriculumRuns(2);
    flood([runs]);
    expect(stats(runs)).toEqual({ l1: { movingMean: 0, samples: 3 }, l2: { movingMean: 0, samples: 2 } });
    runs.settleAnswer(RUN, 'L1_warmup', 'e2', 1);
    expect(stats(runs).l1).toEqual({ movingMean: 0, samples: 3 });
  });

  it('hold in a store two replicas pend into, neither reading the run back (each knows half)', () => {
    const store = new MemoryRunStore();
    flood([new CurriculumRuns(2, silent(store)), new CurriculumRuns(2, silent(store))]);
    expect(store.pending(RUN, 'L1_warmup').size + store.pending(RUN, 'L2_target').size).toBe(PENDING_MAX);
    expect([...store.entries(RUN, 'L1_warmup'), ...store.entries(RUN, 'L2_target')]).toEqual(Array<string>(OVERFLOW).fill(UNANSWERED));
  });
});

describe('the work of a read or reset of a run with pending episodes', () => {
  const TIMES = 150;
  /** Far below PENDING_MAX: what settling one episode may visit (the run's windows, its scheduler), not a scan of the pending ones. */
  const PER_SETTLED = 64;
  const pended = (count: number) => {
    const runs = new CurriculumRuns(2);
    for (let i = 0; i < count; i++) runs.pend(RUN, episode(i).level, episode(i));
    return runs;
  };
  const reads = (runs: CurriculumRuns) =>
    mapEntriesVisited(() => {
      for (let i = 0; i < TIMES; i++) runs.of(RUN, NOW);
    });

  it('does not grow with how many are pending: a read touches only the overdue ones, a reset at the cap only the one it settles', () => {
    const [few, full] = [pended(1), pended(PENDING_MAX)];
    expect(reads(full)).toBe(reads(few));

    // The first 10 deadlines pass: the read that settles them visits no more than settling 10 may.
    expect(mapEntriesVisited(() => full.of(RUN, episode(9).answerBy))).toBeLessThan(10 * PER_SETTLED);
    expect(stats(full)).toEqual({ l1: { movingMean: 0, samples: 5 }, l2: { movingMean: 0, samples: 5 } });

    const overflowing = mapEntriesVisited(() => {
      for (let i = PENDING_MAX; i < PENDING_MAX + 10 + TIMES; i++) full.pend(RUN, episode(i).level, episode(i));
    });
    expect(overflowing).toBeLessThan(TIMES * PER_SETTLED);
    expect(stats(full)).toEqual({ l1: { movingMean: 0, samples: 5 + TIMES / 2 }, l2: { movingMean: 0, samples: 5 + TIMES / 2 } });
  });
});

describe('a sessionless agent whose episode the cap settled', () => {
  it('is scored for its answer, and the run keeps the unanswered 0', async () => {
    const now = Date.now();
    const store = new MemoryRunStore();
    const server = await startRunStoreServer(store, (line) => expect.fail(line), () => now);
    try {
      // The run has PENDING_MAX - 1 episodes pending at L2, due after any the agent's resets pend.
      const later = now + server.runtime.config.sessionIdleSeconds * 1000 + 1;
      for (let i = 0; i < PENDING_MAX - 1; i++) store.pend(RUN, 'L2_target', { id: `later${i}`, answerBy: later + i }, ['L2_target']);
      const first = await reset(httpMcp(server.url));
      expect(first.curriculum_level).toBe('L1_warmup');
      await reset(httpMcp(server.url)); // one past the cap: the first, due earliest, is settled
      expect(store.entries(RUN, 'L1_warmup')).toEqual([UNANSWERED]);
      expect(store.entries(RUN, 'L2_target')).toEqual([]);

      const token = first.episode_id as string;
      const answered = await step(httpMcp(server.url), token, trueAnswer(server.runtime, token));
      expect(answered.info.rewards.logical_correction).toBe(1);
      expect(answered.info.curriculum_stats['L1_warmup']).toEqual({ moving_mean: 0, samples: 1 });
      expect(store.entries(RUN, 'L1_warmup')).toEqual([UNANSWERED]);
    } finally {
      await server.close();
    }
  });
});

const redisState = daemonsAvailable(['redis-server']);

describe.skipIf(redisState.skip)(`pending episodes in Redis${redisState.skip ? ` (skipped: ${redisState.missing})` : ''}`, () => {
  it('stay at most PENDING_MAX however two replicas pend, the overflow settled as exactly that many unanswered; an answer to one leaves the run', async () => {
    if (redisState.missing !== undefined) throw new Error(redisState.missing);
    const redis = await startRedis();
    const log: string[] = [];
    const connections = [0, 1, 2].map(() => new RedisConnection({ host: '127.0.0.1', port: redis.port }, 2_000));
    const stores = connections.slice(0, 2).map((connection) => new RedisRunCurricula(connection, WINDOW_SIZE, (line) => log.push(line)));
    const [a, b] = stores.map((store) => new CurriculumRuns(2, { store, log: (line) => log.push(line) }));
    const reader = connections[2]!;
    // A store's read comes after every write it was given before (re-sent ones included: a fresh Redis has no scripts yet).
    const sent = () => Promise.all(stores.map((store) => store.load(RUN, ['L1_warmup'])));
    const settled = async (level: string) => (await reader.command(['LRANGE', `verilab:run:${RUN}:${level}`, '0', '-1'])) as string[];
    const pendingCount = async () =>
      (await Promise.all(['L1_warmup', 'L2_target'].map((level) => reader.command(['ZCARD', `verilab:run-pending:${RUN}:${level}`])))).reduce<number>((sum, count) => sum + Number(count), 0);
    try {
      flood([a!, b!]);
      await sent();
      expect(await pendingCount()).toBe(PENDING_MAX);
      expect(await settled('L1_warmup')).toEqual([UNANSWERED, UNANSWERED, UNANSWERED]);
      expect(await settled('L2_target')).toEqual([UNANSWERED, UNANSWERED]);

      // e0 was settled by the cap: its answer (on the replica that pended it) leaves the run; e5's counts.
      a!.settleAnswer(RUN, 'L1_warmup', 'e0', 1);
      b!.settleAnswer(RUN, 'L2_target', 'e5', 1);
      await sent();
      expect(await settled('L1_warmup')).toEqual([UNANSWERED, UNANSWERED, UNANSWERED]);
      expect(await settled('L2_target')).toEqual([UNANSWERED, UNANSWERED, '1']);
      expect(await pendingCount()).toBe(PENDING_MAX - 1);
      await b!.refresh(RUN);
      expect(stats(b!)).toEqual({ l1: { movingMean: 0, samples: 3 }, l2: { movingMean: 1 / 3, samples: 3 } });
      expect(log).toEqual([]);
    } finally {
      for (const connection of connections) connection.close();
      await redis.stop();
    }
  });
});
