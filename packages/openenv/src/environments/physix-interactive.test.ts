import { STANDARD_GRAVITY } from '@verilab/physix';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../testing/http-client.ts';
import { startLoopbackChatServer, type LoopbackChatServer, type ReceivedRequest, type ScriptedReply } from '../testing/loopback-chat-server.ts';
import { createPhysixTestApp, truthOf } from '../testing/physix-test-server.ts';
import type { TestApp } from '../testing/test-server.ts';

/**
 * The interactive API end to end on real loopback sockets; the only fake is the
 * OpenAI-compatible model server. Every outbound request the PhysiX host makes goes through a
 * recording fetch, so "never contacted" is checked, not assumed.
 */
const WRONG = '{"equation": "d2y/dt2 = 0", "params": {}, "rationale": "no forces"}';
const RIGHT = 'Gravity alone.\n```json\n{"equation": "d2y/dt2 = -g", "params": {"g": 9.81}, "rationale": "free fall"}\n```';

/** The scripted model by default: wrong on the first turn, right once it has seen feedback. */
const learner = (request: ReceivedRequest): ScriptedReply => {
  const user = request.body.messages.find((m: { role: string }) => m.role === 'user').content as string;
  return { kind: 'answer', content: user.includes('HISTORY') ? RIGHT : WRONG };
};
const stubborn = (): ScriptedReply => ({ kind: 'answer', content: WRONG });
let script = learner;
const scripted = (request: ReceivedRequest) => script(request);

let now = Date.UTC(2026, 0, 1);
const outbound: string[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  outbound.push(String(input));
  return fetch(input, init);
};

let model: LoopbackChatServer;
let house: LoopbackChatServer;
let server: TestApp;
let api: HttpClient;
beforeAll(async () => {
  [model, house] = await Promise.all([startLoopbackChatServer(scripted), startLoopbackChatServer(scripted)]);
  server = createPhysixTestApp({
    llm: { serverEndpoint: { url: new URL(house.url), apiKey: 'server-secret', model: 'house-model' }, timeoutMs: 300, callsPerMinute: 4 },
    sessions: { max: 3, idleMs: 120_000 },
    clock: () => now,
    fetch: recordingFetch,
  });
  api = server.client('/envs/physix/interactive');
});
afterAll(async () => {
  await Promise.all([model.close(), house.close()]);
});
beforeEach(async () => {
  now += 3_600_000; // every test starts with the earlier tests' sessions expired
  outbound.length = 0;
  model.received.length = 0;
  house.received.length = 0;
  script = learner;
});

const start = async (body: Record<string, unknown> = { system_id: 'free_fall', seed: 7 }) => {
  const reply = await api.post('/sessions', body);
  expect(reply.status, reply.text).toBe(200);
  return reply.json.session_id as string;
};

