import { createHash } from 'node:crypto';
import { Xoshiro128 } from '@verilab/core';
import { CurriculumScheduler, WINDOW_SIZE } from '@verilab/qubit-medic';
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
 *
 * An MCP agent's episode that is never answered counts as an UNANSWERED entry, an outcome of 0
 * (`unanswered`), so skipping the hard episodes (resetting until the syndrome is empty) costs
 * what failing them would, in the run's statistics and its curriculum alike. A session knows
 * when its agent resets away or leaves, and says so then; a sessionless episode is counted from
 * its reset, until its answer takes the entry back (`answering`, then the outcome).
 */
export const UNANSWERED = 'unanswered';

/** One episode in a run's window: its logical correction (0 or 1), or UNANSWERED (counted 0). */
export type WindowEntry = number | typeof UNANSWERED;

export interface RunCurriculumStore {
  /** The windows of run `runId` at `levels`, oldest first. */
  load(runId: string, levels: readonly string[]): Promise<Record<string, WindowEntry[]>>;
  /** Appends an entry, without waiting: a lost record only makes the curriculum lag. */
  record(runId: string, level: string, entry: WindowEntry): void;
  /** Takes back the newest UNANSWERED entry at `level` (an episode is being answered), without waiting. */
  answer(runId: string, level: string): void;
}

/** A run's scheduler and the windows it was given, UNANSWERED entries included (the scheduler sees them as 0). */
interface Run {
  readonly scheduler: CurriculumScheduler;
  readonly windows: Map<string, WindowEntry[]>;
}

export class CurriculumRuns {
  private readonly runs = new Map<string, Run>();
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
    return this.run(runId).scheduler;
  }

  private run(runId: string): Run {
    let run = this.runs.get(runId);
    if (run === undefined) {
      const scheduler = new CurriculumScheduler(Xoshiro128.fromSeed(runSeed(runId)));
      run = { scheduler, windows: new Map(Object.keys(scheduler.stats()).map((level) => [level, []])) };
    } else this.runs.delete(runId);
    this.runs.set(runId, run);
    if (this.runs.size > this.max) this.runs.delete(this.runs.keys().next().value as string);
    return run;
  }

  /** Reads run `runId`'s windows back from the shared store (undefined: no store). If the store fails, the run goes on with what this process knows. */
  refresh(runId: string): Promise<void> | undefined {
    const store = this.store;
    if (store === undefined) return undefined;
    const levels = [...this.run(runId).windows.keys()];
    return store.load(runId, levels).then(
      (windows) => {
        const run = this.run(runId);
        for (const [level, window] of run.windows) window.splice(0, window.length, ...(windows[level] ?? []).slice(-WINDOW_SIZE));
        restore(run);
      },
      (error: unknown) => this.log(`verilab: could not read run ${JSON.stringify(runId)}'s curriculum from the shared store: ${String(error)}`),
    );
  }

  /** Counts an MCP agent's episode of run `runId` at `level` as unanswered: a 0, unless `answering` takes it back. */
  unanswered(runId: string, level: string): void {
    const run = this.run(runId);
    push(run, level, UNANSWERED);
    restore(run);
    this.store?.record(runId, level, UNANSWERED);
  }

  /**
   * An agent's episode of run `runId` at `level` is being answered: its 0 gives way to the outcome
   * the step records. Any unanswered entry of the level will do (they are all 0s): the newest,
   * most likely its own, so older, abandoned ones stay counted.
   */
  answering(runId: string, level: string): void {
    const run = this.run(runId);
    const window = run.windows.get(level);
    const newest = window?.lastIndexOf(UNANSWERED) ?? -1;
    if (window !== undefined && newest >= 0) window.splice(newest, 1);
    restore(run);
    this.store?.answer(runId, level);
  }

  /** Records an outcome of run `runId` (the step has already given it to the run's scheduler), here and in the shared store. */
  record(runId: string, level: string, outcome: number): void {
    push(this.run(runId), level, outcome);
    this.store?.record(runId, level, outcome);
  }

  get size(): number {
    return this.runs.size;
  }
}

function push(run: Run, level: string, entry: WindowEntry): void {
  const window = run.windows.get(level);
  if (window === undefined) return;
  window.push(entry);
  if (window.length > WINDOW_SIZE) window.shift();
}

/** Gives the scheduler the run's windows, an unanswered episode as a 0. */
function restore(run: Run): void {
  run.scheduler.restore(Object.fromEntries([...run.windows].map(([level, window]) => [level, window.map((entry) => (entry === UNANSWERED ? 0 : entry))])));
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

  async load(runId: string, levels: readonly string[]): Promise<Record<string, WindowEntry[]>> {
    // Sent together on one connection: one round trip.
    const replies = await Promise.all(levels.map((level) => this.connection.command(['LRANGE', key(runId, level), String(-this.window), '-1'])));
    return Object.fromEntries(levels.map((level, i) => [level, (Array.isArray(replies[i]) ? (replies[i] as readonly unknown[]) : []).map(windowEntry)]));
  }

  record(runId: string, level: string, entry: WindowEntry): void {
    const list = key(runId, level);
    this.send(runId, [['RPUSH', list, String(entry)], ['LTRIM', list, String(-this.window), '-1'], ['EXPIRE', list, String(RUN_TTL_SECONDS)]]);
  }

  answer(runId: string, level: string): void {
    // LREM with count -1 removes the newest match only.
    this.send(runId, [['LREM', key(runId, level), '-1', UNANSWERED]]);
  }

  /** Sends commands in order on the one connection, without waiting for their replies. */
  private send(runId: string, commands: readonly string[][]): void {
    for (const command of commands) {
      this.connection.command(command).catch((error: unknown) => this.log(`verilab: could not record run ${JSON.stringify(runId)}'s curriculum in the shared store: ${String(error)}`));
    }
  }
}

function windowEntry(stored: unknown): WindowEntry {
  return stored === UNANSWERED ? UNANSWERED : Number(stored);
}

function key(runId: string, level: string): string {
  return `verilab:run:${runId}:${level}`;
}
