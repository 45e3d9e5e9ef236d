import { Worker } from 'node:worker_threads';
import { asciiText, planeKernelsModule, type MaximumLikelihoodPosterior } from '@verilab/qec';
import { CURRICULUM, levelCircuitText, levelDetectors, type DecoderOutcome, type Level, type LevelPhysics, type ShotSample } from '@verilab/qubit-medic';
import { callSync, createChannel, type Channel } from './physics-channel.ts';
import type { PhysicsRequest } from './level-physics-worker.ts';

/**
 * Level physics for a server: curriculum levels are built in process (small, and L1/L2 before
 * the server listens); a custom level, which any client can name, is built in a worker thread
 * so the event loop keeps answering (`/health` included) while it builds. Until it is ready,
 * `prepare` says so and the client is asked to retry; once ready, the worker serves the level's
 * samples and decodes over a shared-memory channel (physics-channel.ts). Builds run under a
 * time limit and a heap limit, at most `maxBuilding` at once; built levels are kept within a
 * byte budget — a level costs its physics (in proportion to its detectors) plus its worker —
 * least recently used first out, their workers ended.
 *
 * A level is never built on the event loop after startup: `physics(level)` serves a custom
 * level only once `prepare` says it is ready, so every request that needs one (a step whose
 * level was evicted since its reset included) asks `prepare` first and, if it is not, is
 * refused as retryable while the worker rebuilds it. Workers never keep the process alive.
 */
export type Readiness = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface PhysicsSource {
  /** A curriculum level (built in process on first use), or a custom level `prepare` said is ready; any other throws. */
  (level: Level): LevelPhysics;
  /** Whether the level is ready to serve; if not, starts building it off the event loop. */
  prepare(level: Level): Readiness;
  /** Resolves once the level is ready, or its build has failed or cannot start now (`prepare` then says why). */
  whenReady(level: Level): Promise<void>;
}

export interface WorkerPhysicsOptions {
  /** Builds a curriculum level in process (custom levels are built by workers). */
  readonly build: (level: Level) => LevelPhysics;
  readonly budgetBytes: number;
  readonly maxBuilding?: number;
  readonly buildTimeoutMs?: number;
  /** A worker's heap limit while it builds and serves (the decoder table lives outside it). */
  readonly workerHeapMb?: number;
  /** How long a failed build is reported before it may be tried again. */
  readonly failureMemoryMs?: number;
  readonly now?: () => number;
}

type Entry =
  | { readonly state: 'building'; readonly worker: Worker; readonly bytes: number; readonly done: Promise<void> }
  | { readonly state: 'ready'; readonly physics: LevelPhysics; readonly worker: Worker; readonly bytes: number }
  | { readonly state: 'failed'; readonly message: string; readonly until: number; readonly bytes: 0 };

/** What a worker thread costs besides its level: its own V8 heap with the code loaded (~38 MiB measured). */
export const WORKER_BYTES = 40 * 1024 * 1024;

/**
 * Memory of a built level (circuit, error model's text and provenance frames, sampler, decoder),
 * measured as the growth of V8 heap + external memory (typed arrays included) across
 * createLevelPhysics and a first sample and decode, after forced GCs, one level per process
 * (SI1000-like p = 0.001, built packages): 1.1 MiB at d = 3, r = 1 (8 detectors), 2.1 MiB at
 * d = 5, r = 5 (120), then 6.5–8 KiB per detector — 10.0 MiB at d = 11, r = 11 (1320), 42.0 MiB
 * at d = 15, r = 30 (6720), 56.1 MiB at d = 25, r = 13 (8112). The estimate is 2 MiB plus
 * 16 KiB per detector, about twice the large levels' rate: the matching decoders are still
 * being reworked, and an estimate too low lets the cache overrun its budget.
 */
export function levelPhysicsBytes(level: Level): number {
  return 2 * 1024 * 1024 + 16 * 1024 * levelDetectors(level);
}
/**
 * Each call to a worker (one sample or decode, well under a millisecond) is answered within
 * this, or the worker is ended: the event loop waits for a dead worker this long, once.
 */
