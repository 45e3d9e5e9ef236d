import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daemonsAvailable, startRedis, type Daemon } from '../testing/loopback-daemons.ts';
import { RedisConnection } from './redis-connection.ts';
import { redisScript, RedisScripts } from './redis-scripts.ts';

// Scripts sent by digest to a real redis-server on loopback, which another connection empties
// of scripts (SCRIPT FLUSH) while calls are on the wire, as a restart or failover would.
const redisState = daemonsAvailable(['redis-server']);

const APPEND = redisScript("redis.call('RPUSH', KEYS[1], ARGV[1])");
const APPEND_TAGGED = redisScript("redis.call('RPUSH', KEYS[1], 'tagged ' .. ARGV[1])");

/** How many times Redis ran `command` (INFO commandstats). */
async function calls(connection: RedisConnection, command: string): Promise<number> {
  const stats = String(await connection.command(['INFO', 'commandstats']));
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
}

describe.skipIf(redisState.skip)(`Redis scripts by digest${redisState.skip ? ` (skipped: ${redisState.missing})` : ''}`, () => {
  let redis: Daemon;
  let admin: RedisConnection;
  const opened: RedisConnection[] = [];
  const connect = () => {
    const connection = new RedisConnection({ host: '127.0.0.1', port: redis.port }, 10_000);
    opened.push(connection);
    return connection;
  };
  beforeAll(async () => {
    if (redisState.missing !== undefined) throw new Error(redisState.missing);
    redis = await startRedis();
    admin = connect();
  }, 20_000);
  afterAll(async () => {
    for (const connection of opened) connection.close();
    await redis.stop();
  });

  it('sends a script in full only when Redis lacks it: once loaded, every call is EVALSHA', async () => {
    const scripts = new RedisScripts(connect(), [APPEND, APPEND_TAGGED]);
    await scripts.call(APPEND, ['loaded'], ['first']);
    const [evals, evalshas] = [await calls(admin, 'eval'), await calls(admin, 'evalsha')];
    await Promise.all(Array.from({ length: 100 }, (_, i) => scripts.call(i % 2 === 0 ? APPEND : APPEND_TAGGED, ['loaded'], [String(i)])));
    expect(await calls(admin, 'eval')).toBe(evals);
    expect(await calls(admin, 'evalsha')).toBe(evalshas + 100);
    expect(await admin.command(['LLEN', 'loaded'])).toBe(101);
  });

  it('keeps the calls in the order issued, and reads after the calls before them, while Redis loses its scripts mid-stream', async () => {
    const scripts = new RedisScripts(connect(), [APPEND, APPEND_TAGGED]);
    const expected: string[] = [];
    const sent: Promise<unknown>[] = [];
    const reads: Promise<void>[] = [];
    for (let i = 0; i < 2_000; i++) {
      const tagged = i % 3 === 0;
      sent.push(scripts.call(tagged ? APPEND_TAGGED : APPEND, ['ordered'], [String(i)]));
      expected.push(tagged ? `tagged ${i}` : String(i));
      // Not awaited: the flush lands while calls are on the wire, between two of them.
      if (i % 250 === 100) void admin.command(['SCRIPT', 'FLUSH']);
      if (i % 250 === 200) {
        const before = expected.length;
        reads.push(scripts.read([['LLEN', 'ordered']]).then(([length]) => expect(length).toBeGreaterThanOrEqual(before)));
      }
      // Let some replies come back, so later calls meet both a restoring and a restored store.
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all([...sent, ...reads]);
    const [list] = await scripts.read([['LRANGE', 'ordered', '0', '-1']]);
    expect(list).toEqual(expected);
    // Loaded again after the last flush: calls are back to EVALSHA.
    const evals = await calls(admin, 'eval');
    await scripts.call(APPEND, ['ordered'], ['after']);
    expect(await calls(admin, 'eval')).toBe(evals);
  });
});
