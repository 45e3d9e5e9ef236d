import { unwrap } from '@verilab/core';
import { resolveLevel } from '@verilab/qubit-medic';
import { describe, expect, it, vi } from 'vitest';
import { MinHeap } from '../episodes/min-heap.ts';
import { httpClient } from '../testing/http-client.ts';
import { mapEntriesVisited } from '../testing/map-visits.ts';
import { MemoryRunStore } from '../testing/memory-run-store.ts';
import { startTestServer, testPhysics } from '../testing/test-server.ts';
import { CurriculumRuns } from './curriculum-runs.ts';
import { createQubitMedicHost } from './qubit-medic-host.ts';

// Anyone may name fresh run ids, thousands a second. A server keeps a bounded number of runs, so
// each fresh one pushes another out; a flood of them must push out its own runs, never a run
// that has trained (which would start over at L1, its promotions lost and its draws changed).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
type Json = any;

const MAX = 8;

/** Plays `episodes` episodes of run `runId` as a trainer does: a drawn level, then its outcome (always a success). */
function train(runs: CurriculumRuns, runId: string, episodes: number, now: number): void {
  for (let i = 0; i < episodes; i++) runs.record(runId, runs.of(runId, now).sample().name, 1);
}

/** The levels run `runId` draws next. */
function draws(runs: CurriculumRuns, runId: string, count: number, now: number): string[] {
  return Array.from({ length: count }, () => runs.of(runId, now).sample().name);
}

/** A reset in each of `count` fresh runs, half of them answered (a failure): runs with no outcome or one. */
function flood(runs: CurriculumRuns, count: number, now: number, afterEach: () => void = () => undefined): void {
  for (let k = 0; k < count; k++) {
    const id = `flood-${k}`;
    const level = runs.of(id, now).sample().name;
    if (k % 2 === 1) runs.record(id, level, 0);
    afterEach();
  }
}

describe('a flood of fresh run ids', () => {
  it("leaves a trained run's history and its next level draws as they were, and a newer run with a few outcomes", () => {
    const [flooded, untouched] = [new CurriculumRuns(MAX), new CurriculumRuns(MAX)];
    for (const runs of [flooded, untouched]) {
      train(runs, 'trainer', 90, 0);
      train(runs, 'newcomer', 2, 0);
    }
    flood(flooded, 10 * MAX, 1_000, () => expect(flooded.size).toBeLessThanOrEqual(MAX));
    expect(flooded.of('trainer', 1_000).stats()).toEqual(untouched.of('trainer', 1_000).stats());
    expect(flooded.of('newcomer', 1_000).stats()['L1_warmup']?.samples).toBe(2);
    const next = draws(flooded, 'trainer', 40, 1_000);
    expect(next).toEqual(draws(untouched, 'trainer', 40, 1_000));
    // Promoted past L1 and L2: a run started over would draw L1 only.
    expect(new Set(next)).toEqual(new Set(['L1_warmup', 'L2_target', 'L3_stretch']));
  });

  it('with a shared store, where a run reads its outcomes back on each reset, leaves a trained run its place in its draws', async () => {
    const sharing = () => new CurriculumRuns(MAX, { store: new MemoryRunStore(), log: (line) => expect.fail(line) });
    const [flooded, untouched] = [sharing(), sharing()];
    for (const runs of [flooded, untouched]) train(runs, 'trainer', 90, 0);
    for (let k = 0; k < 10 * MAX; k++) {
      await flooded.refresh(`flood-${k}`);
      flooded.record(`flood-${k}`, flooded.of(`flood-${k}`, 1_000).sample().name, 0);
    }
    await flooded.refresh('trainer');
    // Forgotten, the run would have its outcomes back from the store, but its generator started over.
    expect(draws(flooded, 'trainer', 40, 1_000)).toEqual(draws(untouched, 'trainer', 40, 1_000));
  });

  it('pushes out first a run idle past the horizon, but not while it has an episode pending', () => {
    const runs = new CurriculumRuns(2, undefined, 1_000);
    train(runs, 'agents', 5, 0);
    runs.pend('agents', 'L1_warmup', { id: 'thinking', answerBy: 10_000 });
    train(runs, 'trainer', 3, 0);
    // At 5 s both are idle, but the agents' episode is due at 10 s: the trainer, with less history, goes.
    runs.of('fresh', 5_000);
    expect(runs.isPending('agents', 'L1_warmup', 'thinking')).toBe(true);
    expect(runs.of('trainer', 5_000).stats()['L1_warmup']?.samples).toBe(0);
    // Past 11 s the agents' run is idle for more than the horizon: it goes before the fresh runs with less history.
    runs.of('fresher', 11_001);
    expect(runs.of('agents', 11_001).stats()['L1_warmup']?.samples).toBe(0);
    expect(runs.size).toBe(2);
  });

  it('costs each new run a bounded number of visits, not a scan of the runs kept', () => {
    const runs = new CurriculumRuns(1024);
    for (let k = 0; k < 1024; k++) train(runs, `kept-${k}`, k % 5, 0);
    // Heap positions written (MinHeap.place) and Map entries iterated, over 1,000 new runs.
    const place = vi.spyOn(MinHeap.prototype as unknown as { place: () => void }, 'place');
    try {
      const mapVisits = mapEntriesVisited(() => flood(runs, 1000, 0));
      expect(runs.size).toBe(1024);
      // Per new run (28 and 13 when written): a few uses and one eviction, each O(log 1024) heap moves;
      // a scan would visit 1,024 runs.
      expect(place.mock.calls.length / 1000).toBeLessThan(64);
      expect(mapVisits / 1000).toBeLessThan(32);
    } finally {
      place.mockRestore();
    }
  });
});

describe('a served run, flooded over HTTP', () => {
  it('keeps its curriculum when a client names ten times more fresh runs than the server keeps', async () => {
    const server = await startTestServer({ environments: [createQubitMedicHost({ physics: testPhysics(), maxRuns: 4 })] });
    try {
      const api = httpClient(server.url);
      const samples = (observation: Json): number => Object.values(observation.info.curriculum_stats as Record<string, { samples: number }>).reduce((sum, level) => sum + level.samples, 0);
      const step = async (runId: string, seed: number | undefined, truth: boolean): Promise<Json> => {
        const observation = (await api.post('/reset', { seed, run_id: runId })).json.observation;
        const shot = truth && seed !== undefined ? testPhysics()(unwrap(resolveLevel(observation.curriculum_level))).sample(seed) : undefined;
        const answer = shot === undefined ? { raw_response: 'no idea' } : { parsed_x_errors: shot.trueFrame.x, parsed_z_errors: shot.trueFrame.z };
        const stepped = await api.post('/step', { action: { ...answer, episode_id: observation.episode_id } });
        expect(stepped.status, stepped.text).toBe(200);
        return stepped.json.observation;
      };
      let trained: Json;
      for (let seed = 0; seed < 35; seed++) trained = await step('trainer', seed, true);
      expect(samples(trained)).toBe(35);
      for (let k = 0; k < 40; k++) {
        if (k % 2 === 1) await step(`flood-${k}`, undefined, false);
        else expect((await api.post('/reset', { run_id: `flood-${k}` })).status).toBe(200);
      }
      expect(samples(await step('trainer', 99, false))).toBe(36);
    } finally {
      await server.close();
    }
  });
});
