/**
 * `verilab dataset analyze`: the statistics of the original's dataset report for
 * one or more JSONL files — rows, level counts and shares, per-level non-empty and syndrome
 * shares, error-count histograms, prompt and completion length quantiles, duplicates, per-qubit
 * frequencies, unique prompts and completions, invalid rows with their line numbers — and, given
 * several files (train, val, test), how much each pair overlaps by prompt, record and syndrome.
 */
import type { Command } from 'commander';
import { analyzeSftLines, sftOverlap, type SftFileKeys } from '@verilab/qubit-medic';
import { readTextInput, writeJsonOutput } from '../io.ts';
import { readSftLines, sftAnalysisRecord, sftOverlapRecord } from '../qubit-medic/sft-file.ts';

interface AnalyzeOptions {
  in: string[];
  out?: string;
}

export function registerDatasetAnalyze(dataset: Command): void {
  dataset
    .command('analyze')
    .description('Report the statistics of SFT JSONL files, and the overlap between them.')
    .requiredOption('--in <files...>', 'JSONL files (e.g. the train, val and test splits)')
    .option('--out <file>', 'report JSON (default: stdout)')
    .action(runDatasetAnalyze);
}

async function runDatasetAnalyze(options: AnalyzeOptions): Promise<void> {
  const files: Record<string, ReturnType<typeof sftAnalysisRecord>> = {};
  const keys: [string, SftFileKeys][] = [];
  for (const path of options.in) {
    const text = await readTextInput(path, 'dataset');
    const result = analyzeSftLines(readSftLines(text));
    files[path] = sftAnalysisRecord(result.analysis);
    keys.push([path, result.keys]);
  }
  const overlap: Record<string, ReturnType<typeof sftOverlapRecord>> = {};
  keys.forEach(([first, a], i) => {
    for (const [second, b] of keys.slice(i + 1)) overlap[`${first} vs ${second}`] = sftOverlapRecord(sftOverlap(a, b));
  });
  await writeJsonOutput(options.out, 'dataset report', keys.length > 1 ? { files, overlap } : { files });
}