const CALL_TIMEOUT_MS = 2_000;
/**
 * Compiled (dist/), the worker is plain JavaScript. Run from the TypeScript sources (tests, tsx),
 * a shim registers tsx in the worker first, and the workspace packages resolve to their sources
 * (the "@verilab/source" export condition) as they do here.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_ENTRY = new URL(FROM_SOURCE ? './level-physics-worker.mjs' : './level-physics-worker.js', import.meta.url);
const WORKER_EXEC_ARGV = FROM_SOURCE ? [...process.execArgv, '--conditions=@verilab/source'] : undefined;

export function workerPhysicsSource(options: WorkerPhysicsOptions): PhysicsSource {
  const maxBuilding = options.maxBuilding ?? 2;
  // The largest level served by default builds in under 2 s of CPU (level-limits.ts states the
  // measurements); the limit is far above that so a build starved on a heavily loaded machine
  // still finishes, and a build past it is stuck.
  const buildTimeoutMs = options.buildTimeoutMs ?? 120_000;
  const failureMemoryMs = options.failureMemoryMs ?? 60_000;
  const now = options.now ?? Date.now;
  const curriculum = new Set(CURRICULUM.map((level) => level.name));
  const pinned = new Map<string, LevelPhysics>();
  // Insertion order is recency: a use moves an entry to the end.
  const custom = new Map<string, Entry>();
  let heldBytes = 0;

  const set = (name: string, entry: Entry) => {
    const old = custom.get(name);
    heldBytes += entry.bytes - (old?.bytes ?? 0);
    custom.delete(name);
    custom.set(name, entry);
  };
  const remove = (name: string) => {
    const old = custom.get(name);
    if (old === undefined) return;
    heldBytes -= old.bytes;
    custom.delete(name);
    if (old.state !== 'failed') void old.worker.terminate();
  };
  const fail = (name: string, worker: Worker, message: string) => {
    if (custom.get(name)?.state === 'failed') return;
    void worker.terminate();
    set(name, { state: 'failed', message, until: now() + failureMemoryMs, bytes: 0 });
  };
  const makeRoom = (bytes: number) => {
    for (const [name, entry] of custom) {
      // Failures are forgotten once reported long enough, so distinct failing names cannot pile up.
      if (entry.state === 'failed' && entry.until <= now()) remove(name);
    }
    for (const [name, entry] of custom) {
      if (heldBytes + bytes <= options.budgetBytes) return;
      if (entry.state !== 'building') remove(name);
    }
  };

  const startBuild = (level: Level) => {
    const bytes = levelPhysicsBytes(level) + WORKER_BYTES;
    makeRoom(bytes);
    const channel = createChannel();
    const worker = new Worker(WORKER_ENTRY, {
      // The sampler's WebAssembly, compiled once here (by L1's build, in a server) and shared.
      workerData: { name: level.name, channel, kernels: planeKernelsModule() } satisfies WorkerData,
      ...(WORKER_EXEC_ARGV === undefined ? {} : { execArgv: WORKER_EXEC_ARGV }),
      resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb ?? 1024 },
    });
    worker.unref();
    let finished = () => {};
    const done = new Promise<void>((resolve) => (finished = resolve));
    set(level.name, { state: 'building', worker, bytes, done });
    const timer = setTimeout(() => fail(level.name, worker, `building it took longer than ${buildTimeoutMs / 1000} s`), buildTimeoutMs);
    timer.unref();
    void done.then(() => clearTimeout(timer));
    worker.once('message', (data: ReadyData) => {
      finished();
      if (custom.get(level.name)?.state !== 'building') return;
      const broken = () => fail(level.name, worker, 'its worker stopped answering');
      set(level.name, { state: 'ready', physics: workerPhysics(data, channel, broken), worker, bytes });
    });
    worker.once('error', (error) => {
      finished();
      fail(level.name, worker, error.message.includes('heap') ? 'building it ran out of memory' : `building it failed: ${error.message}`);
    });
    worker.once('exit', () => {
      finished();
      const entry = custom.get(level.name);
      if (entry !== undefined && entry.state !== 'failed' && entry.worker === worker) fail(level.name, worker, 'its worker stopped');
    });
  };

  const source = ((level: Level): LevelPhysics => {
    if (curriculum.has(level.name)) {
      let physics = pinned.get(level.name);
      if (physics === undefined) {
        physics = options.build(level);
        pinned.set(level.name, physics);
      }
      return physics;
    }
    const entry = custom.get(level.name);
    // Building here would stall every request for as long as the build takes (13–48 s at the
    // level limit), so a caller that skipped `prepare` is a bug, not a slow request.
    if (entry?.state !== 'ready') throw new Error(`level "${level.name}" is not ready: callers ask prepare() first and refuse the request until it is`);
    set(level.name, entry);
    return entry.physics;
  }) as PhysicsSource;

  source.prepare = (level) => {
    if (curriculum.has(level.name)) return { ok: true };
    const entry = custom.get(level.name);
    const named = `level "${level.name}" (${levelDetectors(level)} detectors)`;
    if (entry?.state === 'ready') {
      set(level.name, entry);
      return { ok: true };
    }
    if (entry?.state === 'building') return { ok: false, message: `${named} is being built; retry in a few seconds` };
    if (entry?.state === 'failed' && entry.until > now()) return { ok: false, message: `${named} cannot be served: ${entry.message}` };
    const building = [...custom.values()].filter((e) => e.state === 'building').length;
    if (building >= maxBuilding) return { ok: false, message: `the server is already building ${building} levels; retry ${named} in a few seconds` };
    remove(level.name);
    startBuild(level);
    return { ok: false, message: `${named} is being built; retry in a few seconds` };
  };

  source.whenReady = async (level) => {
    if (source.prepare(level).ok) return;
    const entry = custom.get(level.name);
    if (entry?.state === 'building') await entry.done;
  };
  return source;
}

/** What a worker starts from: its level's name, its channel and this thread's compiled sampler kernels. */
export interface WorkerData {
  readonly name: string;
  readonly channel: Channel;
  readonly kernels: object;
}

