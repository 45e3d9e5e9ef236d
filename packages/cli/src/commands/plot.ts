/**
 * `verilab plot <kind>`: figures from what the CLI wrote — never from invented data. Each kind
 * writes an SVG (`--out`, stdout without it) and optionally a PNG (`--png`).
 *
 *   threshold STATS.csv…       logical error rate vs p per distance (`verilab collect`'s CSVs;
 *                              the default kind, also as `--in STATS.csv…` like `sinter plot`)
 *   eval SUMMARY.json          metric bars with 95% intervals (`verilab eval`'s summary)
 *   baselines BASELINES.json   policies compared per level (`verilab baselines`)
 *   dataset-mix ANALYSIS.json  level mix of an SFT dataset (`verilab dataset analyze`)
 *   lattice                    one round of a Qubit-Medic episode (--level, --seed)
 *   syndrome-animation         the episode's detection events round by round (animated SVG)
 *
 * Observable Plot and linkedom take ~0.6 s to load, so the Plot-based figures are imported when
 * a plot command runs, not on every `verilab` start (commands/index.ts loads this module).
 */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { formatIssues, type Result } from '@verilab/core';
import { CliError } from '../cli-error.ts';
import { openOutput, readTextInput } from '../io.ts';
import { readBaselines, readDatasetAnalysis, readEvalSummary } from '../figures/cli-json.ts';
import { episodeSnapshot, type EpisodeSnapshot } from '../figures/episode-snapshot.ts';
import { busiestRound, latticeFigure, syndromeAnimation, syndromeFilmstrip } from '../figures/lattice-figure.ts';
import { svgToPng } from '../figures/svg-render.ts';
import { parseSinterCsv } from '../sweep/sinter-csv.ts';
import { aggregateRows } from '../sweep/task-stats.ts';

interface FigureOptions {
  out?: string;
  png?: string;
}

/** Writes the SVG (and its PNG rendering when asked). */
async function writeFigure(svg: string, options: FigureOptions, pngSvg = svg): Promise<void> {
  const out = openOutput(options.out, 'figure');
  await out.write(svg);
  await out.close();
  if (options.png !== undefined) await writePng(pngSvg, options.png);
}

