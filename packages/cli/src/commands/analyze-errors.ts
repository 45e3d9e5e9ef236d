/**
 * `verilab analyze_errors`: Stim's `stim analyze_errors` (src/stim/cmd/command_analyze_errors.cc)
 * with the same flags — `--in F`, `--out F` (stdin/stdout when omitted), `--decompose_errors` —
 * printing the same flat detector error model.
 */
import type { Command } from 'commander';
import { analyzeErrors, ErrorAnalysisError, parseCircuit, printDem } from '@verilab/qec';
import { CliError } from '../cli-error.ts';
import { openOutput, readParsedInput } from '../io.ts';

interface AnalyzeErrorsOptions {
  in?: string;
  out?: string;
  decompose_errors?: boolean;
}

export function registerAnalyzeErrors(program: Command): void {
  program
    .command('analyze_errors')
    .option('--in <file>', 'circuit file (stdin when omitted)')
    .option('--out <file>', 'where to write the detector error model (stdout when omitted)')
    .option('--decompose_errors', 'split errors into graph-like `^`-separated components, as Stim does')
    .action(runAnalyzeErrors);
}

async function runAnalyzeErrors(options: AnalyzeErrorsOptions): Promise<void> {
  const circuit = await readParsedInput(options.in, 'circuit', parseCircuit);
  let text: string;
  try {
    text = printDem(analyzeErrors(circuit, { decomposeErrors: options.decompose_errors === true }).dem);
  } catch (error) {
    if (error instanceof ErrorAnalysisError) throw new CliError(`cannot analyze ${options.in ?? '<stdin>'}: ${error.message}`);
    throw error;
  }
  const out = openOutput(options.out, 'detector error model');
  await out.write(text);
  await out.close();
}
