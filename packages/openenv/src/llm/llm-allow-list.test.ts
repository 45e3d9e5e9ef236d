import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { DEFAULT_LLM_ALLOWED_URLS, matchesPattern, parseBaseUrl, parseUrlPattern, parseUrlPatterns } from './llm-allow-list.ts';

const patterns = (text: string) => unwrap(parseUrlPatterns(text));

const allowed = (url: string, list = DEFAULT_LLM_ALLOWED_URLS): boolean => {
  const parsed = parseBaseUrl(url);
  return parsed.ok && patterns(list).some((pattern) => matchesPattern(parsed.value, pattern));
};

describe('the LLM allow-list', () => {
  it('allows loopback on any port by default, and nothing else', () => {
    for (const url of ['http://127.0.0.1:11434/v1', 'http://localhost:8000/v1', 'http://LOCALHOST:1/', 'http://[::1]:8080/v1', 'http://127.0.0.1/v1', 'http://0x7f.0.0.1:9/v1']) {
      expect(allowed(url), url).toBe(true);
    }
    for (const url of [
      'http://10.0.0.1/v1',
      'http://example.com/v1',
      'https://127.0.0.1:8443/v1', // another scheme
      'http://127.0.0.2:80/v1', // another loopback address is not listed
      'http://127.0.0.1.example.com/v1',
      'http://localhost.example.com:8000/v1',
      'http://[::ffff:a00:1]/v1',
      'http://169.254.169.254/latest/meta-data',
      'http://127.0.0.1:80@10.0.0.1/v1', // credentials: refused outright
      'http://127.0.0.1:8000/v1?x=1',
      'file:///etc/passwd',
      'gopher://127.0.0.1:70/',
      'not a url',
    ]) {
      expect(allowed(url), url).toBe(false);
    }
  });

  it('matches scheme, host, port and path prefix exactly', () => {
    const list = 'https://api.openai.com/v1,http://gpu-box:8000';
    expect(allowed('https://api.openai.com/v1', list)).toBe(true);
    expect(allowed('https://api.openai.com/v1/', list)).toBe(true);
    expect(allowed('https://api.openai.com:443/v1', list)).toBe(true);
    expect(allowed('https://api.openai.com/v10', list)).toBe(false);
    expect(allowed('https://api.openai.com/v1/../admin', list)).toBe(false);
    expect(allowed('https://api.openai.com:8443/v1', list)).toBe(false);
    expect(allowed('http://api.openai.com/v1', list)).toBe(false);
    expect(allowed('http://gpu-box:8000/anything/v1', list)).toBe(true);
    expect(allowed('http://gpu-box/v1', list)).toBe(false);
  });

  it('rejects malformed patterns with a message, and "none" allows nothing', () => {
    for (const text of ['ftp://host', 'http://user@host', 'http://host:port', 'localhost:8000', 'http://host/?q', 'http://*.example.com']) {
      const parsed = parseUrlPattern(text);
      expect(parsed.ok, text).toBe(false);
    }
    expect(parseUrlPatterns('none')).toEqual({ ok: true, value: [] });
    expect(parseUrlPatterns(' , ')).toMatchObject({ ok: false, issues: [{ code: 'empty-allow-list' }] });
    expect(parseBaseUrl('http://u:p@host/v1')).toMatchObject({ ok: false, issues: [{ code: 'invalid-base-url', message: expect.stringContaining('credentials') }] });
  });
});
