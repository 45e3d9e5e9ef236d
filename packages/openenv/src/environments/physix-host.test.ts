import { unwrap } from '@verilab/core';
import { SYSTEMS, STANDARD_GRAVITY, getSystem, instantiate, type WireEpisodeState } from '@verilab/physix';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpisodeTokenCodec, parseTokenKey } from '../episodes/episode-tokens.ts';
import { defaultEnvironments } from './default-environments.ts';
import { httpClient } from '../testing/http-client.ts';
import { startPhysixTestServer, truthOf } from '../testing/physix-test-server.ts';
import { TEST_TOKEN_KEY, testConfig, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
type Json = any;

let server: TestServer;
let replica: TestServer;
beforeAll(async () => {
  // Each keeps spent tokens in a journal, so its tokens are not bound to its own run (server-runtime.ts) and the replica steps them.
  const journal = (name: string) => ({ env: { VERILAB_REPLAY_FILE: join(mkdtempSync(join(tmpdir(), 'verilab-physix-')), name) } });
  [server, replica] = await Promise.all([startPhysixTestServer(journal('server.log')), startPhysixTestServer(journal('replica.log'))]);
});
afterAll(async () => {
  await Promise.all([server.close(), replica.close()]);
});

const codec = new EpisodeTokenCodec({ key: parseTokenKey(TEST_TOKEN_KEY) as Uint8Array, lifetimeSeconds: 3600, now: () => Date.now() / 1000 });
const openToken = (token: string): WireEpisodeState => {
  return unwrap(codec.open('physix', token)).episode as WireEpisodeState;
};

describe('PhysiX over the WebSocket /envs/physix/ws', () => {
  it('plays a multi-turn episode: the session keeps the state, feedback accumulates, the truth converges', async () => {
    const ws = await connectWs(`${server.wsUrl}/envs/physix/ws`);
    const reset = (await ws.request({ type: 'reset', data: { system_id: 'damped_spring', seed: 11, max_turns: 5 } })) as { type: string; data: Json };
    expect(reset.type).toBe('observation');
    expect(reset.data).toMatchObject({ reward: null, done: false, observation: { system_id: 'damped_spring', state_variables: ['x', 'vx'], turn: 0, turn_remaining: 5, history: [], mismatch_summary: '' } });
    expect(reset.data.observation.trajectory).toHaveLength(100);
    const id = reset.data.observation.episode_id;

    const undamped = (await ws.request({ type: 'step', data: { equation: 'd2x/dt2 = -(k/m)*x', params: { k: 2, m: 1 } } })) as { data: Json };
    expect(undamped.data).toMatchObject({ done: false, observation: { turn: 1, turn_remaining: 4, episode_id: id } });
    expect(undamped.data.observation.history).toHaveLength(1);
    const garbled = (await ws.request({ type: 'step', data: { equation: 'd2x/dt2 = = 3' } })) as { data: Json };
    expect(garbled.data.observation.reward_breakdown.format).toBe(0);
    expect(garbled.data.observation.mismatch_summary).toMatch(/rejected/);

    const truth = (await ws.request({ type: 'step', data: truthOf('damped_spring', 11) })) as { data: Json };
    expect(truth.data).toMatchObject({ done: true, observation: { turn: 3, converged: true } });
    expect(truth.data.observation.history[2].r_match).toBeGreaterThan(0.99);
    expect(truth.data.observation.history.map((h: { turn: number }) => h.turn)).toEqual([1, 2, 3]);

    const after = (await ws.request({ type: 'step', data: { equation: 'd2x/dt2 = 0' } })) as { data: Json };
    expect(after).toMatchObject({ type: 'error', data: { code: 'EXECUTION_ERROR', message: expect.stringMatching(/finished/) } });
    const state = (await ws.request({ type: 'state' })) as { data: Json };
    expect(state.data).toMatchObject({ episode_id: id, step_count: 3, system_id: 'damped_spring', converged: true, done: true, turn: 3 });
    ws.close();
  });
});

describe('PhysiX over stateless HTTP', () => {
  it('carries the episode state in a new token each turn, refuses replays, and continues on any process with the key', async () => {
    const api = httpClient(server.url);
    const other = httpClient(replica.url);
    const reset = await api.post('/envs/physix/reset', { system_id: 'free_fall_drag', seed: 5, max_turns: 3 });
    expect(reset.status).toBe(200);
    const first = reset.json.observation.episode_id as string;
    expect(openToken(first)).toMatchObject({ system_id: 'free_fall_drag', seed: 5, max_turns: 3, history: [] });

    // Turn 1 here, turn 2 on the replica, turn 3 back here: the token is the whole episode.
    const one = await api.post('/envs/physix/step', { action: { equation: 'd2y/dt2 = -g', params: { g: 9.81 }, episode_id: first } });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ done: false, observation: { turn: 1, turn_remaining: 2 } });
    const second = one.json.observation.episode_id as string;
    expect(second).not.toBe(first);
    expect(openToken(second).history.map((h) => h.equation)).toEqual(['d2y/dt2 = -g']);
    expect((await api.post('/envs/physix/step', { action: { equation: 'd2y/dt2 = -g', params: { g: 9.81 }, episode_id: first } })).status).toBe(400);

    const two = await other.post('/envs/physix/step', { action: { equation: 'd2y/dt2 = -g + c*vy', params: { g: 9.81, c: 0.5 }, episode_id: second } });
    expect(two.status, two.text).toBe(200);
    expect(two.json.observation.history.map((h: { equation: string }) => h.equation)).toEqual(['d2y/dt2 = -g', 'd2y/dt2 = -g + c*vy']);
    const third = two.json.observation.episode_id as string;

    const three = await api.post('/envs/physix/step', { action: { ...truthOf('free_fall_drag', 5), episode_id: third } });
    expect(three.json).toMatchObject({ done: true, observation: { turn: 3, turn_remaining: 0, converged: true } });
    expect(three.json.observation.history[1].r_match).toBeLessThan(three.json.observation.history[2].r_match);
    const again = await api.post('/envs/physix/step', { action: { equation: 'd2y/dt2 = 0', episode_id: three.json.observation.episode_id } });
    expect(again.status).toBe(400);
    expect(again.json.detail).toMatch(/already stepped/);
  });

  it('validates actions and reset kwargs with 422s', async () => {
    const api = httpClient(server.url);
    const bad = await api.post('/envs/physix/reset', { system_id: 'perpetual_motion' });
    expect(bad.status).toBe(422);
    expect(bad.json.detail[0].loc).toEqual(['body', 'system_id']);
    const reset = await api.post('/envs/physix/reset', {});
    // A numeric string is a float to pydantic's lax mode; a word is not.
    const step = await api.post('/envs/physix/step', { action: { equation: 'd2y/dt2 = -g', params: { g: 'nine' }, episode_id: reset.json.observation.episode_id } });
    expect(step.status).toBe(422);
    expect(step.json.detail[0]).toMatchObject({ type: 'float_parsing', loc: ['params', 'g'], input: 'nine' });
  });
});

