import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeChatServer, type ChatReply, type FakeChatServer } from '../testing/fake-chat-server.ts';
import { createLlmClient, LlmRejectedError, LlmUnavailableError, type LlmSettings } from './llm-client.ts';

let script: (attempt: number) => ChatReply = () => ({ kind: 'answer', content: 'ok' });
let server: FakeChatServer;
beforeAll(async () => {
  server = await startFakeChatServer((request) => script(request.attempt));
});
afterAll(() => server.close());

const client = (overrides: Partial<LlmSettings> = {}) =>
  createLlmClient({ baseUrl: server.url, model: 'm', apiKey: 'k', timeoutMs: 5000, retries: 2, retryDelayMs: 0, maxTokens: 16, temperature: 0, ...overrides });

describe('the evaluation LLM client', () => {
  it('retries a 429 after the wait the endpoint asks for, not its own backoff', async () => {
    server.reset();
    script = (attempt) => (attempt === 1 ? { kind: 'error', status: 429, headers: { 'retry-after-ms': '20' } } : { kind: 'answer', content: 'X_ERRORS=[]' });
    // A one-minute backoff would time this test out: only the endpoint's 20 ms can be waited.
    const answer = await client({ retryDelayMs: 60_000 })('prompt a');
    expect(answer).toMatchObject({ completion: 'X_ERRORS=[]', attempts: 2, finishReason: 'stop', usage: { completion_tokens: 11 } });
  });

  it('stops at once on a configuration error, naming the status', async () => {
    server.reset();
    script = () => ({ kind: 'error', status: 404 });
    const asked = client()('prompt b');
    await expect(asked).rejects.toThrow(LlmRejectedError);
    await expect(asked).rejects.toThrow(/rejected the request \(HTTP 404\)/);
  });

  it('gives up after the retries when the endpoint stays down', async () => {
    server.reset();
    script = () => ({ kind: 'error', status: 503 });
    await expect(client({ retries: 1 })('prompt c')).rejects.toThrow(LlmUnavailableError);
    await expect(client({ retries: 1 })('prompt d')).rejects.toThrow(/^2 attempts failed; the last: .* answered HTTP 503$/);
  });
});
