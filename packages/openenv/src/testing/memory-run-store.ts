import { PENDING_MAX, UNANSWERED, type LevelEntries, type PendingEntry, type RunCurriculumStore, type WindowEntry } from '../environments/curriculum-runs.ts';

/**
 * Test support: a run store in memory, as RedisRunCurricula keeps runs in Redis, but its settled
 * entries never trimmed, so a test reads every entry a run was given (an agent's skipped episodes
 * included), and can start a run from entries of its own (`preload`).
 */
export class MemoryRunStore implements RunCurriculumStore {
  private readonly lists = new Map<string, WindowEntry[]>();
  private readonly pendingSets = new Map<string, Map<string, number>>();

  /** Every settled entry of run `runId` at `level`, oldest first. */
  entries(runId: string, level: string): WindowEntry[] {
    return entry(this.lists, `${runId}:${level}`, () => []);
  }

  /** The pending episodes of run `runId` at `level`: their ids and deadlines. */
  pending(runId: string, level: string): Map<string, number> {
    return entry(this.pendingSets, `${runId}:${level}`, () => new Map());
  }

  preload(runId: string, windows: Readonly<Record<string, readonly WindowEntry[]>>): void {
    for (const [level, entries] of Object.entries(windows)) this.entries(runId, level).push(...entries);
  }

  load(runId: string, levels: readonly string[]): Promise<Record<string, LevelEntries>> {
    return Promise.resolve(Object.fromEntries(levels.map((level) => [level, { settled: [...this.entries(runId, level)], pending: this.sortedPending(runId, level) }])));
  }

  record(runId: string, level: string, entry: WindowEntry): void {
    this.entries(runId, level).push(entry);
  }

  /** As RedisRunCurricula's script: at PENDING_MAX, settles the run's earliest-deadline episode as UNANSWERED first. */
  pend(runId: string, level: string, pending: PendingEntry, levels: readonly string[]): void {
    const count = () => levels.reduce((sum, each) => sum + this.pending(runId, each).size, 0);
    while (count() >= PENDING_MAX) {
      const [earliestLevel, earliest] = levels
        .map((each) => [each, this.earliest(runId, each)] as const)
        .reduce((best, next) => (best[1] === undefined || (next[1] !== undefined && next[1].answerBy < best[1].answerBy) ? next : best));
      if (earliest !== undefined) this.settle(runId, earliestLevel, earliest.id, UNANSWERED);
    }
    this.pending(runId, level).set(pending.id, pending.answerBy);
  }

  /** The pending episode of run `runId` at `level` whose deadline comes first (ties: the smaller id). */
  private earliest(runId: string, level: string): PendingEntry | undefined {
    return this.sortedPending(runId, level)[0];
  }

  private sortedPending(runId: string, level: string): PendingEntry[] {
    return [...this.pending(runId, level)].map(([id, answerBy]) => ({ id, answerBy })).sort((a, b) => a.answerBy - b.answerBy || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  settle(runId: string, level: string, id: string, entry: WindowEntry): void {
    if (this.pending(runId, level).delete(id)) this.record(runId, level, entry);
  }
}

function entry<V>(map: Map<string, V>, key: string, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
