import { createHash } from 'node:crypto';
import { Xoshiro128 } from '@verilab/core';
import { CurriculumScheduler, WINDOW_SIZE } from '@verilab/qubit-medic';
import type { RedisConnection } from '../episodes/redis-connection.ts';
import { PendingDeadlines } from './pending-deadlines.ts';
import { RunTable } from './run-table.ts';

/**
 * The curricula of training runs, by the run id clients name on reset (`run_id`), so that runs
 * sharing a server never move each other's levels, while one run's parallel sessions share one.
 * At most `max` runs are kept (a forgotten run starts over at the first level, unless a shared
 * store remembers it): when a new one comes, a run idle for `idleMs` goes first, else the run
 * holding the fewest settled outcomes, so that a client naming fresh run ids by the thousand
 * pushes out its own runs, not one that has trained (run-table.ts). A run's level draws are
 * seeded from its id, so a run replayed with the same outcomes draws the same levels.
 *
 * With a shared store (the replicas' Redis), each outcome is also appended there and a run's
 * windows are read back before each of its resets, so a run spread over several replicas has
 * one curriculum. Then a forgotten run loses only its place in its level draws: the store gives
 * its outcomes back on its next reset (this table's weights are what the store gave), and keeps
 * them a week after the run's last episode, whatever this table forgets.
 *
 * A run id is a capability: anyone who knows it can move that run's curriculum, so trainers
 * should name runs with something unguessable (e.g. a UUID).
 *
 * An MCP agent's episode that is never answered counts as an UNANSWERED entry, an outcome of 0
 * (`unanswered`), so skipping the hard episodes (resetting until the syndrome is empty) costs
 * what failing them would, in the run's statistics and its curriculum alike. A session knows
 * when its agent resets away or leaves, and says so then. A sessionless episode is PENDING from
 * its reset: in no window, so agents thinking in parallel hold no level back, until its answer
 * settles it with the outcome, or its deadline passes (the server's patience with an agent,
 * `InstanceContext.agentAnswerMs`) and the first read after it settles it as UNANSWERED. An
 * answer after the deadline finds nothing to settle: the run keeps the 0 (README, "An agent's
 * skipped episode counts as a failure").
 */
export const UNANSWERED = 'unanswered';

/** One settled episode in a run's window: its logical correction (0 or 1), or UNANSWERED (counted 0). */
export type WindowEntry = number | typeof UNANSWERED;

/** A sessionless agent's episode in flight: settled by its answer, or as UNANSWERED from `answerBy` on (ms since the epoch). */
export interface PendingEntry {
  readonly id: string;
  readonly answerBy: number;
}

/** A run's episodes at one level: the settled window, oldest first, and the pending episodes. */
export interface LevelEntries {
  readonly settled: readonly WindowEntry[];
  readonly pending: readonly PendingEntry[];
}

/**
 * At most this many sessionless episodes of one run (all its levels together) are pending at once:
 * a reset that would pend one more first settles the earliest-deadline one as UNANSWERED, as if
 * its deadline had come, so a run's pending episodes hold bounded memory however fast agents
 * reset (README, "An agent's skipped episode counts as a failure", states the bytes each). It
 * bounds the read of a run from the shared store too, which brings every pending episode back, so
 * each replica settles the same ones as the store's script. 4,096 is two orders of magnitude
 * above the agents a training run keeps in flight (a fleet of 30 is tested), so only a flood of
 * resets nobody answers meets it, and that flood's oldest episodes are the least likely ever to
 * be answered.
 */
export const PENDING_MAX = 4096;

/**
 * A run unused for this long (ms), with no pending episode due within it, gives its place to a
 * new run before any other: its trainer has left (with the default token lifetime,
 * VERILAB_TOKEN_TTL_S, an hour too, none of its episodes can be stepped any more), and runs long
 * finished must not keep the table from new ones. Far longer than a trainer waits between resets.
 */
export const RUN_IDLE_MS = 3_600_000;

export interface RunCurriculumStore {
  /** The entries of run `runId` at `levels`: the settled window and every pending episode (at most PENDING_MAX in all), earliest deadline first. */
  load(runId: string, levels: readonly string[]): Promise<Record<string, LevelEntries>>;
  /** Appends a settled entry, without waiting: a lost record only makes the curriculum lag. */
  record(runId: string, level: string, entry: WindowEntry): void;
  /**
   * Adds a pending episode at `level`, without waiting; first, while run `runId` has PENDING_MAX
   * pending at `levels` (all of its levels), settles the earliest-deadline one as UNANSWERED, in
   * one atomic step with the addition, so replicas pending at once never leave more.
   */
  pend(runId: string, level: string, pending: PendingEntry, levels: readonly string[]): void;
  /**
   * Settles pending episode `id` as `entry`, if it is still pending (atomically: of two replicas
   * settling it, the first decides and the other changes nothing), without waiting.
   */
  settle(runId: string, level: string, id: string, entry: WindowEntry): void;
}

