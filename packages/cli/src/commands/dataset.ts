import type { Command } from 'commander';
import { registerDatasetAnalyze } from './dataset-analyze.ts';
import { registerDatasetSft } from './dataset-sft.ts';

/** `verilab dataset sft|analyze`: Qubit-Medic fine-tuning data. */
export function registerDataset(program: Command): void {
  const dataset = program.command('dataset');
  registerDatasetSft(dataset);
  registerDatasetAnalyze(dataset);
}
