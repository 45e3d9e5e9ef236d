import type { Command } from 'commander';

/** Each command module adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

/**
 * A command as the top-level help lists it, and how to load it. Only the command being run is
 * imported (its module pulls in what it needs: the server, the figure renderer, an LLM client…);
 * the others are listed from `term` and `description` alone, so `verilab gen` and
 * `verilab --help` start without loading them. `description` is the command's only one: the
 * module registers the command and its options, and `addCommands` describes it from here.
 * index.test.ts checks that the top-level help built from these entries is the one the loaded
 * commands produce.
 */
export interface LazyCommand {
  readonly name: string;
  /** The command's name and arguments as commander's help prints them. */
  readonly term: string;
  readonly description: string;
  readonly load: () => Promise<RegisterCommand>;
}

export const COMMANDS: readonly LazyCommand[] = [
  { name: 'gen', term: 'gen [options]', description: 'Generate a Stim surface-code memory circuit, byte-identical to `stim gen`.', load: async () => (await import('./gen.ts')).registerGen },
  { name: 'detect', term: 'detect [options]', description: 'Sample detection events and observable flips from a noisy circuit (as `stim detect`).', load: async () => (await import('./detect.ts')).registerDetect },
  { name: 'sample', term: 'sample [options]', description: 'Sample measurement results from a noisy circuit (as `stim sample`).', load: async () => (await import('./sample.ts')).registerSample },
  { name: 'm2d', term: 'm2d [options]', description: 'Convert measurement results into detection events and observable flips (as `stim m2d`).', load: async () => (await import('./m2d.ts')).registerM2d },
  { name: 'convert', term: 'convert [options]', description: 'Convert shot data between Stim formats: 01, b8, r8, ptb64, hits, dets (as `stim convert`).', load: async () => (await import('./convert.ts')).registerConvert },
  { name: 'analyze_errors', term: 'analyze_errors [options]', description: 'Convert a circuit into its detector error model, equal to `stim analyze_errors`.', load: async () => (await import('./analyze-errors.ts')).registerAnalyzeErrors },
  { name: 'explain_errors', term: 'explain_errors [options]', description: "Explain each error mechanism of a circuit's detector error model by the circuit faults that cause it (as `stim explain_errors`).", load: async () => (await import('./explain-errors.ts')).registerExplainErrors },
  { name: 'sample_dem', term: 'sample_dem [options]', description: 'Sample detection events, observable flips and fired errors from a detector error model (as `stim sample_dem`).', load: async () => (await import('./sample-dem.ts')).registerSampleDem },
  { name: 'predict', term: 'predict [options]', description: 'Predict observable flips from detection events by minimum-weight perfect matching (as `pymatching predict`).', load: async () => (await import('./predict.ts')).registerPredict },
  { name: 'count_mistakes', term: 'count_mistakes [options]', description: 'Decode detection events and count wrong observable predictions (as `pymatching count_mistakes`).', load: async () => (await import('./count-mistakes.ts')).registerCountMistakes },
  { name: 'serve', term: 'serve [options]', description: 'Serve the environments over OpenEnv HTTP, WebSocket and MCP (use --host 0.0.0.0 in a container).', load: async () => (await import('./serve.ts')).registerServe },
  { name: 'mcp', term: 'mcp [options]', description: 'Serve an environment as MCP tools over stdio (newline-delimited JSON-RPC).', load: async () => (await import('./mcp.ts')).registerMcp },
  { name: 'physix', term: 'physix', description: 'PhysiX: discover equations of motion from noisy trajectories, scored by integration.', load: async () => (await import('./physix.ts')).registerPhysix },
  { name: 'collect', term: 'collect [options]', description: 'Sample and decode surface-code memory experiments over a (distance, p) grid into a resumable Sinter CSV (as `sinter collect`).', load: async () => (await import('./collect.ts')).registerCollect },
  { name: 'combine', term: 'combine [options] <csv...>', description: 'Merge Sinter CSVs into one row per task, adding up shots, errors, discards and seconds (as `sinter combine`).', load: async () => (await import('./combine.ts')).registerCombine },
  { name: 'plot', term: 'plot', description: 'Render figures (SVG, optionally PNG) from files the CLI wrote.', load: async () => (await import('./plot.ts')).registerPlot },
  { name: 'baselines', term: 'baselines [options]', description: 'Play the zeros, random and matching (and on request optimal) policies on Qubit-Medic levels; rates with Wilson 95% intervals, as JSON.', load: async () => (await import('./baselines.ts')).registerBaselines },
  { name: 'headroom', term: 'headroom [options]', description: 'Optimal (exact maximum-likelihood) vs matching decoder on the same shots of each level: logical error rates, their paired difference, and how often matching is wrong; as JSON.', load: async () => (await import('./baselines-headroom.ts')).registerHeadroom },
  { name: 'dataset', term: 'dataset', description: 'Generate and analyse Qubit-Medic SFT datasets.', load: async () => (await import('./dataset.ts')).registerDataset },
  { name: 'eval', term: 'eval [options]', description: 'Evaluate a policy (zeros, random, matching, optimal, or an LLM endpoint) on Qubit-Medic episodes; resumable.', load: async () => (await import('./eval.ts')).registerEval },
];

/**
 * Adds every command to `program`: those `load` picks (the one being run) for real, the rest
 * as listings that carry only their help line.
 */
export async function addCommands(program: Command, load: (command: LazyCommand) => boolean): Promise<void> {
  const listedTerms = new Map<Command, string>();
  for (const command of COMMANDS) {
    if (load(command)) {
      (await command.load())(program);
      program.commands.find((registered) => registered.name() === command.name)?.description(command.description);
    } else listedTerms.set(program.command(command.name).description(command.description), command.term);
  }
  const help = program.createHelp();
  program.configureHelp({ subcommandTerm: (command) => listedTerms.get(command) ?? help.subcommandTerm(command) });
}