/** What a worker reports once its level is built (level-physics-worker.ts). */
export interface ReadyData {
  readonly level: Level;
  readonly layout: LevelPhysics['layout'];
  /** The DEM text's bytes (ASCII) in the chunks it was printed to, moved to this thread. */
  readonly demChunks: readonly Uint8Array[];
  readonly demDigest: string;
  readonly optimalUnavailable: string | null;
}

/** The level's physics as served by its worker; replies are frozen, like the in-process physics' own. */
function workerPhysics(data: ReadyData, channel: Channel, broken: () => void): LevelPhysics {
  const call = (request: PhysicsRequest): unknown => {
    let reply: { ok: true; value: unknown } | { ok: false; message: string };
    try {
      reply = callSync(channel, request, CALL_TIMEOUT_MS) as typeof reply;
    } catch (error) {
      broken();
      throw error;
    }
    if (!reply.ok) throw new Error(reply.message);
    return reply.value;
  };
  let lastShot: { seed: number; shot: ShotSample } | undefined;
  let lastDecoded: { bits: readonly number[]; outcome: DecoderOutcome } | undefined;
  const { demChunks, ...plain } = data;
  return {
    ...plain,
    // Made here on each read, as the in-process physics makes it: the worker need not print it.
    get circuitText() {
      return levelCircuitText(data.level);
    },
    // Decoded on each read, as the in-process physics prints it anew.
    get demText() {
      return asciiText(demChunks);
    },
    sample(seed) {
      if (lastShot?.seed === seed) return lastShot.shot;
      const shot = deepFreeze(call({ op: 'sample', seed }) as ShotSample);
      lastShot = { seed, shot };
      return shot;
    },
    decode(bits) {
      if (lastDecoded?.bits === bits) return lastDecoded.outcome;
      const outcome = deepFreeze(call({ op: 'decode', bits }) as DecoderOutcome);
      if (Object.isFrozen(bits)) lastDecoded = { bits, outcome };
      return outcome;
    },
    decodeOptimal(bits) {
      return data.optimalUnavailable === null ? deepFreeze(call({ op: 'decodeOptimal', bits }) as MaximumLikelihoodPosterior | null) : null;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