describe("PhysiX's reward over the wire", () => {
  /** free_fall seed 3: g 0.42 % off scores 0.870 just short of convergence (packages/physix/README.md); 10 % off far less. */
  const truth = truthOf('free_fall', 3);
  const off = (factor: number) => ({ equation: truth.equation, params: { g: truth.params['g']! * factor } });
  const turns = [off(1.0042), { equation: 'not a real equation' }, off(1.0042), off(1.1), off(1.0042), truth];

  it("sums, over an episode's steps, to its best turn's score (anti-hack), on stateless HTTP and on a WebSocket", async () => {
    const api = httpClient(server.url);
    let token = (await api.post('/envs/physix/reset', { system_id: 'free_fall', seed: 3 })).json.observation.episode_id as string;
    const http: Json[] = [];
    for (const action of turns) {
      const reply = (await api.post('/envs/physix/step', { action: { ...action, episode_id: token } })).json;
      http.push(reply);
      token = reply.observation.episode_id;
    }
    const ws = await connectWs(`${server.wsUrl}/envs/physix/ws`);
    await ws.request({ type: 'reset', data: { system_id: 'free_fall', seed: 3 } });
    const socket: Json[] = [];
    for (const action of turns) socket.push(((await ws.request({ type: 'step', data: action })) as { data: Json }).data);
    ws.close();

    for (const replies of [http, socket]) {
      const last = replies[replies.length - 1];
      expect(last).toMatchObject({ done: true, observation: { converged: true, turn: turns.length } });
      const history = last.observation.history as { reward_total: number; reward_paid: number }[];
      const best = Math.max(...history.map((entry) => entry.reward_total));
      const rewards = replies.map((reply) => reply.reward as number);
      expect(rewards.reduce((sum, reward) => sum + reward, 0)).toBeCloseTo(best, 12);
      // Each step's reward is its turn's paid amount; repeating the near-miss, garbage and a worse law are paid nothing.
      expect(rewards).toEqual(history.map((entry) => entry.reward_paid));
      expect(rewards.slice(1, 5)).toEqual([0, 0, 0, 0]);
      expect(history[0]!.reward_total).toBeCloseTo(0.8702, 4);
      expect(history[2]!.reward_total).toBe(history[0]!.reward_total);
      expect(replies.map((reply) => reply.observation.reward_breakdown.total)).toEqual(history.map((entry) => entry.reward_total));
    }
    expect(socket.map((reply) => reply.reward)).toEqual(http.map((reply) => reply.reward));
  });

  it('pays each turn its score in the v1 profile, as the original does', async () => {
    const api = httpClient(server.url);
    let token = (await api.post('/envs/physix/reset', { system_id: 'free_fall', seed: 3, reward_profile: 'v1' })).json.observation.episode_id as string;
    // Laws v1 does not converge on (its match is R², which the near-miss clears), the second paid again in full.
    const rewards: number[] = [];
    for (const action of [{ equation: 'd2y/dt2 = -g', params: { g: 5 } }, { equation: 'd2y/dt2 = 0' }, { equation: 'd2y/dt2 = 0' }]) {
      const reply = (await api.post('/envs/physix/step', { action: { ...action, episode_id: token } })).json;
      const entry = reply.observation.history[reply.observation.history.length - 1];
      expect(reply).toMatchObject({ done: false, reward: entry.reward_total });
      expect(entry.reward_paid).toBe(entry.reward_total);
      rewards.push(reply.reward);
      token = reply.observation.episode_id;
    }
    expect(rewards[2]).toBeGreaterThan(0);
    expect(rewards[2]).toBe(rewards[1]);
  });
});

