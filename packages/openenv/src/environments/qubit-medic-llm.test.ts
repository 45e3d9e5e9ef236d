import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LlmCallGate } from '../llm/llm-call-gate.ts';
import { CLIENT_ENDPOINT_FAILURE, MAX_LLM_CALLS_PER_EPISODE } from '../llm/llm-policy.ts';
import type { HttpClient } from '../testing/http-client.ts';
import { startLoopbackChatServer, type LoopbackChatServer, type ScriptedReply } from '../testing/loopback-chat-server.ts';
import { createPhysixTestApp } from '../testing/physix-test-server.ts';
import type { TestApp } from '../testing/test-server.ts';

/**
 * Qubit-Medic's `/llm-answer` end to end on loopback sockets; the only fake is the
 * OpenAI-compatible model server, and every outbound request goes through a recording fetch.
 */
const ANSWER = 'Looking at the syndrome...\nX_ERRORS=[] Z_ERRORS=[]';
let next: ScriptedReply = { kind: 'answer', content: ANSWER };
const outbound: string[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  outbound.push(String(input));
  return fetch(input, init);
};

let model: LoopbackChatServer;
let server: TestApp;
let api: HttpClient;
beforeAll(async () => {
  model = await startLoopbackChatServer(() => next);
  server = createPhysixTestApp({ llm: { timeoutMs: 300 }, fetch: recordingFetch });
  api = server.client('/envs/qubit-medic');
});
afterAll(async () => {
  await model.close();
});
beforeEach(() => {
  outbound.length = 0;
  model.received.length = 0;
  next = { kind: 'answer', content: ANSWER };
});

const reset = async () => {
  const reply = await api.post('/reset', { seed: 11, level: 'L1_warmup' });
  expect(reply.status, reply.text).toBe(200);
  return reply.json.observation as { episode_id: string; prompt: string };
};