describe('the interactive session API', () => {
  it('lists systems, starts, steps directly, inspects and ends a session', async () => {
    const systems = await api.get('/systems');
    expect(systems.json.map((s: { system_id: string }) => s.system_id)).toContain('free_fall_drag');
    expect(systems.json[0]).toEqual({ system_id: 'free_fall', state_variables: ['y', 'vy'], tier: 'tier1', title: 'Free fall' });

    const started = await api.post('/sessions', { system_id: 'damped_pendulum', seed: 3, max_turns: 3 });
    expect(started.json).toMatchObject({ system: { system_id: 'damped_pendulum', state_variables: ['theta', 'dtheta'] }, max_turns: 3, seed: 3 });
    expect(started.json.observation).toMatchObject({ done: false, reward: null, turn: 0, turn_remaining: 3, history: [] });
    const id = started.json.session_id;

    const stepped = await api.post(`/sessions/${id}/step`, { equation: 'd2theta/dt2 = -(g/L)*sin(theta)', params: { g: 9.81, L: 1 } });
    expect(stepped.status).toBe(200);
    expect(stepped.json.observation).toMatchObject({ turn: 1, done: false });
    expect(stepped.json.predicted_trajectory).toHaveLength(100);
    expect(Object.keys(stepped.json.predicted_trajectory[0])).toEqual(['t', 'theta', 'dtheta']);
    const inspected = await api.get(`/sessions/${id}`);
    expect(inspected.json).toMatchObject({ session_id: id, turn: 1, done: false, seed: 3, llm_calls: 0 });
    expect(inspected.json.ground_truth).toBeUndefined();

    const truth = truthOf('damped_pendulum', 3);
    const solved = await api.post(`/sessions/${id}/step`, truth);
    expect(solved.json.observation).toMatchObject({ done: true, converged: true, turn: 2 });
    expect((await api.post(`/sessions/${id}/step`, truth)).status).toBe(409);
    // Over, the episode shows its answer.
    expect((await api.get(`/sessions/${id}`)).json.ground_truth).toMatchObject({ equation: truth.equation, params: truth.params });
    expect((await api.call('DELETE', `/sessions/${id}`)).json).toMatchObject({ session_id: id, ended: true });
    expect((await api.get(`/sessions/${id}`)).status).toBe(404);
    expect((await api.post('/sessions/no-such-session/step', { equation: 'd2y/dt2 = 0' })).status).toBe(404);
    // A path parameter does not hide a known route: another method is 405 with what is allowed.
    const wrong = await api.call('PUT', `/sessions/${id}`);
    expect([wrong.status, wrong.json, wrong.headers.get('allow')]).toEqual([405, { detail: 'Method Not Allowed' }, 'GET, DELETE']);
  });

  it('plays llm-step turns against an allow-listed loopback model until the episode converges', async () => {
    const id = await start();
    const first = await api.post(`/sessions/${id}/llm-step`, { base_url: model.url, model: 'qwen2.5:3b', temperature: 0.4, max_tokens: 300 });
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ model: 'qwen2.5:3b', raw_completion: WRONG, action: { equation: 'd2y/dt2 = 0', params: {}, rationale: 'no forces' }, parse_error: null });
    expect(first.json.observation).toMatchObject({ turn: 1, done: false });
    expect(first.json.latency_s).toBeGreaterThanOrEqual(0);
    expect(first.json.predicted_trajectory.map((s: { vy: number }) => s.vy).every((vy: number) => vy === first.json.predicted_trajectory[0].vy)).toBe(true);

    const second = await api.post(`/sessions/${id}/llm-step`, { base_url: model.url, model: 'qwen2.5:3b' });
    expect(second.json).toMatchObject({ action: { equation: 'd2y/dt2 = -g', params: { g: STANDARD_GRAVITY } }, observation: { done: true, converged: true, turn: 2 } });
    expect(second.json.predicted_trajectory).toHaveLength(100);
    expect((await api.post(`/sessions/${id}/llm-step`, { base_url: model.url, model: 'm' })).status).toBe(409);

    // What the model received: the system prompt and the observation, the options, no key.
    expect(model.received).toHaveLength(2);
    const [asked] = model.received;
    expect(asked).toMatchObject({ path: '/v1/chat/completions', authorization: undefined, body: { model: 'qwen2.5:3b', temperature: 0.4, max_tokens: 300 } });
    expect(asked?.body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(asked?.body.messages[1].content).toMatch(/^SYSTEM_ID: free_fall\n/);
    expect(model.received[1]?.body.messages[1].content).toMatch(/HISTORY \(last 1 of 1 turns\)/);
    expect((await api.get(`/sessions/${id}`)).json).toMatchObject({ llm_calls: 2, done: true });
  });

  it("sends the server's key only to its own endpoint, and a client's key only where the client names", async () => {
    script = stubborn;
    const id = await start({ system_id: 'free_fall', seed: 8, max_turns: 8 });
    expect((await api.post(`/sessions/${id}/llm-step`, { base_url: model.url, model: 'm' })).status).toBe(200);
    expect(model.received.at(-1)?.authorization).toBeUndefined();
    expect((await api.post(`/sessions/${id}/llm-step`, { base_url: model.url, model: 'm', api_key: 'client-key' })).status).toBe(200);
    expect(model.received.at(-1)?.authorization).toBe('Bearer client-key');
    const own = await api.post(`/sessions/${id}/llm-step`, {});
    expect(own.status, own.text).toBe(200);
    expect(own.json.model).toBe('house-model');
    expect(house.received.map((r) => r.authorization)).toEqual(['Bearer server-secret']);
    expect(model.received.every((r) => r.authorization !== 'Bearer server-secret')).toBe(true);
  });

  it('refuses every URL off the allow-list before any connection is attempted', async () => {
    const id = await start();
    const refused = [
      'http://10.0.0.1/v1',
      'http://example.com/v1',
      'https://api.openai.com/v1',
      'http://169.254.169.254/latest',
      'http://127.0.0.1.nip.io/v1',
      'http://[::ffff:a00:1]/v1',
      `https://127.0.0.1:${new URL(model.url).port}/v1`,
      `http://127.0.0.1:${new URL(model.url).port}@10.0.0.1/v1`,
      'file:///etc/passwd',
    ];
    for (const base_url of refused) {
      const reply = await api.post(`/sessions/${id}/llm-step`, { base_url, model: 'm', api_key: 'client-key' });
      expect([403, 400], `${base_url}: ${reply.text}`).toContain(reply.status);
    }
    expect(outbound).toEqual([]);
    expect((await api.get(`/sessions/${id}`)).json).toMatchObject({ turn: 0, llm_calls: 0 });
    expect((await api.post(`/sessions/${id}/llm-step`, { base_url: 'http://10.0.0.1/v1', model: 'm' })).json.detail).toMatch(/not on this server's LLM allow-list/);
  });

  it('rate-limits each session, times out slow models, and lets one step run at a time', async () => {
    const id = await start({ system_id: 'free_fall', seed: 9, max_turns: 16 });
    const ask = () => api.post(`/sessions/${id}/llm-step`, { base_url: model.url, model: 'm' });
    script = stubborn;
    for (let i = 0; i < 4; i++) expect((await ask()).status).toBe(200);
    const limited = await ask();
    expect(limited.status).toBe(429);
    expect(limited.json.detail).toMatch(/4 model calls in the last minute; retry in 60 s/);
    now += 61_000;

    script = () => ({ kind: 'hold' });
    const slow = await ask();
    expect(slow.status).toBe(504);
    model.release({ kind: 'answer', content: WRONG });
    expect((await api.get(`/sessions/${id}`)).json.turn).toBe(4);

    const pending = ask();
    await waitFor(() => model.received.length === 6);
    expect((await api.post(`/sessions/${id}/step`, { equation: 'd2y/dt2 = 0' })).status).toBe(409);
    expect((await ask()).status).toBe(409);
    model.release({ kind: 'answer', content: RIGHT });
    expect((await pending).json.observation).toMatchObject({ turn: 5, converged: true });
  });

  it('caps sessions and ends idle ones', async () => {
    const ids = [await start(), await start(), await start()];
    const full = await api.post('/sessions', {});
    expect(full.status).toBe(503);
    expect(full.json.detail).toMatch(/at capacity: 3\/3/);
    now += 119_000;
    expect((await api.get(`/sessions/${ids[0]}`)).status).toBe(200);
    now += 2_000;
    // Sessions 2 and 3 were idle for 121 s, past the 120 s timeout; session 1 was touched 2 s ago.
    expect((await api.get(`/sessions/${ids[1]}`)).status).toBe(404);
    expect((await api.post('/sessions', {})).status).toBe(200);
    expect((await api.post('/sessions', { seed: -1 })).status).toBe(422);
    const unseeded = await api.post('/sessions');
    expect(unseeded.status).toBe(200);
    expect(unseeded.json.seed).toBeNull();
  });
});