describe('PhysiX routes under /envs/physix', () => {
  it('serves health, metadata, schema, openapi and MCP (with list_systems)', async () => {
    const api = httpClient(`${server.url}/envs/physix`);
    expect((await api.get('/health')).json).toEqual({ status: 'healthy' });
    expect((await api.get('/metadata')).json).toMatchObject({ name: 'PhysiX-Live', version: '1.0.0' });
    const schema = (await api.get('/schema')).json;
    expect(Object.keys(schema.action.properties)).toEqual(['metadata', 'equation', 'params', 'rationale', 'episode_id']);
    expect(Object.keys(schema.observation.properties)).toEqual(
      expect.arrayContaining(['done', 'reward', 'trajectory', 'state_variables', 'hint', 'history', 'mismatch_summary', 'turn', 'turn_remaining', 'system_id', 'stats', 'reward_breakdown']),
    );
    const openapi = (await api.get('/openapi.json')).json;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/reset', '/step', '/state', '/interactive/sessions/{id}/llm-step']));
    expect(openapi.paths['/interactive/sessions/{id}'].delete.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', title: 'id' } }]);
    const tools = (await api.post('/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/list' })).json.result.tools.map((t: { name: string }) => t.name);
    expect(tools).toEqual(['reset', 'step', 'list_systems']);
    const listed = (await api.post('/mcp', { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_systems', arguments: {} } })).json;
    expect(listed.result.data.systems.map((s: { system_id: string }) => s.system_id)).toEqual(SYSTEMS.map((s) => s.id));
    // Qubit-Medic keeps the root, as in `verilab serve`.
    expect((await httpClient(server.url).get('/metadata')).json.name).toBe('QubitMedicEnvironment');
    expect(defaultEnvironments(testConfig()).map((host) => host.name)).toEqual(['qubit-medic', 'physix']);
  });
});

describe('PhysiX ground truth', () => {
  it('appears in no observation, schema or state before the episode ends', async () => {
    const api = httpClient(server.url);
    const texts: string[] = [];
    const keep = (reply: { text: string; json: unknown }) => {
      texts.push(reply.text);
      return reply.json as Json;
    };
    for (const path of ['/health', '/healthz', '/metadata', '/schema', '/openapi.json', '/state', '/interactive/systems']) keep(await api.get(`/envs/physix${path}`));
    keep(await api.post('/envs/physix/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    // Unseeded episodes on every transport: the server draws a hidden seed.
    const tokens: string[] = [];
    for (const system_id of SYSTEMS.map((s) => s.id)) {
      const reset = keep(await api.post('/envs/physix/reset', { system_id }));
      tokens.push(reset.observation.episode_id);
      const stepped = keep(await api.post('/envs/physix/step', { action: { equation: 'd2y/dt2 = 0', episode_id: reset.observation.episode_id } }));
      expect(stepped.done).toBe(false);
      tokens.push(stepped.observation.episode_id);
    }
    const mcp = keep(await api.post('/envs/physix/mcp', { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'reset', arguments: {} } }));
    tokens.push(mcp.result.data.observation.episode_id);
    const ws = await connectWs(`${server.wsUrl}/envs/physix/ws`);
    texts.push(JSON.stringify(await ws.request({ type: 'reset', data: { system_id: 'charged_particle_b_field' } })));
    texts.push(JSON.stringify(await ws.request({ type: 'step', data: { equation: 'd2x/dt2 = 0; d2y/dt2 = 0' } })));
    texts.push(JSON.stringify(await ws.request({ type: 'state' })));
    ws.close();
    keep(await api.get('/envs/physix/state'));

    const everything = texts.join('\n');
    const found = (needle: string) => (everything.includes(needle) ? needle : null);
    expect(SYSTEMS.map((system) => found(system.groundTruth)).filter((f) => f !== null)).toEqual([]);
    expect(['ground_truth', 'groundTruth', 'initial_conditions'].map(found).filter((f) => f !== null)).toEqual([]);
    // No key named seed anywhere but in the reset kwargs' schemas.
    expect(texts.filter((text) => text.includes('"seed":') && !text.includes('Random seed for reproducible episodes'))).toEqual([]);
    // The hidden seeds and the parameters they determine, read from the tokens with the key.
    for (const token of tokens) {
      const { seed, system_id } = openToken(token);
      expect(String(seed).length).toBeGreaterThan(6);
      const { parameters } = instantiate(getSystem(system_id)!, seed);
      const secrets = [seed, ...Object.values(parameters).filter((value) => value !== STANDARD_GRAVITY)].map(String);
      expect(secrets.map(found).filter((f) => f !== null)).toEqual([]);
    }
  });
});
