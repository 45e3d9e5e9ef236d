import { UNANSWERED, type RunCurriculumStore, type WindowEntry } from '../environments/curriculum-runs.ts';

/**
 * Test support: a run store in memory, as RedisRunCurricula keeps runs in Redis, but never
 * trimmed, so a test reads every entry a run was given (an agent's skipped episodes included),
 * and can start a run from entries of its own (`preload`).
 */
export class MemoryRunStore implements RunCurriculumStore {
  private readonly lists = new Map<string, WindowEntry[]>();

  /** Every entry of run `runId` at `level`, oldest first. */
  entries(runId: string, level: string): WindowEntry[] {
    let list = this.lists.get(`${runId}:${level}`);
    if (list === undefined) {
      list = [];
      this.lists.set(`${runId}:${level}`, list);
    }
    return list;
  }

  preload(runId: string, windows: Readonly<Record<string, readonly WindowEntry[]>>): void {
    for (const [level, entries] of Object.entries(windows)) this.entries(runId, level).push(...entries);
  }

  load(runId: string, levels: readonly string[]): Promise<Record<string, WindowEntry[]>> {
    return Promise.resolve(Object.fromEntries(levels.map((level) => [level, [...this.entries(runId, level)]])));
  }

  record(runId: string, level: string, entry: WindowEntry): void {
    this.entries(runId, level).push(entry);
  }

  answer(runId: string, level: string): void {
    const list = this.entries(runId, level);
    const newest = list.lastIndexOf(UNANSWERED);
    if (newest >= 0) list.splice(newest, 1);
  }
}
