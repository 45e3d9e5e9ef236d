import { unwrap } from '@verilab/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { NumberedEpisodes } from './numbered-episodes.ts';

// The original client's integer episode ids: a store bounded in count and age, with a clear
// reason for every id it cannot step.
const Episode = z.strictObject({ seed: z.int() });

function store(capacity = 3, lifetimeSeconds = 60) {
  let now = 1000;
  const episodes = new NumberedEpisodes({ capacity, lifetimeSeconds, now: () => now });
  return { episodes, advance: (seconds: number) => (now += seconds) };
}

describe('NumberedEpisodes', () => {
  it('issues 1, 2, 3, … and redeems each once', () => {
    const { episodes } = store();
    expect([episodes.issue('qm', { seed: 7 }), episodes.issue('qm', { seed: 8 })]).toEqual(['1', '2']);
    expect(episodes.peek('qm', '2', Episode)).toMatchObject({ ok: true, value: { episode: { seed: 8 } } });
    expect(episodes.claim('qm', '2', Episode)).toEqual({ ok: true, value: { seed: 8 } });
    expect(episodes.claim('qm', '2', Episode)).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/^episode 2 is already finished/) }] });
    expect(episodes.size).toBe(1);
  });

  it('claims what a peek read without reading it again, still once', () => {
    const { episodes } = store();
    episodes.issue('qm', { seed: 3 });
    const peeked = unwrap(episodes.peek('qm', '1', Episode));
    expect(episodes.claim('qm', '1', Episode, peeked)).toEqual({ ok: true, value: { seed: 3 } });
    expect(episodes.claim('qm', '1', Episode)).toMatchObject({ ok: false, issues: [{ code: 'gone', message: expect.stringMatching(/^episode 1 is already finished/) }] });
    // A second claim handed the same peek is refused too: the peek is no licence to step twice.
    expect(episodes.claim('qm', '1', Episode, peeked)).toMatchObject({ ok: false, issues: [{ code: 'gone', message: expect.stringMatching(/^episode 1 is already finished/) }] });
  });

  it('evicts the oldest past its capacity and says so', () => {
    const { episodes } = store(2);
    for (let seed = 0; seed < 3; seed++) episodes.issue('qm', { seed });
    expect(episodes.size).toBe(2);
    expect(episodes.claim('qm', '1', Episode)).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/^episode 1 was evicted unstepped: this server holds at most 2/) }] });
    expect(episodes.claim('qm', '3', Episode)).toEqual({ ok: true, value: { seed: 2 } });
  });

  it('expires episodes after their lifetime', () => {
    const { episodes, advance } = store(3, 60);
    episodes.issue('qm', { seed: 1 });
    advance(30);
    episodes.issue('qm', { seed: 2 });
    advance(31);
    expect(episodes.claim('qm', '1', Episode)).toMatchObject({ ok: false, issues: [{ message: 'episode 1 expired unstepped after 60 s; call reset() for a new one' }] });
    expect(episodes.claim('qm', '2', Episode)).toMatchObject({ ok: true });
  });

  it('names unknown, malformed and other-environment ids', () => {
    const { episodes } = store();
    episodes.issue('qm', { seed: 1 });
    expect(episodes.claim('qm', '9', Episode)).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/^unknown episode 9: this server has started 1 episode/) }] });
    for (const text of ['0', '-1', '1.5', 'abc', '01', '9'.repeat(20)]) {
      expect(episodes.claim('qm', text, Episode)).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/^episode_id must be an episode number this server issued/) }] });
    }
    expect(episodes.claim('physix', '1', Episode)).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/^episode 1 is no longer held here/) }] });
    expect(episodes.claim('qm', '1', Episode)).toMatchObject({ ok: true });
  });

  it('forgets retired ids beyond its capacity, keeping memory bounded', () => {
    const { episodes } = store(2);
    for (let seed = 0; seed < 10; seed++) episodes.claim('qm', episodes.issue('qm', { seed }), Episode);
    expect(episodes.claim('qm', '9', Episode)).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/already finished/) }] });
    expect(episodes.claim('qm', '2', Episode)).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/no longer held here/) }] });
  });
});