/**
 * A run's scheduler, its levels, the settled windows it was given (UNANSWERED entries included:
 * the scheduler sees them as 0) and the pending episodes it was not, by level and id and deadline.
 */
interface Run {
  readonly scheduler: CurriculumScheduler;
  readonly levels: readonly string[];
  readonly windows: Map<string, WindowEntry[]>;
  readonly pending: PendingDeadlines;
}

export class CurriculumRuns {
  private readonly runs: RunTable<Run>;
  readonly max: number;
  private readonly store: RunCurriculumStore | undefined;
  private readonly log: (line: string) => void;

  constructor(max: number, shared?: { readonly store: RunCurriculumStore; readonly log: (line: string) => void }, idleMs = RUN_IDLE_MS) {
    this.max = max;
    this.runs = new RunTable(max, idleMs);
    this.store = shared?.store;
    this.log = shared?.log ?? (() => undefined);
  }

  /**
   * The curriculum of run `runId` at time `now` (ms since the epoch), started if new; marks it
   * recently used. Pending episodes past their deadline are settled as UNANSWERED first.
   */
  of(runId: string, now: number): CurriculumScheduler {
    const run = this.run(runId, now);
    this.expire(runId, run, now);
    return run.scheduler;
  }

  /** A copy of run `runId`'s curriculum at `now`, for a step whose outcome must not move the run (an answer past its deadline). */
  copy(runId: string, now: number): CurriculumScheduler {
    const run = this.run(runId, now);
    this.expire(runId, run, now);
    // A step never draws a level, so the copy's generator never matters.
    const copy = new CurriculumScheduler(Xoshiro128.fromSeed(0));
    copy.restore(zeroed(run.windows));
    return copy;
  }

  /** Run `runId`, marked used at `now` (absent: the latest time given), started if new. */
  private run(runId: string, now?: number): Run {
    const kept = this.runs.use(runId, now);
    if (kept !== undefined) return kept;
    const scheduler = new CurriculumScheduler(Xoshiro128.fromSeed(runSeed(runId)));
    const levels = Object.keys(scheduler.stats());
    const run = { scheduler, levels, windows: new Map(levels.map((level) => [level, []])), pending: new PendingDeadlines(levels) };
    this.runs.add(runId, run);
    return run;
  }

  /** Gives run `runId`'s scheduler its settled windows, and the table their size as the run's history. */
  private restore(runId: string, run: Run): void {
    run.scheduler.restore(zeroed(run.windows));
    let settled = 0;
    for (const window of run.windows.values()) settled += window.length;
    this.runs.setHistory(runId, settled);
  }

  /** Reads run `runId`'s entries back from the shared store (undefined: no store). If the store fails, the run goes on with what this process knows. */
  refresh(runId: string): Promise<void> | undefined {
    const store = this.store;
    if (store === undefined) return undefined;
    const reading = this.run(runId);
    const mark = reading.pending.readBegins();
    return store.load(runId, reading.levels).then(
      (entries) => {
        const run = this.run(runId);
        // A run forgotten (past `max` runs) and started again while the read was on its way kept no
        // record of its changes since: the answer replaces them, as it would any run's without the record.
        const since = run === reading ? mark : run.pending.readBegins();
        for (const [level, window] of run.windows) window.splice(0, window.length, ...(entries[level]?.settled ?? []).slice(-WINDOW_SIZE));
        run.pending.replace(
          run.levels.flatMap((level) => (entries[level]?.pending ?? []).map(({ id, answerBy }) => [level, id, answerBy] as const)),
          since,
        );
        this.restore(runId, run);
      },
      (error: unknown) => {
        reading.pending.readFailed(mark);
        this.log(`verilab: could not read run ${JSON.stringify(runId)}'s curriculum from the shared store: ${String(error)}`);
      },
    );
  }

