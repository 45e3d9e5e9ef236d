import { unwrap } from '@verilab/core';
import { resolveLevel } from '@verilab/qubit-medic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../testing/http-client.ts';
import { startPhysixTestServer } from '../testing/physix-test-server.ts';
import { daemonsAvailable, startRedis } from '../testing/loopback-daemons.ts';
import { redisRunStore, startRunStoreServer } from '../testing/run-store-server.ts';
import { testPhysics, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';
import { MemoryRunStore } from '../testing/memory-run-store.ts';
import { CurriculumRuns, UNANSWERED } from './curriculum-runs.ts';

// Curriculum state belongs to a training run: two runs on one server, one answering every
// episode with the truth and one with garbage, each see only their own statistics and levels.
let server: TestServer;
beforeAll(async () => {
  server = await startPhysixTestServer();
});
afterAll(async () => {
  await server.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
type Json = any;

/** The true frame of an episode, which always corrects the observable. */
function truth(observation: Json): { parsed_x_errors: readonly number[]; parsed_z_errors: readonly number[] } {
  const shot = testPhysics()(unwrap(resolveLevel(observation.curriculum_level))).sample(observation.seed);
  return { parsed_x_errors: shot.trueFrame.x, parsed_z_errors: shot.trueFrame.z };
}

describe('curriculum per training run', () => {
  it('keeps interleaved HTTP runs apart: an all-correct run is promoted, an all-wrong one sees only its own failures', async () => {
    const api = httpClient(server.url);
    const play = async (run_id: string, seed: number, correct: boolean): Promise<Json> => {
      const reset = (await api.post('/reset', { seed, run_id })).json.observation;
      const answer = correct ? truth({ ...reset, seed }) : { raw_response: 'no idea' };
      const stepped = await api.post('/step', { action: { ...answer, episode_id: reset.episode_id } });
      expect(stepped.status, stepped.text).toBe(200);
      return stepped.json.observation;
    };
    const levels = { good: new Set<string>(), bad: new Set<string>() };
    let good: Json;
    let bad: Json;
    for (let i = 0; i < 40; i++) {
      good = await play('run-good', 1_000 + i, true);
      bad = await play('run-bad', 2_000 + i, false);
      levels.good.add(good.curriculum_level);
      levels.bad.add(bad.curriculum_level);
    }
    expect(good.info.rewards.logical_correction).toBe(1);
    expect(bad.info.curriculum_stats.L1_warmup).toEqual({ moving_mean: 0, samples: 40 });
    expect(good.info.curriculum_stats.L1_warmup.moving_mean).toBe(1);
    // Promoted past L1 after 30 correct episodes, it draws L2 too; the other run never leaves L1.
    for (let i = 0; i < 10; i++) levels.good.add((await api.post('/reset', { run_id: 'run-good' })).json.observation.curriculum_level);
    expect(levels.good.has('L2_target')).toBe(true);
    expect([...levels.bad]).toEqual(['L1_warmup']);

    // Without a run id an HTTP episode is a run of its own; HTTP state shows no run's curriculum.
    const anonymous = (await api.post('/reset', { seed: 7 })).json.observation;
    expect(anonymous.curriculum_level).toBe('L1_warmup');
    const alone = await api.post('/step', { action: { raw_response: 'no idea', episode_id: anonymous.episode_id } });
    expect(alone.json.observation.info.curriculum_stats.L1_warmup).toEqual({ moving_mean: 0, samples: 1 });
    expect((await api.get('/state')).json).not.toHaveProperty('curriculum');
  });

  it("shares a run's curriculum between its parallel sessions, and a session without one keeps its own", async () => {
    const [a, b, solo] = await Promise.all([connectWs(`${server.wsUrl}/ws`), connectWs(`${server.wsUrl}/ws`), connectWs(`${server.wsUrl}/ws`)]);
    const step = async (ws: typeof a, data: Record<string, unknown>): Promise<Json> => {
      await ws.request({ type: 'reset', data });
      return ((await ws.request({ type: 'step', data: { raw_response: 'no idea' } })) as Json).data.observation.info.curriculum_stats.L1_warmup;
    };
    expect(await step(a, { run_id: 'shared-run' })).toEqual({ moving_mean: 0, samples: 1 });
    expect(await step(b, { run_id: 'shared-run' })).toEqual({ moving_mean: 0, samples: 2 });
    expect(await step(solo, {})).toEqual({ moving_mean: 0, samples: 1 });
    expect(await step(solo, {})).toEqual({ moving_mean: 0, samples: 2 });
    const state = ((await a.request({ type: 'state' })) as Json).data;
    expect(state).toMatchObject({ run_id: 'shared-run', curriculum: { L1_warmup: { samples: 2 } } });
    for (const ws of [a, b, solo]) ws.close();
  });

  it('refuses a run id that is empty or too long, naming it', async () => {
    const reply = await httpClient(server.url).post('/reset', { run_id: 'x'.repeat(129) });
    expect(reply.status).toBe(422);
    expect(reply.json.detail[0].loc).toEqual(['body', 'run_id']);
  });

  it("shows no other client's PhysiX episode in /envs/physix/state", async () => {
    const api = httpClient(server.url);
    const before = (await api.get('/envs/physix/state')).json;
    await api.post('/envs/physix/reset', { system_id: 'damped_spring', seed: 3 });
    const after = (await api.get('/envs/physix/state')).json;
    expect(after).toMatchObject({ system_id: null, max_turns: null, turn: 0, last_r_match: 0, converged: false, done: false });
    expect(after.episodes_started).toBe(before.episodes_started + 1);
  });
});

describe('CurriculumRuns', () => {
  it('keeps at most max runs, forgetting the least recently used of those with as few outcomes', () => {
    const runs = new CurriculumRuns(2);
    runs.of('a', 0).update('L1_warmup', 1);
    runs.of('b', 0);
    runs.of('a', 0);
    runs.of('c', 0);
    expect(runs.size).toBe(2);
    expect(runs.of('a', 0).stats()['L1_warmup']?.samples).toBe(1);
    expect(runs.of('b', 0).stats()['L1_warmup']?.samples).toBe(0);
  });

  it("keeps a sessionless agent's episode out of the window until its answer settles it, or its deadline as a 0, here and in the store", () => {
    const store = new MemoryRunStore();
    const runs = new CurriculumRuns(2, { store, log: (line) => expect.fail(line) });
    const l1 = (now: number) => runs.of('agents', now).stats()['L1_warmup'];
    runs.record('agents', 'L1_warmup', 1);
    runs.pend('agents', 'L1_warmup', { id: 'skipped', answerBy: 1_000 });
    runs.pend('agents', 'L1_warmup', { id: 'answered', answerBy: 2_000 });
    expect(l1(999)).toEqual({ movingMean: 1, samples: 1 });
    runs.settleAnswer('agents', 'L1_warmup', 'answered', 1);
    expect(l1(999)).toEqual({ movingMean: 1, samples: 2 });
    expect(l1(1_000)).toEqual({ movingMean: 2 / 3, samples: 3 });
    expect(store.entries('agents', 'L1_warmup')).toEqual([1, 1, UNANSWERED]);
    expect(store.pending('agents', 'L1_warmup').size).toBe(0);
    // Settled is settled: a late settlement changes nothing.
    store.settle('agents', 'L1_warmup', 'skipped', 1);
    expect(store.entries('agents', 'L1_warmup')).toEqual([1, 1, UNANSWERED]);
  });

  it("settles a pending episode once when replicas both read it past its deadline, and a copy of the run moves nothing", async () => {
    const store = new MemoryRunStore();
    const [a, b] = [new CurriculumRuns(2, { store, log: (line) => expect.fail(line) }), new CurriculumRuns(2, { store, log: (line) => expect.fail(line) })];
    a.pend('agents', 'L1_warmup', { id: 'x', answerBy: 1_000 });
    await b.refresh('agents');
    expect(b.of('agents', 999).stats()['L1_warmup']?.samples).toBe(0);
    a.of('agents', 1_000);
    b.of('agents', 1_001);
    expect(store.entries('agents', 'L1_warmup')).toEqual([UNANSWERED]);
    a.copy('agents', 1_001).update('L1_warmup', 1);
    expect(a.of('agents', 1_001).stats()['L1_warmup']).toEqual({ movingMean: 0, samples: 1 });
  });
});

describe('a read of a run from the store, on its way while the run changes here', () => {
  it('keeps what was pended and settled here meanwhile: the store had not seen it when it answered', async () => {
    const store = new MemoryRunStore();
    const runs = new CurriculumRuns(2, { store, log: (line) => expect.fail(line) });
    runs.pend('agents', 'L1_warmup', { id: 'answered', answerBy: 5_000 });
    const first = runs.refresh('agents');
    runs.pend('agents', 'L1_warmup', { id: 'new', answerBy: 6_000 });
    const second = runs.refresh('agents');
    runs.settleAnswer('agents', 'L1_warmup', 'answered', 1);
    runs.pend('agents', 'L2_target', { id: 'newer', answerBy: 4_000 });
    await Promise.all([first, second]);
    expect(['answered', 'new'].map((id) => runs.isPending('agents', 'L1_warmup', id))).toEqual([false, true]);
    expect(runs.isPending('agents', 'L2_target', 'newer')).toBe(true);
    // The next read has all of it from the store, and the run settles each once.
    await runs.refresh('agents');
    expect(runs.of('agents', 6_000).stats()['L1_warmup']).toEqual({ movingMean: 1 / 2, samples: 2 });
    expect(store.entries('agents', 'L1_warmup')).toEqual([1, UNANSWERED]);
    expect(store.entries('agents', 'L2_target')).toEqual([UNANSWERED]);
  });
});

const redisState = daemonsAvailable(['redis-server']);

describe.skipIf(redisState.skip)(`a run spread over replicas sharing Redis${redisState.skip ? ` (skipped: ${redisState.missing})` : ''}`, () => {
  it('has one curriculum: each replica reads back the outcomes the others recorded', async () => {
    if (redisState.missing !== undefined) throw new Error(redisState.missing);
    const redis = await startRedis();
    const log: string[] = [];
    const replica = () => startRunStoreServer(redisRunStore(redis.port, (line) => log.push(line)), (line) => log.push(line));
    const replicas = await Promise.all([replica(), replica()]);
    try {
      const seen: Json[] = [];
      for (let i = 0; i < 6; i++) {
        const api = httpClient(replicas[i % 2]!.url);
        const reset = (await api.post('/reset', { run_id: 'spread-run', seed: 500 + i })).json.observation;
        const answer = i % 3 === 0 ? { raw_response: 'no idea' } : truth({ ...reset, seed: 500 + i });
        seen.push((await api.post('/step', { action: { ...answer, episode_id: reset.episode_id } })).json.observation.info.curriculum_stats.L1_warmup);
      }
      expect(seen.map((stats) => stats.samples)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(seen[5].moving_mean).toBeCloseTo(4 / 6, 12);
      expect(log).toEqual([]);
    } finally {
      await Promise.all(replicas.map((server) => server.close()));
      await redis.stop();
    }
  });
});
