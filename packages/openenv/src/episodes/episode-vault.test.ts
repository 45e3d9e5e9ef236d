import { unwrap } from '@verilab/core';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createTestApp } from '../testing/test-server.ts';
import { EpisodeTokenCodec } from './episode-tokens.ts';
import { EpisodeVault } from './episode-vault.ts';
import { ReplayGuard } from './replay-guard.ts';
import type { SharedReplayStore } from './shared-replay-store.ts';

// The vault redeems each token once; a claim given what a peek read does not open it again.
const Episode = z.strictObject({ seed: z.int() });
const now = () => 1_000;

function vault(shared?: SharedReplayStore) {
  const codec = new EpisodeTokenCodec({ key: new Uint8Array(32).fill(7), lifetimeSeconds: 60, now });
  const guard = new ReplayGuard({ capacity: 16, bucketSeconds: 60, now });
  return { codec, vault: new EpisodeVault(codec, guard, shared === undefined ? undefined : { store: shared, log: () => undefined }) };
}

describe('EpisodeVault', () => {
  it('claims what a peek read without opening the token again, and only once', () => {
    const { codec, vault: episodes } = vault();
    const token = episodes.issue('qm', { seed: 5 });
    const open = vi.spyOn(codec, 'open');
    const peeked = unwrap(episodes.peek('qm', token, Episode));
    expect(peeked.episode).toEqual({ seed: 5 });
    expect(episodes.claim('qm', token, Episode, peeked)).toEqual({ ok: true, value: { seed: 5 } });
    expect(open).toHaveBeenCalledTimes(1);
    expect(episodes.claim('qm', token, Episode)).toMatchObject({ ok: false, issues: [{ code: 'replayed' }] });
    expect(episodes.claim('qm', token, Episode, peeked)).toMatchObject({ ok: false, issues: [{ code: 'replayed' }] });
  });

  it('names why a token cannot be claimed: altered, or of an incompatible shape', () => {
    const { vault: episodes } = vault();
    expect(episodes.claim('qm', 'v1.AAAA', Episode)).toMatchObject({ ok: false, issues: [{ code: 'malformed' }] });
    const other = episodes.issue('qm', { level: 'L1' });
    expect(episodes.peek('qm', other, Episode)).toMatchObject({ ok: false, issues: [{ code: 'incompatible' }] });
  });

  it('waits for the shared store, and fails closed when it does not answer', async () => {
    const answers: ('fresh' | 'replayed' | Error)[] = ['fresh', 'replayed', new Error('down')];
    const shared: SharedReplayStore = {
      claim: () => {
        const answer = answers.shift()!;
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
      },
      close: () => undefined,
    };
    const { vault: episodes } = vault(shared);
    const claim = (seed: number) => {
      const token = episodes.issue('qm', { seed });
      return episodes.claim('qm', token, Episode, unwrap(episodes.peek('qm', token, Episode)));
    };
    expect(await claim(1)).toEqual({ ok: true, value: { seed: 1 } });
    expect(await claim(2)).toMatchObject({ ok: false, issues: [{ code: 'replayed' }] });
    expect(await claim(3)).toMatchObject({ ok: false, issues: [{ code: 'unavailable', message: expect.stringMatching(/did not answer/) }] });
  });

  it('opens a token once per HTTP step, though the host asks whether it is ready first', async () => {
    const api = createTestApp().client();
    const token = (await api.post('/reset', { seed: 3 })).json.observation.episode_id as string;
    const open = vi.spyOn(EpisodeTokenCodec.prototype, 'open');
    try {
      const stepped = await api.post('/step', { action: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]', episode_id: token } });
      expect(stepped.status).toBe(200);
      expect(open).toHaveBeenCalledTimes(1);
    } finally {
      open.mockRestore();
    }
  });
});
