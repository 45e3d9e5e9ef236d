/**
 * `verilab combine`: Sinter's `sinter combine` — merge Sinter CSVs (from shards of a sweep, from
 * interrupted and resumed runs, from `sinter collect` itself) into one, with a single row per
 * task: rows with the same strong_id add up (shots, errors, discards, seconds), the decoder and
 * metadata come from the task's first row. Writes the CSV to `--out` (stdout without it).
 * `--order metadata` (default) sorts the tasks by their json_metadata text, then strong id, so
 * combining the same rows in any file order gives the same bytes; `--order preserve` keeps
 * first-seen order. Custom counts are not carried over (verilab writes none).
 */
import { Option, type Command } from 'commander';
import { formatIssues } from '@verilab/core';
import { CliError } from '../cli-error.ts';
import { openOutput, readTextInput } from '../io.ts';
import { formatSinterRow, parseSinterCsv, SINTER_CSV_HEADER, type SinterRow } from '../sweep/sinter-csv.ts';
import { pythonJsonDumps, type PyJson } from '../sweep/sweep-config.ts';
import { aggregateRows } from '../sweep/task-stats.ts';

interface CombineOptions {
  out?: string;
  order: 'metadata' | 'preserve';
}

export function registerCombine(program: Command): void {
  program
    .command('combine')
    .argument('<csv...>', 'Sinter CSV files (e.g. the shards of one sweep)')
    .option('--out <file>', 'combined CSV (default: stdout)')
    .addOption(new Option('--order <order>', 'task order: by json_metadata text, or first seen').choices(['metadata', 'preserve']).default('metadata'))
    .action(runCombine);
}

/** The combined CSV text of the given files' rows. */
function combineRows(rows: Iterable<SinterRow>, order: CombineOptions['order']): string {
  const tasks = [...aggregateRows(rows).values()].map((task) => ({ ...task, key: pythonJsonDumps(task.metadata as PyJson, true) }));
  if (order === 'metadata') tasks.sort((a, b) => compare(a.key, b.key) || compare(a.strongId, b.strongId));
  return SINTER_CSV_HEADER + tasks.map((task) => formatSinterRow({ ...task, metadata: task.metadata as PyJson })).join('');
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function runCombine(paths: string[], options: CombineOptions): Promise<void> {
  const rows: SinterRow[] = [];
  for (const path of paths) {
    const parsed = parseSinterCsv(await readTextInput(path, 'statistics'));
    if (!parsed.ok) throw new CliError(formatIssues(parsed.issues, path));
    rows.push(...parsed.value.rows);
  }
  const out = openOutput(options.out, 'combined statistics');
  await out.write(combineRows(rows, options.order));
  await out.close();
}