describe('hostile input to the PhysiX routes', () => {
  it('never earns a 500: every reply is a JSON verdict (4xx, or 502/503 for an unreachable model or a full server)', async () => {
    const id = await start();
    const routes = ['/envs/physix/reset', '/envs/physix/step', '/envs/physix/interactive/sessions', `/envs/physix/interactive/sessions/${id}/step`, `/envs/physix/interactive/sessions/${id}/llm-step`];
    const equation = (text: string) => JSON.stringify({ equation: text, action: { equation: text } });
    const bodies = [
      '',
      'null',
      '[]',
      '{"__proto__": {"polluted": 1}}',
      '{"params": {"__proto__": 1, "constructor": 2}, "equation": "d2y/dt2 = -constructor"}',
      '{"action": {"params": {"__proto__": 1}, "equation": "d2y/dt2 = -__proto__"}}',
      '{"action": {"episode_id": "v1.AAAA"}}',
      '{"action": {"episode_id": "v1.' + 'A'.repeat(5000) + '"}}',
      '{"system_id": "toString", "max_turns": 1e9, "seed": -1}',
      '{"seed": 9007199254740993}',
      '{"base_url": "javascript:alert(1)", "model": "m"}',
      '{"base_url": "http://127.0.0.1:1/v1", "model": "m"}',
      '{"base_url": "http://10.0.0.1/v1", "model": "' + 'm'.repeat(300) + '"}',
      '{"temperature": "hot", "max_tokens": -1}',
      equation('x'.repeat(100_000)),
      equation('('.repeat(10_000)),
      equation('d2y/dt2 = ' + '-'.repeat(10_000) + 'g'),
      equation('d2y/dt2 = exp(exp(exp(exp(y))))'),
      equation('d2y/dt2 = y^99999999'),
    ];
    for (const route of routes) {
      for (const body of bodies) {
        const reply = await server.client().post(route, body);
        expect([reply.status < 500 || reply.status === 502 || reply.status === 503, reply.json !== undefined], `${route} ${body.slice(0, 80)}: ${reply.text.slice(0, 200)}`).toEqual([true, true]);
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(outbound.every((url) => url.startsWith('http://127.0.0.1:1/'))).toBe(true);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('timed out waiting');
}
