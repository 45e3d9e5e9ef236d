import { SEED_STREAMS_VERSION, Xoshiro128, unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { createPhysixTestApp } from '../testing/physix-test-server.ts';

/**
 * An unseeded episode's seed is drawn from every safe integer, and each such seed has its own
 * stream: with 2^32 instances (fromSeed before SEED_STREAMS_VERSION 2, seeds below 2^47) an
 * episode's hidden truth was found by trying them all. Tokens from before are refused.
 */
const { runtime, client } = createPhysixTestApp();
const api = client();
const RESETS = 12;

/** The episode a token seals, read with the server's key (what no client can do). */
function sealed(environment: string, token: string): Record<string, unknown> {
  const host = runtime.hosts.get(environment)!;
  return unwrap(runtime.vault.peek(environment, token, host.episode)).episode as Record<string, unknown>;
}

/** The seed below 2^32 whose state version 1 gave `seed`: low ^ high·γ. */
function versionOneAlias(seed: number): number {
  return (seed ^ Math.imul(Math.floor(seed / 2 ** 32), 0x9e3779b9)) >>> 0;
}

describe.each([
  ['qubit-medic', '/reset', {}],
  ['physix', '/envs/physix/reset', { system_id: 'free_fall' }],
])('unseeded %s resets', (environment, path, body) => {
  it('draw seeds up to 2^53, each with a state of its own', async () => {
    const seeds: number[] = [];
    for (let i = 0; i < RESETS; i++) {
      const reset = await api.post(path, body);
      expect(reset.status).toBe(200);
      seeds.push(sealed(environment, reset.json.observation.episode_id).seed as number);
    }
    expect(seeds.every((seed) => Number.isSafeInteger(seed) && seed >= 0)).toBe(true);
    expect(new Set(seeds).size).toBe(RESETS);
    // Each draw is 2^47 or more with probability 63/64, so this fails once in 2^72 runs (and
    // always for draws from [0, 2^47)).
    expect(seeds.some((seed) => seed >= 2 ** 47)).toBe(true);
    for (const seed of seeds) expect(Xoshiro128.fromSeed(seed).state()).not.toEqual(Xoshiro128.fromSeed(versionOneAlias(seed)).state());
  });
});

describe('episode tokens sealed before seeds >= 2^32 changed streams', () => {
  it('are refused with a 400 naming the version, not graded on another instance', async () => {
    const qubit = await api.post('/reset', {});
    const { seed_streams: streams, ...qubitV1 } = sealed('qubit-medic', qubit.json.observation.episode_id);
    expect(streams).toBe(SEED_STREAMS_VERSION);
    const qubitOld = runtime.vault.issue('qubit-medic', qubitV1);
    const qubitStep = await api.post('/step', { action: { parsed_x_errors: [], parsed_z_errors: [], episode_id: qubitOld } });
    expect(qubitStep.status).toBe(400);
    expect(qubitStep.json.detail).toMatch(/incompatible server version/);

    const physix = await api.post('/envs/physix/reset', { system_id: 'free_fall' });
    const physixOld = runtime.vault.issue('physix', { ...sealed('physix', physix.json.observation.episode_id), format_version: 5 });
    const physixStep = await api.post('/envs/physix/step', { action: { equation: 'd2y/dt2 = -g', params: { g: 9.81 }, episode_id: physixOld } });
    expect(physixStep.status).toBe(400);
    expect(physixStep.json.detail).toMatch(/incompatible server version/);
  });
});

describe.each([
  ['qubit-medic', '/reset', {}],
  ['physix', '/envs/physix/reset', { system_id: 'free_fall' }],
  ['physix interactive', '/envs/physix/interactive/sessions', { system_id: 'free_fall' }],
])('%s seeds', (_environment, path, body) => {
  it('go up to 2^53 - 1; larger and fractional ones are a 422 naming the seed', async () => {
    expect((await api.post(path, { ...body, seed: Number.MAX_SAFE_INTEGER })).status).toBeLessThan(300);
    for (const seed of ['9007199254740992', '1e300', '1.5']) {
      const refused = await api.post(path, `{"seed": ${seed}${path.includes('physix') ? ', "system_id": "free_fall"' : ''}}`);
      expect(refused.status).toBe(422);
      expect(refused.json.detail[0].loc).toEqual(['body', 'seed']);
    }
  });
});
