import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from './server-config.ts';

describe('loadServerConfig', () => {
  it('defaults to loopback:8000, 256 sessions, one-hour tokens and a development key', () => {
    const config = unwrap(loadServerConfig({}));
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8000, maxSessions: 256, tokenLifetimeSeconds: 3600, developmentKey: true });
    expect(config.tokenKey).toHaveLength(32);
  });

  it('reads environment variables, and flags win over them', () => {
    const loaded = loadServerConfig(
      { VERILAB_PORT: '9000', MAX_CONCURRENT_ENVS: '64', VERILAB_TOKEN_KEY: 'ab'.repeat(32), VERILAB_HOST: '0.0.0.0' },
      { port: '7000' },
    );
    expect(loaded.ok && loaded.value).toMatchObject({ host: '0.0.0.0', port: 7000, maxSessions: 64, developmentKey: false });
  });

  it('names every bad value by the variable or flag the user typed', () => {
    const loaded = loadServerConfig(
      { VERILAB_MAX_SESSIONS: '0', VERILAB_TOKEN_KEY: 'short', VERILAB_STEP_BUDGET_MS: 'soon', VERILAB_ALLOWED_ORIGINS: 'http://ok.example, http://a.example/path' },
      { port: '70000' },
    );
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.issues.map((issue) => [issue.code, ...issue.path])).toEqual([
      ['invalid-setting', 'port'],
      ['invalid-setting', 'maxSessions'],
      ['invalid-setting', 'stepBudgetMs'],
      ['invalid-setting', 'allowedOrigins'],
      ['invalid-setting', 'tokenKey'],
    ]);
    const printed = loaded.issues.map((issue) => issue.message).join('\n');
    expect(printed).toMatch(/VERILAB_ALLOWED_ORIGINS=.*"http:\/\/a.example\/path" is not an origin/);
    expect(printed).toMatch(/--port="70000"/);
    expect(printed).toMatch(/VERILAB_MAX_SESSIONS="0"/);
    expect(printed).toMatch(/VERILAB_STEP_BUDGET_MS="soon"/);
    expect(printed).toMatch(/VERILAB_TOKEN_KEY: must be 32 bytes/);
  });
});
