import { describe, expect, it } from 'vitest';
import { loadServerConfig } from './server-config.ts';

describe('loadServerConfig', () => {
  it('defaults to loopback:8000, 256 sessions, one-hour tokens and a development key', () => {
    const loaded = loadServerConfig({});
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.config).toMatchObject({ host: '127.0.0.1', port: 8000, maxSessions: 256, tokenLifetimeSeconds: 3600, developmentKey: true });
    expect(loaded.config.tokenKey).toHaveLength(32);
  });

  it('reads environment variables, and flags win over them', () => {
    const loaded = loadServerConfig(
      { VERILAB_PORT: '9000', MAX_CONCURRENT_ENVS: '64', VERILAB_TOKEN_KEY: 'ab'.repeat(32), VERILAB_HOST: '0.0.0.0' },
      { port: '7000' },
    );
    expect(loaded.ok && loaded.config).toMatchObject({ host: '0.0.0.0', port: 7000, maxSessions: 64, developmentKey: false });
  });

  it('names every bad value by the variable or flag the user typed', () => {
    const loaded = loadServerConfig(
      { VERILAB_MAX_SESSIONS: '0', VERILAB_TOKEN_KEY: 'short', VERILAB_STEP_BUDGET_MS: 'soon', VERILAB_ALLOWED_ORIGINS: 'http://ok.example, http://a.example/path' },
      { port: '70000' },
    );
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.issues).toHaveLength(5);
    expect(loaded.issues.join('\n')).toMatch(/VERILAB_ALLOWED_ORIGINS=.*"http:\/\/a.example\/path" is not an origin/);
    expect(loaded.issues.join('\n')).toMatch(/--port="70000"/);
    expect(loaded.issues.join('\n')).toMatch(/VERILAB_MAX_SESSIONS="0"/);
    expect(loaded.issues.join('\n')).toMatch(/VERILAB_STEP_BUDGET_MS="soon"/);
    expect(loaded.issues.join('\n')).toMatch(/VERILAB_TOKEN_KEY: must be 32 bytes/);
  });
});
