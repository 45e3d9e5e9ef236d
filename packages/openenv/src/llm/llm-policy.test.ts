import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { loadServerConfig } from '../server-config.ts';
import { DEFAULT_LLM_ALLOWED_URLS, parseUrlPatterns } from './llm-allow-list.ts';
import { llmPolicyOf, resolveEndpoint, type LlmPolicy } from './llm-policy.ts';

const patterns = (text: string) => unwrap(parseUrlPatterns(text));

describe('resolveEndpoint', () => {
  const policy: LlmPolicy = {
    allowed: patterns(DEFAULT_LLM_ALLOWED_URLS),
    serverEndpoint: { url: new URL('https://llm.internal.example/v1'), apiKey: 'server-secret', model: 'house-model' },
    timeoutMs: 1000,
    callsPerMinute: 10,
  };

  it("lends the server's key only to the server's own endpoint", () => {
    expect(resolveEndpoint(policy, {})).toEqual({ ok: true, value: { url: policy.serverEndpoint?.url, apiKey: 'server-secret', model: 'house-model', serverKey: true, operatorEndpoint: true } });
    const same = unwrap(resolveEndpoint(policy, { base_url: 'https://llm.internal.example/v1/', model: 'm' }));
    expect([same.apiKey, same.serverKey]).toEqual(['server-secret', true]);
    const chosen = resolveEndpoint(policy, { base_url: 'http://127.0.0.1:11434/v1', model: 'qwen' });
    expect(chosen).toMatchObject({ ok: true, value: { apiKey: undefined, model: 'qwen', serverKey: false } });
    const withKey = unwrap(resolveEndpoint(policy, { base_url: 'http://localhost:11434/v1', model: 'qwen', api_key: 'mine' }));
    expect([withKey.apiKey, withKey.serverKey]).toEqual(['mine', false]);
    const ownWithKey = unwrap(resolveEndpoint(policy, { api_key: 'mine' }));
    expect(ownWithKey.serverKey).toBe(false);
  });

  it('refuses URLs off the list (403) and incomplete requests (400)', () => {
    expect(resolveEndpoint(policy, { base_url: 'http://10.0.0.1/v1', model: 'm', api_key: 'k' })).toMatchObject({ ok: false, issues: [{ kind: 'forbidden' }] });
    expect(resolveEndpoint(policy, { base_url: 'https://llm.internal.example/v2', model: 'm' })).toMatchObject({ ok: false, issues: [{ kind: 'forbidden' }] });
    expect(resolveEndpoint(policy, { base_url: 'http://127.0.0.1:1/v1' })).toMatchObject({ ok: false, issues: [{ kind: 'invalid', message: 'model is required' }] });
    expect(resolveEndpoint({ ...policy, serverEndpoint: undefined }, { model: 'm' })).toMatchObject({ ok: false, issues: [{ kind: 'invalid' }] });
  });
});

describe('the LLM settings', () => {
  it('default to loopback only, no server endpoint, 60 s calls and 30 calls a minute', () => {
    const policy = llmPolicyOf(unwrap(loadServerConfig({})));
    expect(policy.allowed.map((p) => p.text)).toEqual(DEFAULT_LLM_ALLOWED_URLS.split(','));
    expect(policy).toMatchObject({ serverEndpoint: undefined, timeoutMs: 60_000, callsPerMinute: 30 });
  });

  it('read the allow-list and the server endpoint from the environment, naming bad values', () => {
    const loaded = loadServerConfig({
      VERILAB_LLM_ALLOWED_URLS: 'https://api.openai.com/v1, http://gpu-box:*',
      VERILAB_LLM_BASE_URL: 'https://llm.internal.example/v1',
      VERILAB_LLM_API_KEY: 'server-secret',
      VERILAB_LLM_TIMEOUT_MS: '5000',
    });
    const policy = llmPolicyOf(unwrap(loaded));
    expect(policy.allowed.map((p) => p.text)).toEqual(['https://api.openai.com/v1', 'http://gpu-box:*']);
    expect(policy.serverEndpoint).toMatchObject({ url: new URL('https://llm.internal.example/v1'), apiKey: 'server-secret' });
    const bad = loadServerConfig({ VERILAB_LLM_ALLOWED_URLS: 'http://*.example.com', VERILAB_LLM_BASE_URL: 'http://u:p@host/v1', VERILAB_LLM_API_KEY: 'never-echoed' });
    expect(bad.ok).toBe(false);
    const issues = bad.ok ? '' : bad.issues.map((issue) => issue.message).join('\n');
    expect(issues).toMatch(/VERILAB_LLM_ALLOWED_URLS="http:\/\/\*\.example\.com": .*not scheme:\/\/host/);
    expect(issues).toMatch(/VERILAB_LLM_BASE_URL=.*must not carry credentials/);
    expect(issues).not.toContain('never-echoed');
  });
});