describe('POST /llm-answer', () => {
  it("sends the episode's prompt as one user message, returns the completion, and leaves the token unspent", async () => {
    const observation = await reset();
    const reply = await api.post('/llm-answer', { episode_id: observation.episode_id, base_url: model.url, model: 'qwen', temperature: 0, max_tokens: 64 });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({ completion: ANSWER, model: 'loopback-model', usage: expect.any(Object) });
    expect(reply.json.latency_s).toBeGreaterThanOrEqual(0);
    expect(Object.keys(reply.json).sort()).toEqual(['completion', 'latency_s', 'model', 'usage']);
    expect(model.received).toHaveLength(1);
    expect(model.received[0]?.body).toEqual({ model: 'qwen', messages: [{ role: 'user', content: observation.prompt }], temperature: 0, max_tokens: 64 });
    const stepped = await api.post('/step', { action: { episode_id: observation.episode_id, raw_response: reply.json.completion } });
    expect(stepped.status, stepped.text).toBe(200);
    expect(stepped.json.done).toBe(true);
    // The step above spent it: the ordinary one-step-per-token rule still holds.
    expect((await api.post('/step', { action: { episode_id: observation.episode_id, raw_response: ANSWER } })).status).toBe(400);
  });

  it('refuses an off-list URL with 403 (as PhysiX llm-step does) and no outbound request', async () => {
    const observation = await reset();
    const reply = await api.post('/llm-answer', { episode_id: observation.episode_id, base_url: 'http://10.0.0.1:8000/v1', model: 'm', api_key: 'secret' });
    expect(reply.status).toBe(403);
    expect(reply.json.detail).toMatch(/not on this server's LLM allow-list/);
    expect(reply.text).not.toContain('secret');
    expect(outbound).toEqual([]);
  });

  it('answers a bad token with 400, an endpoint failure with 502 and a timeout with 504, without contacting anything for the former', async () => {
    const bad = await api.post('/llm-answer', { episode_id: 'v1.not-a-token', base_url: model.url, model: 'm' });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toMatch(/not an episode token/);
    expect(outbound).toEqual([]);
    const observation = await reset();
    next = { kind: 'status', status: 500 };
    const failed = await api.post('/llm-answer', { episode_id: observation.episode_id, base_url: model.url, model: 'm' });
    expect(failed.status).toBe(502);
    expect(failed.json.detail).toBe(CLIENT_ENDPOINT_FAILURE);
    next = { kind: 'hold' };
    const slow = await api.post('/llm-answer', { episode_id: observation.episode_id, base_url: model.url, model: 'm' });
    model.release({ kind: 'answer', content: 'late' });
    expect(slow.status).toBe(504);
    expect(slow.json.detail).toMatch(/timeout/);
  });
});

describe('model calls a client cannot drain', () => {
  it('allows a few calls per episode token, then 429', async () => {
    const observation = await reset();
    const ask = () => api.post('/llm-answer', { episode_id: observation.episode_id, base_url: model.url, model: 'm' });
    for (let k = 0; k < MAX_LLM_CALLS_PER_EPISODE; k++) expect((await ask()).status).toBe(200);
    const spent = await ask();
    expect([spent.status, spent.json.detail]).toEqual([429, `this episode has had its ${MAX_LLM_CALLS_PER_EPISODE} model calls`]);
    expect(model.received).toHaveLength(MAX_LLM_CALLS_PER_EPISODE);
  });

  it("spends the server's own key a bounded number of times a minute, whatever the tokens", async () => {
    const gate = new LlmCallGate({ maxInFlight: 32, perKey: 3, serverKeyPerMinute: 1 });
    const house = createPhysixTestApp({ llm: { serverEndpoint: { url: new URL(model.url), apiKey: 'server-secret', model: 'house' }, gate } });
    const qubit = house.client('/envs/qubit-medic');
    const ask = async () => {
      const episode = (await qubit.post('/reset', { seed: 1 })).json.observation.episode_id as string;
      return qubit.post('/llm-answer', { episode_id: episode });
    };
    expect((await ask()).status).toBe(200);
    const refused = await ask();
    expect([refused.status, refused.json.detail]).toEqual([429, expect.stringContaining("the server's own model key has made 1 calls in the last minute")]);
    expect(model.received).toHaveLength(1);
  });

  it('shares one in-flight cap between Qubit-Medic and PhysiX', async () => {
    const shared = createPhysixTestApp({ llm: { timeoutMs: 5_000, gate: new LlmCallGate({ maxInFlight: 1, perKey: 3 }) } });
    const qubit = shared.client('/envs/qubit-medic');
    const physix = shared.client('/envs/physix/interactive');
    const episode = (await qubit.post('/reset', { seed: 1 })).json.observation.episode_id as string;
    const session = (await physix.post('/sessions', { system_id: 'free_fall', seed: 7 })).json.session_id as string;
    next = { kind: 'hold' };
    const held = qubit.post('/llm-answer', { episode_id: episode, base_url: model.url, model: 'm' });
    await expect.poll(() => model.received.length).toBe(1);
    const refused = await physix.post(`/sessions/${session}/llm-step`, { base_url: model.url, model: 'm' });
    expect([refused.status, refused.json.detail]).toEqual([503, 'the server is already waiting on 1 model calls; retry shortly']);
    model.release({ kind: 'answer', content: ANSWER });
    expect((await held).status).toBe(200);
  });
});

/** A loopback HTTP server answering every request with `status` and `body`; its `/v1` base URL. */
async function startAnswering(status: number, body: string): Promise<{ readonly url: string; readonly server: Server }> {
  const listening = createServer((_request, response) => response.writeHead(status, { 'content-type': 'text/plain' }).end(body));
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/v1`, server: listening };
}

describe('failed model calls do not map loopback ports', () => {
  it('answers a closed port, an HTTP 404 and a non-JSON reply alike for a client-named endpoint, and tells them apart for the operator', async () => {
    const closedServer = await startAnswering(200, '');
    const closed = closedServer.url;
    await new Promise((resolve) => closedServer.server.close(resolve));
    const notFound = await startAnswering(404, 'no such route');
    const notJson = await startAnswering(200, 'hello, I am not a chat completion');
    const targets = [closed, notFound.url, notJson.url];
    try {
      const clientNamed: unknown[] = [];
      const physix = server.client('/envs/physix/interactive');
      for (const target of targets) {
        const observation = await reset();
        const answer = await api.post('/llm-answer', { episode_id: observation.episode_id, base_url: target, model: 'm' });
        const session = (await physix.post('/sessions', { system_id: 'free_fall', seed: 7 })).json.session_id as string;
        const stepped = await physix.post(`/sessions/${session}/llm-step`, { base_url: target, model: 'm' });
        clientNamed.push([answer.status, answer.text, stepped.status, stepped.text]);
      }
      expect(clientNamed[0]).toEqual([502, JSON.stringify({ detail: CLIENT_ENDPOINT_FAILURE }), 502, JSON.stringify({ detail: CLIENT_ENDPOINT_FAILURE })]);
      expect(clientNamed).toEqual([clientNamed[0], clientNamed[0], clientNamed[0]]);

      const operatorDetails: string[] = [];
      for (const target of targets) {
        const house = createPhysixTestApp({ llm: { serverEndpoint: { url: new URL(target), model: 'house' } } });
        const qubit = house.client('/envs/qubit-medic');
        const episode = (await qubit.post('/reset', { seed: 1 })).json.observation.episode_id as string;
        const reply = await qubit.post('/llm-answer', { episode_id: episode });
        expect(reply.status).toBe(502);
        operatorDetails.push(reply.json.detail as string);
      }
      expect(operatorDetails).toEqual([
        expect.stringMatching(/\(unreachable\): cannot reach/),
        expect.stringMatching(/\(http\): .*answered HTTP 404$/),
        expect.stringMatching(/\(invalid\): .*did not answer with JSON$/),
      ]);
    } finally {
      await Promise.all([notFound.server, notJson.server].map((listening) => new Promise((resolve) => listening.close(resolve))));
    }
  });
});
