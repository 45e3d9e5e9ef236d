import { daemonsAvailable, startNginx, startRedis, type Daemon } from '@verilab/openenv/testing/loopback-daemons';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServe, type ServeProcess } from '../testing/serve-process.ts';

// The scale-out topology of deploy/ for real: Redis as the shared replay store, three
// `verilab serve` replicas behind nginx round-robin, and a client playing 1,000 episodes
// through nginx. Each token is accepted once, replays are refused on every replica and after a
// restart, and a replica killed mid-run costs no accepted episode.
const KEY = Buffer.alloc(32, 77).toString('base64');
const EPISODES = 1_000;
const CONCURRENCY = 12;
const ACTION = { raw_response: 'X_ERRORS=[] Z_ERRORS=[]', metadata: {} };
const daemons = daemonsAvailable(['redis-server', 'nginx']);

interface Reply {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  readonly json: any;
}

/** A POST, or `undefined` when the connection failed (the reply, if any, was lost). */
async function post(url: string, body: unknown): Promise<Reply | undefined> {
  try {
    const response = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
    return { status: response.status, json: await response.json().catch(() => undefined) };
  } catch {
    return undefined;
  }
}

const stepOn = (base: string, episode_id: string) => post(`${base}/step`, { action: { ...ACTION, episode_id } });

describe.skipIf(daemons.skip)(`replicas behind nginx sharing a Redis replay store${daemons.skip ? ` (skipped: ${daemons.missing})` : ''}`, () => {
  let redis: Daemon;
  let nginx: Daemon;
  const replicas: ServeProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    if (daemons.missing !== undefined) throw new Error(daemons.missing);
    redis = await startRedis();
    env = { VERILAB_TOKEN_KEY: KEY, VERILAB_REPLAY_STORE: `redis://127.0.0.1:${redis.port}` };
    replicas.push(...(await Promise.all([spawnServe(env), spawnServe(env), spawnServe(env)])));
    nginx = await startNginx(replicas.map((replica) => new URL(replica.url).host));
  }, 40_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(replicas.map((replica) => replica.stop()));
    await redis?.stop();
  });

  it('accepts each of 1,000 episodes once, refuses replays everywhere and after a restart, and loses none to a killed replica', async () => {
    const balancer = `http://127.0.0.1:${nginx.port}`;
    const accepted = new Map<string, number>();
    const seeds = new Set<number>();
    let lostInFlight = 0;
    let resent = 0;
    let killed = false;
    const victim = replicas[1] as ServeProcess;

    // A client as a trainer writes one: reset, step once; a step whose reply never came is sent
    // again (through the balancer, so to another replica); "already stepped" then means the
    // dead replica had claimed the episode, so it was never accepted and the client plays another.
    const playOne = async (): Promise<void> => {
      for (;;) {
        const reset = await post(`${balancer}/reset`, {});
        if (reset?.status !== 200) {
          resent++;
          continue;
        }
        const token: string = reset.json.observation.episode_id;
        for (;;) {
          const stepped = await stepOn(balancer, token);
          if (stepped === undefined || stepped.status === 502 || stepped.status === 504) {
            resent++;
            continue;
          }
          if (stepped.status === 200) {
            accepted.set(token, (accepted.get(token) ?? 0) + 1);
            seeds.add(stepped.json.observation.info.seed);
            return;
          }
          expect([stepped.status, stepped.json.detail]).toEqual([400, expect.stringMatching(/already stepped/)]);
          lostInFlight++;
          break;
        }
      }
    };
    let started = 0;
    const worker = async (): Promise<void> => {
      while (started < EPISODES) {
        started++;
        if (!killed && accepted.size >= EPISODES / 3) {
          killed = true;
          victim.child.kill('SIGKILL');
        }
        await playOne();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    expect(killed).toBe(true);
    expect(accepted.size).toBe(EPISODES);
    expect([...accepted.values()].every((count) => count === 1)).toBe(true);
    // Distinct episodes, not one replayed: seeds are drawn per reset.
    expect(seeds.size).toBeGreaterThan(EPISODES * 0.99);
    process.stderr.write(`scale-out: ${EPISODES} episodes accepted, ${resent} requests sent again after a lost reply, ${lostInFlight} steps in flight on the killed replica refused as spent\n`);
    // At most one step per worker was in flight on the killed replica.
    expect(lostInFlight).toBeLessThanOrEqual(CONCURRENCY);

    // Replays of accepted tokens, on each surviving replica directly, through the balancer, and
    // on the killed replica restarted with the same key and store.
    // On its old port, so the balancer sends it traffic again.
    const restarted = await spawnServe(env, ['--port', new URL(victim.url).port]);
    replicas[1] = restarted;
    const tokens = [...accepted.keys()];
    for (const base of [replicas[0]!.url, replicas[2]!.url, restarted.url, balancer]) {
      const sample = base === balancer ? tokens : tokens.filter((_, i) => i % 25 === 0);
      const replies: (Reply | undefined)[] = [];
      for (let i = 0; i < sample.length; i += 50) replies.push(...(await Promise.all(sample.slice(i, i + 50).map((token) => stepOn(base, token)))));
      expect(replies.map((reply) => [reply?.status, reply?.json?.detail]), base).toEqual(sample.map(() => [400, expect.stringMatching(/already stepped/)]));
    }
    // The restarted replica plays new episodes as before.
    const fresh = await post(`${restarted.url}/reset`, {});
    expect((await stepOn(restarted.url, fresh?.json.observation.episode_id))?.status).toBe(200);
  }, 60_000);
});
