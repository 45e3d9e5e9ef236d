import { createHash } from 'node:crypto';
import { Xoshiro128 } from '@verilab/core';
import { CurriculumScheduler } from '@verilab/qubit-medic';
import type { RedisConnection } from '../episodes/redis-connection.ts';

/**
 * The curricula of training runs, by the run id clients name on reset (`run_id`), so that runs
 * sharing a server never move each other's levels, while one run's parallel sessions share one.
 * At most `max` runs are kept, the least recently used forgotten first (a forgotten run starts
 * over at the first level, unless a shared store remembers it). A run's level draws are seeded
 * from its id, so a run replayed with the same outcomes draws the same levels.
 *
 * With a shared store (the replicas' Redis), each outcome is also appended there and a run's
 * windows are read back before each of its resets, so a run spread over several replicas has
 * one curriculum.
 *
 * A run id is a capability: anyone who knows it can move that run's curriculum, so trainers
 * should name runs with something unguessable (e.g. a UUID).
 */
export interface RunCurriculumStore {
  /** The outcome windows of run `runId` at `levels`, oldest first. */
  load(runId: string, levels: readonly string[]): Promise<Record<string, number[]>>;
  /** Appends an outcome, without waiting: a lost record only makes the curriculum lag. */
  record(runId: string, level: string, outcome: number): void;
}

export class CurriculumRuns {
  private readonly runs = new Map<string, CurriculumScheduler>();
  readonly max: number;
  private readonly store: RunCurriculumStore | undefined;
  private readonly log: (line: string) => void;

  constructor(max: number, shared?: { readonly store: RunCurriculumStore; readonly log: (line: string) => void }) {
    this.max = max;
    this.store = shared?.store;
    this.log = shared?.log ?? (() => undefined);
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

  /** Reads run `runId`'s windows back from the shared store (undefined: no store). If the store fails, the run goes on with what this process knows. */
  refresh(runId: string): Promise<void> | undefined {
    const store = this.store;
    if (store === undefined) return undefined;
    const levels = Object.keys(this.of(runId).stats());
    return store.load(runId, levels).then(
      (windows) => this.of(runId).restore(windows),
      (error: unknown) => this.log(`verilab: could not read run ${JSON.stringify(runId)}'s curriculum from the shared store: ${String(error)}`),
    );
  }

  /** Records an outcome of run `runId` in the shared store (this process's copy is updated by the step itself). */
  record(runId: string, level: string, outcome: number): void {
    this.store?.record(runId, level, outcome);
  }

  get size(): number {
    return this.runs.size;
  }
}

function runSeed(runId: string): number {
  return createHash('sha256').update(runId, 'utf8').digest().readUInt32LE(0);
}

/** A run's outcomes are kept this long after its last episode. */
const RUN_TTL_SECONDS = 7 * 24 * 3600;

/** Run curricula in Redis: one list per run and level, trimmed to the window, expiring a week after the run's last episode. */
export class RedisRunCurricula implements RunCurriculumStore {
  private readonly connection: RedisConnection;
  private readonly window: number;
  private readonly log: (line: string) => void;

  /** `connection`: the server's one connection to its Redis, shared with the replay store (see shared-redis.ts). */
  constructor(connection: RedisConnection, window: number, log: (line: string) => void) {
    this.connection = connection;
    this.window = window;
    this.log = log;
  }

  async load(runId: string, levels: readonly string[]): Promise<Record<string, number[]>> {
    // Sent together on one connection: one round trip.
    const replies = await Promise.all(levels.map((level) => this.connection.command(['LRANGE', key(runId, level), String(-this.window), '-1'])));
    return Object.fromEntries(levels.map((level, i) => [level, (Array.isArray(replies[i]) ? (replies[i] as readonly unknown[]) : []).map(Number)]));
  }

  record(runId: string, level: string, outcome: number): void {
    const list = key(runId, level);
    const commands = [['RPUSH', list, String(outcome)], ['LTRIM', list, String(-this.window), '-1'], ['EXPIRE', list, String(RUN_TTL_SECONDS)]];
    for (const command of commands) {
      this.connection.command(command).catch((error: unknown) => this.log(`verilab: could not record run ${JSON.stringify(runId)}'s curriculum in the shared store: ${String(error)}`));
    }
  }

}

function key(runId: string, level: string): string {
  return `verilab:run:${runId}:${level}`;
}
