import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact-secrets.ts';

describe('redactSecrets', () => {
  it('hides credential values at any depth and keeps everything else', () => {
    const body = { episode_id: 'tok', api_key: 'sk-live-123', nested: [{ Authorization: 'Bearer x', model: 'm' }], apiKey: '' };
    expect(redactSecrets(body)).toEqual({ episode_id: 'tok', api_key: REDACTED, nested: [{ Authorization: REDACTED, model: 'm' }], apiKey: '' });
    expect(JSON.stringify(redactSecrets(body))).not.toContain('sk-live');
    expect(redactSecrets('plain')).toBe('plain');
  });
});
