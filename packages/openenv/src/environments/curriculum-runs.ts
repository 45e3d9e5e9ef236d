import { createHash } from 'node:crypto';
import { Xoshiro128 } from '@verilab/qec';
import { CurriculumScheduler } from '@verilab/qubit-medic';

/**
 * The curricula of training runs, by the run id clients name on reset (`run_id`), so that runs
 * sharing a server never move each other's levels, while one run's parallel sessions share one.
 * At most `max` runs are kept, the least recently used forgotten first (a forgotten run starts
 * over at the first level). A run's level draws are seeded from its id, so a run replayed with
 * the same outcomes draws the same levels.
 *
 * A run id is a capability: anyone who knows it can move that run's curriculum, so trainers
 * should name runs with something unguessable (e.g. a UUID).
 */
export class CurriculumRuns {
  private readonly runs = new Map<string, CurriculumScheduler>();
  readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  /** The curriculum of run `runId`, started if new; marks it recently used. */
  of(runId: string): CurriculumScheduler {
    let scheduler = this.runs.get(runId);
    if (scheduler === undefined) scheduler = new CurriculumScheduler(Xoshiro128.fromSeed(runSeed(runId)));
    else this.runs.delete(runId);
    this.runs.set(runId, scheduler);
    if (this.runs.size > this.max) this.runs.delete(this.runs.keys().next().value as string);
    return scheduler;
  }

  get size(): number {
    return this.runs.size;
  }
}

function runSeed(runId: string): number {
  return createHash('sha256').update(runId, 'utf8').digest().readUInt32LE(0);
}