async function writePng(svg: string, path: string): Promise<void> {
  try {
    await writeFile(path, svgToPng(svg));
  } catch (error) {
    throw new CliError(`cannot write PNG "${path}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads a JSON file another command wrote and checks its shape. */
async function readJson<T>(path: string, what: string, read: (json: unknown) => Result<T>): Promise<T> {
  const text = await readTextInput(path, what);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = read(json);
  if (!result.ok) throw new CliError(`${path}: ${formatIssues(result.issues)}`);
  return result.value;
}

const nonNegativeInteger = (text: string): number => {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return value;
};

const positiveNumber = (text: string): number => {
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) throw new InvalidArgumentError('expected a positive number');
  return value;
};

interface EpisodeOptions extends FigureOptions {
  level: string;
  seed: number;
  trueFrame?: boolean;
  decoderFrame?: boolean;
}

function snapshotOf(options: EpisodeOptions): { snapshot: EpisodeSnapshot; frames: { showTrue: boolean; showDecoder: boolean } } {
  const result = episodeSnapshot(options.level, options.seed);
  if (!result.ok) throw new CliError(formatIssues(result.issues));
  return { snapshot: result.value, frames: { showTrue: options.trueFrame === true, showDecoder: options.decoderFrame === true } };
}

/** A lattice subcommand: an episode named by level and seed, with optional frames. */
function episodeCommand(plot: Command, name: string, description: string): Command {
  return figureCommand(plot, name, description)
    .requiredOption('--level <level>', 'Qubit-Medic level, e.g. L2_target or custom:d=5,r=5,p=0.003')
    .requiredOption('--seed <s>', "episode seed (the environment's: same level and seed, same episode)", nonNegativeInteger)
    .option('--true-frame', 'mark the true error on the data qubits')
    .option('--decoder-frame', "ring the matching decoder's frame");
}

/** A figure subcommand with the shared --out/--png flags. */
function figureCommand(plot: Command, name: string, description: string): Command {
  return plot
    .command(name)
    .description(description)
    .option('--out <file>', 'SVG output (default: stdout)')
    .option('--png <file>', 'also render a PNG (2× scale)');
}

export function registerPlot(program: Command): void {
  const plot = program.command('plot');
  plot
    .command('threshold', { isDefault: true })
    .description('Logical error rate vs physical error rate per distance, log-log, from `verilab collect` (Sinter) CSVs; the default kind, so `verilab plot --in stats.csv` works as `sinter plot --in stats.csv` does.')
    .argument('[stats...]', 'Sinter CSVs written by `verilab collect` (or `sinter collect`)')
    .option('--in <files...>', "Sinter CSVs (Sinter's spelling; rows of all files add up per task)")
    .option('--out <file>', 'SVG output (default: stdout); a .png name writes a PNG instead, as Sinter does')
    .option('--png <file>', 'also render a PNG (2× scale)')
    .option('--per-round', 'plot the logical error rate per round instead of per shot')
    .action(async (positional: string[], options: FigureOptions & { in?: string[]; perRound?: boolean }) => {
      const paths = [...positional, ...(options.in ?? [])];
      if (paths.length === 0) throw new CliError('plot threshold needs statistics: give CSV files, or --in FILE...');
      const rows = [];
      for (const path of paths) {
        const parsed = parseSinterCsv(await readTextInput(path, 'statistics'));
        if (!parsed.ok) throw new CliError(formatIssues(parsed.issues, path));
        rows.push(...parsed.value.rows);
      }
      const { thresholdData, thresholdFigure } = await import('../figures/threshold-figure.ts');
      const data = thresholdData(aggregateRows(rows).values(), options.perRound === true);
      if (data.points.length === 0) throw new CliError(`${paths.join(', ')}: no rows with d, p and r in their json_metadata to plot`);
      const svg = thresholdFigure(data, { perRound: options.perRound === true });
      if (options.out?.toLowerCase().endsWith('.png') === true) await writePng(svg, options.out);
      else await writeFigure(svg, options);
    });
  figureCommand(plot, 'eval', 'Metric bars with 95% intervals per level from a `verilab eval` summary.')
    .argument('<summary>', 'summary JSON written by `verilab eval --summary`')
    .action(async (path: string, options: FigureOptions) => {
      const { evalFigure } = await import('../figures/metric-figures.ts');
      await writeFigure(evalFigure(await readJson(path, 'eval summary', readEvalSummary)), options);
    });
  figureCommand(plot, 'baselines', 'Policies compared per level from `verilab baselines` JSON.')
    .argument('<baselines>', 'JSON written by `verilab baselines`')
    .option('--metric <key>', 'metric to compare (any with a 95% interval, e.g. logical_correction, exact_match_true)', 'logical_correction')
    .action(async (path: string, options: FigureOptions & { metric: string }) => {
      const cells = await readJson(path, 'baselines', readBaselines);
      if (!cells.some((cell) => cell.metrics.some((m) => m.key === options.metric))) {
        const known = [...new Set(cells.flatMap((cell) => cell.metrics.map((m) => m.key)))];
        throw new CliError(`${path}: no metric "${options.metric}" with a 95% interval; known: ${known.join(', ')}`);
      }
      const { baselinesFigure } = await import('../figures/metric-figures.ts');
      await writeFigure(baselinesFigure(cells, options.metric), options);
    });
  figureCommand(plot, 'dataset-mix', 'Level mix of SFT dataset files from `verilab dataset analyze` JSON.')
    .argument('<analysis>', 'JSON written by `verilab dataset analyze`')
    .action(async (path: string, options: FigureOptions) => {
      const { datasetMixFigure } = await import('../figures/metric-figures.ts');
      await writeFigure(datasetMixFigure(await readJson(path, 'dataset analysis', readDatasetAnalysis)), options);
    });
  episodeCommand(plot, 'lattice', "One round of a Qubit-Medic episode: data qubits, X/Z stabilisers, that round's detection events.")
    .option('--round <t>', 'round to show, 0 to rounds (default: the one with the most detection events)', nonNegativeInteger)
    .action(async (options: EpisodeOptions & { round?: number }) => {
      const { snapshot, frames } = snapshotOf(options);
      const round = options.round ?? busiestRound(snapshot);
      if (round > snapshot.layout.rounds) throw new CliError(`--round ${round}: ${snapshot.level.name} has rounds 0 to ${snapshot.layout.rounds}`);
      await writeFigure(latticeFigure(snapshot, { ...frames, round }), options);
    });
  episodeCommand(plot, 'syndrome-animation', "An animated SVG of a Qubit-Medic episode's detection events round by round (--png: all rounds as a film strip).")
    .option('--seconds-per-round <s>', 'animation speed', positiveNumber, 1)
    .action(async (options: EpisodeOptions & { secondsPerRound: number }) => {
      const { snapshot, frames } = snapshotOf(options);
      await writeFigure(syndromeAnimation(snapshot, { ...frames, secondsPerRound: options.secondsPerRound }), options, syndromeFilmstrip(snapshot, frames));
    });
}
