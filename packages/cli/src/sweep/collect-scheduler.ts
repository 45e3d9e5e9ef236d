/**
 * Which chunk of which task each worker samples next, and which finished chunks become CSV rows
 * — decided so the rows do not depend on the thread count, the scheduling or interruptions.
 *
 * Chunk k of a task has a size fixed by k and the shots before it (doubling from
 * FIRST_CHUNK_SHOTS up to maxBatchShots, clipped at maxShots) and its own random stream (derived
 * from the seed, the task's strong id and k), so its result is a function of (task, k) alone.
 * Chunks are committed in index order only, and a task stops at the first prefix of chunks that
 * reaches maxShots or maxErrors; chunks finished beyond that prefix (sampled speculatively by an
 * otherwise idle worker) are dropped. So any run — 1 thread or 8, interrupted and resumed from
 * its CSV or not — writes the same chunks for a given seed.
 *
 * Sinter (glue/sample/src/sinter/_collection) ramps batch sizes similarly but commits batches
 * as they finish, so its totals depend on timing; ours do not.
 */
export const FIRST_CHUNK_SHOTS = 256;

export interface CollectLimits {
  readonly maxShots: number;
  /** Infinity when there is no error limit. */
  readonly maxErrors: number;
  readonly maxBatchShots: number;
}

export interface ChunkRequest {
  readonly task: number;
  readonly chunk: number;
  readonly shots: number;
}

export interface ChunkResult extends ChunkRequest {
  readonly errors: number;
  readonly seconds: number;
}

/** Shots of chunk k before clipping at maxShots. */
export function nominalChunkShots(chunk: number, maxBatchShots: number): number {
  return Math.min(maxBatchShots, FIRST_CHUNK_SHOTS * 2 ** Math.min(chunk, 40));
}

interface TaskState {
  committedShots: number;
  committedErrors: number;
  /** Index of the next chunk to commit (= rows written so far). */
  committedChunks: number;
  /** Shots committed plus those of issued, uncommitted chunks: where the next chunk starts. */
  plannedShots: number;
  nextChunk: number;
  readonly pending: Map<number, ChunkResult>;
  inFlight: number;
  /** The worker that last sampled it (it has the task compiled). */
  owner: number | undefined;
  done: boolean;
}

export class CollectScheduler {
  private readonly limits: CollectLimits;
  private readonly tasks = new Map<number, TaskState>();

  constructor(limits: CollectLimits) {
    if (!(limits.maxShots >= 0) || !(limits.maxErrors >= 0) || !(limits.maxBatchShots >= 1)) {
      throw new RangeError('limits must be non-negative (maxBatchShots >= 1)');
    }
    this.limits = limits;
  }

  /** Adds a task with what earlier runs already committed for it (its CSV rows). */
  addTask(task: number, existing: { shots: number; errors: number; rows: number }, owner?: number): void {
    if (this.tasks.has(task)) throw new Error(`task ${task} added twice`);
    const state: TaskState = {
      committedShots: existing.shots,
      committedErrors: existing.errors,
      committedChunks: existing.rows,
      plannedShots: existing.shots,
      nextChunk: existing.rows,
      pending: new Map(),
      inFlight: 0,
      owner,
      done: false,
    };
    state.done = this.reachedLimit(state);
    this.tasks.set(task, state);
  }

  isDone(task: number): boolean {
    return this.tasks.get(task)?.done ?? false;
  }

  /** All added tasks have reached a limit. */
  get finished(): boolean {
    for (const state of this.tasks.values()) if (!state.done) return false;
    return true;
  }

  /** Committed totals per task. */
  totals(task: number): { shots: number; errors: number; rows: number } | undefined {
    const state = this.tasks.get(task);
    return state && { shots: state.committedShots, errors: state.committedErrors, rows: state.committedChunks };
  }

  /**
   * The next chunk for `worker`: first a task with nothing in flight (preferring the worker's
   * own), then — only if `speculate` — another chunk of a task already being sampled. Undefined
   * when nothing is worth sampling now.
   */
  next(worker: number, speculate: boolean): ChunkRequest | undefined {
    let pick: [number, TaskState] | undefined;
    let pickRank = Infinity;
    for (const entry of this.tasks) {
      const state = entry[1];
      if (state.done || state.plannedShots >= this.limits.maxShots) continue;
      if (state.inFlight > 0 && !speculate) continue;
      // Rank: idle tasks before busy ones, own before foreign, fewer chunks in flight first.
      const rank = state.inFlight * 2 + (state.owner === worker ? 0 : 1);
      if (rank < pickRank) {
        pick = entry;
        pickRank = rank;
      }
    }
    if (pick === undefined) return undefined;
    const [task, state] = pick;
    const shots = Math.min(nominalChunkShots(state.nextChunk, this.limits.maxBatchShots), this.limits.maxShots - state.plannedShots);
    const request = { task, chunk: state.nextChunk, shots };
    state.nextChunk++;
    state.plannedShots += shots;
    state.inFlight++;
    state.owner = worker;
    return request;
  }

  /** Records a finished chunk; returns the chunks that are now committed, in order. */
  complete(result: ChunkResult): ChunkResult[] {
    const state = this.tasks.get(result.task);
    if (state === undefined) throw new Error(`result for unknown task ${result.task}`);
    state.inFlight--;
    if (state.done) return [];
    state.pending.set(result.chunk, result);
    const committed: ChunkResult[] = [];
    for (let ready = state.pending.get(state.committedChunks); ready !== undefined; ready = state.pending.get(state.committedChunks)) {
      state.pending.delete(state.committedChunks);
      committed.push(ready);
      state.committedChunks++;
      state.committedShots += ready.shots;
      state.committedErrors += ready.errors;
      if (this.reachedLimit(state)) {
        state.done = true;
        state.pending.clear();
        break;
      }
    }
    return committed;
  }

  private reachedLimit(state: TaskState): boolean {
    return state.committedShots >= this.limits.maxShots || state.committedErrors >= this.limits.maxErrors;
  }
}