  /**
   * A sessionless MCP agent's episode of run `runId` at `level` is in flight: in no window until
   * `settleAnswer` or its deadline. At PENDING_MAX the run's earliest-deadline episode is settled
   * as UNANSWERED first (the store does the same in its own step, for what other replicas pended).
   */
  pend(runId: string, level: string, pending: PendingEntry): void {
    const run = this.run(runId);
    let overflowed = false;
    while (run.pending.size >= PENDING_MAX) {
      const earliest = run.pending.popDue();
      if (earliest === undefined) break;
      push(run, earliest.level, UNANSWERED);
      overflowed = true;
    }
    if (overflowed) this.restore(runId, run);
    run.pending.add(level, pending.id, pending.answerBy);
    this.runs.busyUntil(runId, pending.answerBy);
    this.store?.pend(runId, level, pending, run.levels);
  }

  /**
   * Whether episode `id` of run `runId` at `level` is pending as far as this process knows: false
   * once settled here, by its answer, its deadline or PENDING_MAX (with a store, also when another
   * replica pended it since this one last read the run).
   */
  isPending(runId: string, level: string, id: string): boolean {
    return this.run(runId).pending.has(level, id);
  }

  /**
   * Pending episode `id` of run `runId` at `level` was answered in time with `outcome`: it leaves
   * the pending episodes for the window, unless it was settled already (then the run keeps that).
   * The store settles it too if it is still pending there, whatever this process knows.
   */
  settleAnswer(runId: string, level: string, id: string, outcome: number): void {
    const run = this.run(runId);
    if (run.pending.delete(level, id)) {
      push(run, level, outcome);
      this.restore(runId, run);
    }
    this.store?.settle(runId, level, id, outcome);
  }

  /** Records a settled entry of run `runId`: a step's outcome, or an UNANSWERED episode a session dropped. */
  record(runId: string, level: string, entry: WindowEntry): void {
    const run = this.run(runId);
    push(run, level, entry);
    this.restore(runId, run);
    this.store?.record(runId, level, entry);
  }

  get size(): number {
    return this.runs.size;
  }

  /**
   * Settles the run's pending episodes whose deadline is past as UNANSWERED, earliest first, here
   * and in the store. Every reset and step in the run reads it, so it touches only those episodes.
   */
  private expire(runId: string, run: Run, now: number): void {
    let expired = false;
    for (let due = run.pending.popDue(now); due !== undefined; due = run.pending.popDue(now)) {
      push(run, due.level, UNANSWERED);
      this.store?.settle(runId, due.level, due.id, UNANSWERED);
      expired = true;
    }
    if (expired) this.restore(runId, run);
  }
}

function push(run: Run, level: string, entry: WindowEntry): void {
  const window = run.windows.get(level);
  if (window === undefined) return;
  window.push(entry);
  if (window.length > WINDOW_SIZE) window.shift();
}

/** The windows as the scheduler counts them: an unanswered episode as a 0. */
function zeroed(windows: ReadonlyMap<string, readonly WindowEntry[]>): Record<string, number[]> {
  return Object.fromEntries([...windows].map(([level, window]) => [level, window.map((entry) => (entry === UNANSWERED ? 0 : entry))]));
}

function runSeed(runId: string): number {
  return createHash('sha256').update(runId, 'utf8').digest().readUInt32LE(0);
}

