import { levelNamed, QubitMedicEnvironment } from '@verilab/qubit-medic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client.ts';
import { createTestApp, testPhysics, type TestApp } from '../testing/test-server.ts';
import { createQubitMedicHost } from './qubit-medic-host.ts';

// `--compat original`: what the original server's own client relies on, through the HTTP app (no socket).
// The DEM digests are the original's: sha256(str(dem))[:8] from Stim 1.16 for the same circuits.
const STIM_DEM_DIGESTS = { L1_warmup: 'a6f9ac07', L2_target: '523853f2', L3_stretch: 'fb25e379', L4_stress: '593f7312' };

let server: TestApp;
let api: HttpClient;
let now = Date.UTC(2030, 0, 1);

beforeAll(() => {
  const clock = () => now;
  server = createTestApp({
    env: { VERILAB_COMPAT: 'original', VERILAB_COMPAT_MAX_EPISODES: '4', VERILAB_TOKEN_TTL_S: '600' },
    environments: [createQubitMedicHost({ physics: testPhysics(), compat: 'original', clock })],
    clock,
  });
  api = server.client();
});
afterAll(() => server.runtime.close());

const step = (episode_id: unknown, raw_response = 'X_ERRORS=[] Z_ERRORS=[]') => api.post('/step', { action: { raw_response, episode_id } });

describe('--compat original', () => {
  it('resets with integer ids, forced_level from the query string, the v1 prompt and the original DEM digest', async () => {
    const reset = await api.post('/reset?forced_level=L1_warmup', { seed: 42 });
    expect(reset.status).toBe(200);
    const { observation } = reset.json;
    expect(Number.isInteger(observation.episode_id)).toBe(true);
    expect(observation).toMatchObject({ curriculum_level: 'L1_warmup', dem_digest: STIM_DEM_DIGESTS.L1_warmup, info: { event: 'reset' } });
    const reference = new QubitMedicEnvironment({ physics: testPhysics() }).reset({ seed: 42, level: levelNamed('L1_warmup'), promptFormat: 'v1' });
    expect(observation.prompt).toBe(reference.observation.prompt);
    const next = (await api.post('/reset?forced_level=L1_warmup', { seed: 42, forced_level: 'L4_stress' })).json.observation;
    expect(next.episode_id).toBe(observation.episode_id + 1);
    expect(next.curriculum_level).toBe('L4_stress'); // the body wins over the query
    const unknown = await api.post('/reset?forced_level=L9', {});
    expect([unknown.status, unknown.json.detail[0].loc]).toEqual([422, ['query', 'forced_level']]);
    expect(unknown.json.detail[0].msg).toMatch(/unknown level "L9"/);
    for (const [level, digest] of Object.entries(STIM_DEM_DIGESTS)) {
      expect((await api.post('/reset', { forced_level: level })).json.observation.dem_digest).toBe(digest);
    }
  });

  it('steps an integer id once, with v1 rewards, elapsed_seconds and timed_out; never a 500', async () => {
    const id = (await api.post('/reset', { seed: 5, forced_level: 'L2_target' })).json.observation.episode_id;
    now += 2500;
    const stepped = await step(id);
    expect(stepped.status).toBe(200);
    expect(stepped.json.done).toBe(true);
    expect(stepped.json.observation).toMatchObject({ episode_id: id, dem_digest: STIM_DEM_DIGESTS.L2_target });
    expect(stepped.json.observation.info).toMatchObject({ prompt_format: 'v1', reward_profile: 'v1', elapsed_seconds: 2.5, timed_out: false });
    const again = await step(id);
    expect([again.status, again.json.detail]).toEqual([400, `episode ${id} is already finished (each episode is stepped once); call reset() for a new one`]);
    expect((await step(99_999)).json.detail).toMatch(/^unknown episode 99999: this server has started \d+ episode/);
    for (const bad of ['abc', -1, 1.5]) expect((await step(bad)).status).toBeGreaterThanOrEqual(400);
    expect((await step(null)).json.detail).toMatch(/episode_id is required/);
  });

  it('scores a step more than 30 s after its reset 0 on every component, as timed out', async () => {
    const id = (await api.post('/reset', { seed: 5, forced_level: 'L1_warmup' })).json.observation.episode_id;
    now += 30_500;
    const late = await step(id);
    expect(late.json.reward).toBe(0);
    expect(late.text).toContain('"reward":0.0,');
    const { info } = late.json.observation;
    expect(info).toMatchObject({ timed_out: true, elapsed_seconds: 30.5 });
    expect(Object.values(info.rewards).every((value) => value === 0)).toBe(true);
    expect(Object.keys(info.rewards)).toContain('total');
  });

  it('evicts the oldest unstepped episode past its bound and says so', async () => {
    const ids: number[] = [];
    for (let k = 0; k < 5; k++) ids.push((await api.post('/reset', { forced_level: 'L1_warmup' })).json.observation.episode_id);
    const evicted = await step(ids[0]);
    expect([evicted.status, evicted.json.detail]).toEqual([400, `episode ${ids[0]} was evicted unstepped: this server holds at most 4 unstepped episodes, oldest out first; call reset() for a new one`]);
    expect((await step(ids[4])).status).toBe(200);
    expect((await api.post('/close', { episode_id: ids[3] })).json).toEqual({ ok: true, closed: true });
    expect((await step(ids[3])).status).toBe(400);
    expect((await api.post('/close')).json).toEqual({ ok: true, closed: true });
  });

  it('counts episodes in state.step_count (GET and POST) and has the original /healthz keys', async () => {
    const before = (await api.get('/state')).json;
    await api.post('/reset', {});
    const after = (await api.post('/state')).json;
    expect(after.step_count).toBe(before.step_count + 1);
    expect(after.step_count).toBe(after.episodes_started);
    const health = (await api.get('/healthz')).json;
    for (const key of ['ok', 'service', 'version', 'stim_version', 'pymatching_version', 'openenv_version', 'python_version']) expect(health).toHaveProperty(key);
    expect(health).toMatchObject({ ok: true, service: 'qubit-medic', stim_version: expect.stringMatching(/^none: .*@verilab\/qec/) });
  });
});
