import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../episodes/redis-connection.ts';
import { daemonsAvailable, startRedis, type Daemon } from '../testing/loopback-daemons.ts';
import { redisRunStore } from '../testing/run-store-server.ts';
import { UNANSWERED } from './curriculum-runs.ts';

// The run store's scripts on a real redis-server on loopback: sent in full once, then by digest,
// and still applied, in order, after Redis has lost them (SCRIPT FLUSH, as after a restart).
const redisState = daemonsAvailable(['redis-server']);
const LEVELS = ['L1_warmup', 'L2_target'];

describe.skipIf(redisState.skip)(`the Redis run store's scripts${redisState.skip ? ` (skipped: ${redisState.missing})` : ''}`, () => {
  let redis: Daemon;
  let admin: RedisConnection;
  beforeAll(async () => {
    if (redisState.missing !== undefined) throw new Error(redisState.missing);
    redis = await startRedis();
    admin = new RedisConnection({ host: '127.0.0.1', port: redis.port }, 10_000);
  }, 20_000);
  afterAll(async () => {
    admin.close();
    await redis.stop();
  });

  const evals = async () => Number(/cmdstat_eval:calls=(\d+)/.exec(String(await admin.command(['INFO', 'commandstats'])))?.[1] ?? 0);

  it('records, pends and settles by digest once Redis has the scripts, and keeps doing so in order after SCRIPT FLUSH', async () => {
    const log: string[] = [];
    const store = redisRunStore(redis.port, (line) => log.push(line));
    const run = 'digest-run';
    store.record(run, 'L1_warmup', 1);
    await store.load(run, LEVELS);
    const before = await evals();
    for (let i = 0; i < 50; i++) {
      store.pend(run, 'L2_target', { id: `e${i}`, answerBy: 1_000 + i }, LEVELS);
      store.settle(run, 'L2_target', `e${i}`, i % 2);
      store.record(run, 'L1_warmup', 0);
    }
    expect((await store.load(run, LEVELS))['L2_target']).toEqual({ settled: Array.from({ length: 50 }, (_, i) => i % 2), pending: [] });
    expect(await evals()).toBe(before);

    // Between calls, Redis loses its scripts: a pend and the settle right behind it still meet in order.
    await admin.command(['SCRIPT', 'FLUSH']);
    store.pend(run, 'L1_warmup', { id: 'late', answerBy: 2_000 }, LEVELS);
    store.settle(run, 'L1_warmup', 'late', UNANSWERED);
    store.pend(run, 'L1_warmup', { id: 'kept', answerBy: 3_000 }, LEVELS);
    const entries = await store.load(run, LEVELS);
    expect(entries['L1_warmup']).toEqual({ settled: [1, ...Array<number>(50).fill(0), UNANSWERED], pending: [{ id: 'kept', answerBy: 3_000 }] });
    expect(log).toEqual([]);
  });
});
