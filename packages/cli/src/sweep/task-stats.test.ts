import { describe, expect, it } from 'vitest';
import { aggregateRows } from './task-stats.ts';

describe('aggregateRows', () => {
  it("folds rows per strong id as sinter.read_stats_from_csv_files does (its docstring's example)", () => {
    const row = (shots: number, errors: number, strongId: string, d: number) => ({ shots, errors, discards: 0, seconds: 0.125, decoder: 'pymatching', strongId, metadata: { d } });
    const tasks = aggregateRows([row(1000, 42, '9c31908e2b', 9), row(3000, 24, '9c31908e2b', 9), row(1000, 250, 'deadbeef08', 7)]);
    expect([...tasks.values()]).toEqual([
      { strongId: '9c31908e2b', decoder: 'pymatching', metadata: { d: 9 }, shots: 4000, errors: 66, discards: 0, seconds: 0.25, rows: 2 },
      { strongId: 'deadbeef08', decoder: 'pymatching', metadata: { d: 7 }, shots: 1000, errors: 250, discards: 0, seconds: 0.125, rows: 1 },
    ]);
  });
});