/** A run's outcomes are kept this long after its last episode. */
const RUN_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Run curricula in Redis: per run and level, a list of settled entries trimmed to the window and a
 * sorted set of pending episodes scored by deadline, each expiring a week after the run's last
 * episode. A pending episode is settled by one script (ZREM, then RPUSH only if it was still
 * there), so of two replicas settling it, by its answer or its deadline, the first decides; and
 * pended by another, which first settles the run's earliest-deadline ones while it has
 * PENDING_MAX (ZPOPMIN, then RPUSH unanswered for each entry popped). The scripts go in full
 * (EVAL) on the one connection, so Redis runs them in the order they were issued and a read
 * sees every one before it. By digest (EVALSHA) a lost script cache (a restart, SCRIPT FLUSH)
 * fails some calls while later ones run, once another replica has loaded the scripts again: a
 * settle could then overtake its pend. That was tried and measured (no difference in reset +
 * step throughput: Redis spends ~0.17 ms of a ~2.3 ms step), so the text is sent every time.
 */
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

  async load(runId: string, levels: readonly string[]): Promise<Record<string, LevelEntries>> {
    // Sent together on one connection: one round trip, after every script sent before it.
    const replies = await Promise.all(
      levels.flatMap((level) => [
        this.connection.command(['LRANGE', key(runId, level), String(-this.window), '-1']),
        this.connection.command(['ZRANGE', pendingKey(runId, level), '0', '-1', 'WITHSCORES']),
      ]),
    );
    return Object.fromEntries(levels.map((level, i) => [level, { settled: list(replies[2 * i]).map(windowEntry), pending: pendingEntries(list(replies[2 * i + 1])) }]));
  }

  record(runId: string, level: string, entry: WindowEntry): void {
    this.send(runId, RECORD_SCRIPT, [key(runId, level)], [String(entry), String(this.window), String(RUN_TTL_SECONDS)]);
  }

  pend(runId: string, level: string, pending: PendingEntry, levels: readonly string[]): void {
    const keys = [...levels.map((each) => pendingKey(runId, each)), ...levels.map((each) => key(runId, each))];
    const at = String(levels.indexOf(level) + 1);
    this.send(runId, PEND_SCRIPT, keys, [at, pending.id, String(pending.answerBy), String(PENDING_MAX), String(this.window), String(RUN_TTL_SECONDS)]);
  }

  settle(runId: string, level: string, id: string, entry: WindowEntry): void {
    this.send(runId, SETTLE_SCRIPT, [pendingKey(runId, level), key(runId, level)], [id, String(entry), String(this.window), String(RUN_TTL_SECONDS)]);
  }

  /** Runs one script (EVAL), without waiting for its reply. */
  private send(runId: string, script: string, keys: readonly string[], args: readonly string[]): void {
    this.connection.command(['EVAL', script, String(keys.length), ...keys, ...args]).catch((error: unknown) => this.log(`verilab: could not record run ${JSON.stringify(runId)}'s curriculum in the shared store: ${String(error)}`));
  }
}

/** Lua: appends `entry` to a settled list, trimmed to the window and kept the run's TTL. */
const PUSH_SETTLED = `local function pushSettled(list, entry, window, ttl)
  redis.call('RPUSH', list, entry)
  redis.call('LTRIM', list, -tonumber(window), -1)
  redis.call('EXPIRE', list, ttl)
end
`;

/** KEYS: settled list; ARGV: entry, window, TTL in seconds. Atomic: the list is never left untrimmed or without its TTL. */
const RECORD_SCRIPT = `${PUSH_SETTLED}pushSettled(KEYS[1], ARGV[1], ARGV[2], ARGV[3])`;

/** KEYS: pending set, settled list; ARGV: id, entry, window, TTL in seconds. Atomic, as every Redis script is. */
const SETTLE_SCRIPT = `${PUSH_SETTLED}if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  pushSettled(KEYS[2], ARGV[2], ARGV[3], ARGV[4])
end`;

/**
 * KEYS: the run's pending sets of its n levels, then their settled lists in the same order; ARGV:
 * the new episode's level (1..n), id, deadline, PENDING_MAX, window, TTL in seconds. While the
 * run has PENDING_MAX pending, pops the earliest-deadline one (of all levels; ties: the first
 * level) and settles it as unanswered; then adds the new one. Atomic, so it settles only the
 * entries it removed, and replicas pending at once never leave more than PENDING_MAX.
 */
const PEND_SCRIPT = `${PUSH_SETTLED}local n = #KEYS / 2
local count = 0
for i = 1, n do count = count + redis.call('ZCARD', KEYS[i]) end
while count >= tonumber(ARGV[4]) do
  local earliest, deadline = nil, nil
  for i = 1, n do
    local first = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    if first[2] ~= nil and (deadline == nil or tonumber(first[2]) < deadline) then earliest, deadline = i, tonumber(first[2]) end
  end
  redis.call('ZPOPMIN', KEYS[earliest])
  pushSettled(KEYS[n + earliest], '${UNANSWERED}', ARGV[5], ARGV[6])
  count = count - 1
end
local set = KEYS[tonumber(ARGV[1])]
redis.call('ZADD', set, ARGV[3], ARGV[2])
redis.call('EXPIRE', set, ARGV[6])`;

function list(reply: unknown): readonly unknown[] {
  return Array.isArray(reply) ? reply : [];
}

function windowEntry(stored: unknown): WindowEntry {
  return stored === UNANSWERED ? UNANSWERED : Number(stored);
}

/** ZRANGE … WITHSCORES: member, score, member, score… */
function pendingEntries(flat: readonly unknown[]): PendingEntry[] {
  const entries: PendingEntry[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) entries.push({ id: String(flat[i]), answerBy: Number(flat[i + 1]) });
  return entries;
}

function key(runId: string, level: string): string {
  return `verilab:run:${runId}:${level}`;
}

function pendingKey(runId: string, level: string): string {
  return `verilab:run-pending:${runId}:${level}`;
}
