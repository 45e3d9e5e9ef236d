import { PENDING_READ_LIMIT, type LevelEntries, type PendingEntry, type RunCurriculumStore, type WindowEntry } from '../environments/curriculum-runs.ts';

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
    const pending = (level: string): PendingEntry[] =>
      [...this.pending(runId, level)]
        .map(([id, answerBy]) => ({ id, answerBy }))
        .sort((a, b) => a.answerBy - b.answerBy)
        .slice(0, PENDING_READ_LIMIT);
    return Promise.resolve(Object.fromEntries(levels.map((level) => [level, { settled: [...this.entries(runId, level)], pending: pending(level) }])));
  }

  record(runId: string, level: string, entry: WindowEntry): void {
    this.entries(runId, level).push(entry);
  }

  pend(runId: string, level: string, pending: PendingEntry): void {
    this.pending(runId, level).set(pending.id, pending.answerBy);
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
