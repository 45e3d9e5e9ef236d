import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '@verilab/core';
import { CollectScheduler, FIRST_CHUNK_SHOTS, nominalChunkShots, type ChunkRequest, type ChunkResult, type CollectLimits } from './collect-scheduler.ts';

/** A stand-in for sampling: the errors of a chunk are a fixed function of (task, chunk, shots). */
const fakeErrors = (request: ChunkRequest) => {
  const rate = [0.001, 0.02, 0.3][request.task % 3]!;
  const rng = Xoshiro128.fromSeed(request.task * 1000 + request.chunk);
  let errors = 0;
  for (let i = 0; i < request.shots; i++) if (rng.nextDouble() < rate) errors++;
  return errors;
};

type Committed = Map<number, ChunkResult[]>;

/**
 * Runs a scheduler with `workers` simulated workers that finish their chunks in a random order
 * (seeded), optionally stopping after `stopAfter` committed rows (a kill), from `existing` rows.
 */
function simulate(limits: CollectLimits, tasks: number, workers: number, order: number, existing: Committed = new Map(), stopAfter = Infinity): Committed {
  const scheduler = new CollectScheduler(limits);
  const committed: Committed = new Map();
  for (let task = 0; task < tasks; task++) {
    const rows = existing.get(task) ?? [];
    committed.set(task, [...rows]);
    scheduler.addTask(task, { shots: rows.reduce((s, r) => s + r.shots, 0), errors: rows.reduce((s, r) => s + r.errors, 0), rows: rows.length });
  }
  const rng = Xoshiro128.fromSeed(order);
  const inFlight: (ChunkRequest & { worker: number })[] = [];
  const idle = new Set(Array.from({ length: workers }, (_, w) => w));
  let written = 0;
  for (;;) {
    for (const w of [...idle]) {
      const request = scheduler.next(w, false) ?? scheduler.next(w, rng.nextDouble() < 0.7);
      if (request === undefined) continue;
      idle.delete(w);
      inFlight.push({ ...request, worker: w });
    }
    if (inFlight.length === 0) break;
    const [done] = inFlight.splice(Math.floor(rng.nextDouble() * inFlight.length), 1);
    idle.add(done!.worker);
    for (const row of scheduler.complete({ task: done!.task, chunk: done!.chunk, shots: done!.shots, errors: fakeErrors(done!), seconds: 0 })) {
      if (written++ >= stopAfter) return committed;
      committed.get(row.task)!.push(row);
    }
  }
  expect(scheduler.finished).toBe(true);
  return committed;
}

const limits: CollectLimits = { maxShots: 50_000, maxErrors: 300, maxBatchShots: 4096 };

describe('CollectScheduler', () => {
  it('sizes chunks by doubling up to the batch cap', () => {
    expect([0, 1, 2, 3, 10, 60].map((k) => nominalChunkShots(k, 4096))).toEqual([FIRST_CHUNK_SHOTS, 512, 1024, 2048, 4096, 4096]);
  });

  it('commits the same chunks whatever the worker count and completion order', () => {
    const reference = simulate(limits, 6, 1, 1);
    for (const [workers, order] of [[2, 2], [3, 3], [8, 4], [8, 5]] as const) expect(simulate(limits, 6, workers, order)).toEqual(reference);
  });

  it('stops each task at the first prefix that reaches a limit', () => {
    for (const [task, rows] of simulate(limits, 6, 4, 9)) {
      const shots = rows.reduce((s, r) => s + r.shots, 0);
      const errors = rows.reduce((s, r) => s + r.errors, 0);
      expect(shots <= limits.maxShots).toBe(true);
      expect(shots === limits.maxShots || errors >= limits.maxErrors).toBe(true);
      const before = rows.slice(0, -1);
      expect(before.reduce((s, r) => s + r.shots, 0) < limits.maxShots && before.reduce((s, r) => s + r.errors, 0) < limits.maxErrors).toBe(true);
      expect(rows.map((r) => r.chunk)).toEqual(rows.map((_, k) => k));
      expect(task).toBeLessThan(6);
    }
  });

  it('resumed after a kill at any row, ends with the rows of an uninterrupted run', () => {
    const reference = simulate(limits, 6, 1, 1);
    const total = [...reference.values()].reduce((s, rows) => s + rows.length, 0);
    for (const stopAfter of [0, 1, 7, Math.floor(total / 2), total - 1]) {
      const partial = simulate(limits, 6, 3, 11 + stopAfter, new Map(), stopAfter);
      expect(simulate(limits, 6, 2, 99, partial)).toEqual(reference);
    }
  });

  it('treats a task whose file rows already reach a limit as done', () => {
    const scheduler = new CollectScheduler(limits);
    scheduler.addTask(0, { shots: 50_000, errors: 3, rows: 9 });
    scheduler.addTask(1, { shots: 10, errors: 300, rows: 1 });
    expect([scheduler.isDone(0), scheduler.isDone(1), scheduler.finished]).toEqual([true, true, true]);
    expect(scheduler.next(0, true)).toBeUndefined();
  });
});
