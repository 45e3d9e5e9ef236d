import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackChatServer, type LoopbackChatServer, type ScriptedReply } from '../testing/loopback-chat-server.ts';
import { chatCompletion, completionsUrl } from './chat-completions.ts';

let next: ScriptedReply = { kind: 'answer', content: 'hello' };
let llm: LoopbackChatServer;
let elsewhere: LoopbackChatServer;
beforeAll(async () => {
  llm = await startLoopbackChatServer(() => next);
  elsewhere = await startLoopbackChatServer(() => ({ kind: 'answer', content: 'should never be asked' }));
});
afterAll(async () => {
  await llm.close();
  await elsewhere.close();
});

const call = (overrides: { apiKey?: string; timeoutMs?: number; signal?: AbortSignal } = {}) =>
  chatCompletion({
    baseUrl: new URL(llm.url),
    model: 'm',
    messages: [
      { role: 'system', content: 's' },
      { role: 'user', content: 'u' },
    ],
    temperature: 0.4,
    maxTokens: 64,
    timeoutMs: overrides.timeoutMs ?? 2000,
    apiKey: overrides.apiKey,
    signal: overrides.signal,
  });

describe('chatCompletion', () => {
  it('posts the messages to {base}/chat/completions and reads the answer', async () => {
    next = { kind: 'answer', content: '{"equation": "d2y/dt2 = -9.81"}' };
    const result = await call({ apiKey: 'k' });
    expect(result).toMatchObject({ ok: true, value: { completion: '{"equation": "d2y/dt2 = -9.81"}', model: 'loopback-model', finishReason: 'stop' } });
    const request = llm.received.at(-1);
    expect(request).toMatchObject({ path: '/v1/chat/completions', authorization: 'Bearer k' });
    expect(request?.body).toEqual({ model: 'm', messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }], temperature: 0.4, max_tokens: 64 });
    await call();
    expect(llm.received.at(-1)?.authorization).toBeUndefined();
    expect(completionsUrl(new URL('http://h:1/v1/')).href).toBe('http://h:1/v1/chat/completions');
  });

  it('never follows a redirect, so a listed endpoint cannot bounce the request (and key) elsewhere', async () => {
    next = { kind: 'redirect', location: `${elsewhere.url}/chat/completions` };
    const result = await call({ apiKey: 'k' });
    expect(result).toMatchObject({ ok: false, issues: [{ kind: 'http', message: expect.stringMatching(/redirect \(HTTP 307\), which is not followed/) }] });
    expect(elsewhere.received).toEqual([]);
  });

  it('reports HTTP errors, non-chat replies and timeouts as values, without the key', async () => {
    next = { kind: 'status', status: 401 };
    const refused = await call({ apiKey: 'secret-key' });
    expect(refused).toMatchObject({ ok: false, issues: [{ kind: 'http', status: 401, message: expect.stringMatching(/HTTP 401/) }] });
    expect(refused).not.toHaveProperty(['issues', 0, 'retryAfterMs'], expect.anything());
    expect(JSON.stringify(refused)).not.toContain('secret-key');
    next = { kind: 'status', status: 200 };
    expect(await call()).toMatchObject({ ok: false, issues: [{ kind: 'invalid' }] });
    next = { kind: 'hold' };
    // A held request ends only by the 150 ms timeout, so the 'timeout' kind is the evidence (no wall-clock bound).
    expect(await call({ timeoutMs: 150 })).toMatchObject({ ok: false, issues: [{ kind: 'timeout' }] });
    llm.release({ kind: 'answer', content: 'late' });
    const unreachable = await chatCompletion({ baseUrl: new URL('http://127.0.0.1:1/v1'), model: 'm', messages: [], timeoutMs: 2000 });
    expect(unreachable).toMatchObject({ ok: false, issues: [{ kind: 'unreachable' }] });
  });

  it('carries the status and the wait an endpoint asks for, so a caller can retry politely', async () => {
    next = { kind: 'status', status: 429, headers: { 'retry-after': '3' } };
    expect(await call()).toMatchObject({ ok: false, issues: [{ kind: 'http', status: 429, retryAfterMs: 3000 }] });
    next = { kind: 'status', status: 503, headers: { 'retry-after-ms': '250', 'retry-after': '9' } };
    expect(await call()).toMatchObject({ ok: false, issues: [{ kind: 'http', status: 503, retryAfterMs: 250 }] });
    next = { kind: 'status', status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } };
    expect(await call()).toMatchObject({ ok: false, issues: [{ status: 503, retryAfterMs: undefined }] });
  });

  it("stops the endpoint's request when the caller's signal aborts (a client that went away)", async () => {
    next = { kind: 'hold' };
    const client = new AbortController();
    const before = llm.received.length;
    const pending = call({ signal: client.signal, timeoutMs: 10_000 });
    await expect.poll(() => llm.received.length).toBe(before + 1);
    const asked = llm.received.at(-1);
    client.abort();
    expect(await pending).toMatchObject({ ok: false, issues: [{ kind: 'cancelled' }] });
    // The endpoint sees its connection closed: a model server stops generating then.
    await expect.poll(() => llm.abandoned).toContain(asked);
  });
});
