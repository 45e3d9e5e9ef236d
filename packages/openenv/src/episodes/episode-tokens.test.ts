import { describe, expect, it } from 'vitest';
import { EpisodeTokenCodec, parseTokenKey } from './episode-tokens.ts';

const KEY = new Uint8Array(32).fill(3);
const episode = { level: 'L2_target', seed: 123456789, prompt_format: 'v2', reward_profile: 'exact', forced_level: true };

function codec(now = () => 1_000, key = KEY) {
  return new EpisodeTokenCodec({ key, lifetimeSeconds: 60, now });
}

describe('EpisodeTokenCodec', () => {
  it('round-trips an episode, and gives every token its own id', () => {
    const a = codec().seal('qubit-medic', episode);
    const b = codec().seal('qubit-medic', episode);
    expect(a.token).not.toBe(b.token);
    expect(a.id).not.toBe(b.id);
    const opened = codec().open('qubit-medic', a.token);
    expect(opened).toEqual({ ok: true, value: { id: a.id, expiresAt: 1_060, epoch: undefined, episode } });
    expect(a.token.length).toBeLessThan(255);
  });

  it('hides the episode: neither the seed nor the level can be read off the token', () => {
    const { token } = codec().seal('qubit-medic', episode);
    const decoded = Buffer.from(token.slice(3), 'base64url').toString('latin1');
    expect(token).not.toContain('123456789');
    expect(decoded).not.toContain('123456789');
    expect(decoded).not.toContain('L2_target');
  });

  it('rejects every altered character, another key, another environment and garbage', () => {
    const { token } = codec().seal('qubit-medic', episode);
    for (let i = 3; i < token.length; i++) {
      const altered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      const opened = codec().open('qubit-medic', altered);
      expect(opened.ok, `altered character ${i}`).toBe(false);
    }
    expect(codec(() => 1_000, new Uint8Array(32).fill(4)).open('qubit-medic', token)).toMatchObject({ ok: false, issues: [{ code: 'malformed' }] });
    expect(codec().open('physix', token)).toMatchObject({ ok: false, issues: [{ code: 'malformed' }] });
    for (const junk of ['', 'v1.', 'v1.AAAA', '42', 'v2.' + token.slice(3), token + '=='.repeat(3000)]) {
      expect(codec().open('qubit-medic', junk).ok).toBe(false);
    }
  });

  it('expires tokens after their lifetime', () => {
    let now = 1_000;
    const tokens = codec(() => now);
    const { token } = tokens.seal('qubit-medic', episode);
    now = 1_059.9;
    expect(tokens.open('qubit-medic', token).ok).toBe(true);
    now = 1_060;
    expect(tokens.open('qubit-medic', token)).toMatchObject({ ok: false, issues: [{ code: 'expired' }] });
  });
});

describe('parseTokenKey', () => {
  it('reads 32 bytes as hex or base64 and refuses anything else', () => {
    const bytes = (text: string) => [...(parseTokenKey(text) ?? [])];
    expect(bytes('ab'.repeat(32))).toEqual(Array(32).fill(0xab));
    expect(bytes(Buffer.alloc(32, 9).toString('base64'))).toEqual(Array(32).fill(9));
    expect(bytes(Buffer.alloc(32, 250).toString('base64url'))).toEqual(Array(32).fill(250));
    expect(parseTokenKey(Buffer.alloc(16).toString('base64'))).toBeUndefined();
    expect(parseTokenKey('not a key!')).toBeUndefined();
  });
});
