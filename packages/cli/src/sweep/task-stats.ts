/**
 * Rows of a Sinter CSV folded per task, as `sinter.read_stats_from_csv_files` does: rows with the
 * same strong_id add up (shots, errors, discards, seconds), the decoder and metadata come from
 * the task's first row. `rows` also counts them: `verilab collect` writes one row per chunk, in
 * chunk order, so a task's row count is the index of its next chunk.
 */
import type { SinterRow } from './sinter-csv.ts';

export interface TaskStats {
  readonly strongId: string;
  readonly decoder: string;
  readonly metadata: unknown;
  readonly shots: number;
  readonly errors: number;
  readonly discards: number;
  readonly seconds: number;
  readonly rows: number;
}

export function aggregateRows(rows: Iterable<SinterRow>): Map<string, TaskStats> {
  const tasks = new Map<string, TaskStats>();
  for (const row of rows) {
    const seen = tasks.get(row.strongId);
    tasks.set(row.strongId, {
      strongId: row.strongId,
      decoder: seen?.decoder ?? row.decoder,
      metadata: seen === undefined ? row.metadata : seen.metadata,
      shots: (seen?.shots ?? 0) + row.shots,
      errors: (seen?.errors ?? 0) + row.errors,
      discards: (seen?.discards ?? 0) + row.discards,
      seconds: (seen?.seconds ?? 0) + row.seconds,
      rows: (seen?.rows ?? 0) + 1,
    });
  }
  return tasks;
}
