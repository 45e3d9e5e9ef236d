/**
 * `verilab predict` against `pymatching predict` end to end (scripts/predict_end_to_end.py):
 * whole processes on the same Stim DEM and b8 shots, SI1000-like noise, rounds = distance, from
 * d3 to d17 and up to near-threshold noise — the measurement issue 15 sets its targets in. Prints
 * shots/s of each side (wall time of its whole process, start-up included), the ratio, the
 * ratio of CPU seconds (steadier than wall time on a loaded machine), ours with `--threads 2`,
 * each side's peak RSS and the fraction of shots whose predictions agree; `npm run bench --
 * --json F` also records them, with each case's graph size, for the README's decoding-speed
 * figure (scripts/decoding-speed-figure.ts). Runs the built CLI
 * (packages/cli/dist/main.js: `npm run build -w @verilab/qec && npm run build -w @verilab/cli`
 * first). Run by `npm run bench` (filter `decoder` or `predict`).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableRow } from './bench-table.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The configurations, with d3, d7, d11, d15 and a near-threshold d9 beside them. */
const CASES = {
  'd3 p=0.001': { distance: 3, rounds: 3, p: 0.001, shots: 1_000_000 },
  'd5 p=0.001': { distance: 5, rounds: 5, p: 0.001, shots: 3_000_000 },
  'd7 p=0.002': { distance: 7, rounds: 7, p: 0.002, shots: 300_000 },
  'd9 p=0.003': { distance: 9, rounds: 9, p: 0.003, shots: 100_000 },
  'd9 p=0.007': { distance: 9, rounds: 9, p: 0.007, shots: 20_000 },
  'd11 p=0.005': { distance: 11, rounds: 11, p: 0.005, shots: 10_000 },
  'd13 p=0.005': { distance: 13, rounds: 13, p: 0.005, shots: 5_000 },
  'd15 p=0.005': { distance: 15, rounds: 15, p: 0.005, shots: 3_000 },
  'd17 p=0.005': { distance: 17, rounds: 17, p: 0.005, shots: 2_000 },
} as const;

/** One case's figures, as scripts/predict_end_to_end.py reports them. */
export interface EndToEnd {
  readonly ours: number;
  readonly theirs: number;
  readonly ours_threads2: number;
  readonly ours_rss_mb: number;
  readonly theirs_rss_mb: number;
  readonly ours_cpu_s: number;
  readonly theirs_cpu_s: number;
  readonly ours_threads2_cpu_s: number;
  readonly agree: number;
  readonly detectors: number;
  readonly edges: number;
}

/** A bench JSON entry (`npm run bench -- --json F`) of one case: ours single-threaded per second, with the whole comparison. */
export interface PredictBenchEntry {
  readonly file: 'scripts/bench-predict.ts';
  readonly name: string;
  readonly unit: 'shots';
  readonly perSecond: number;
  readonly predict: EndToEnd & { readonly config: string; readonly distance: number; readonly p: number; readonly shots: number };
}

/** Runs the comparison with `python` (one that imports stim and pymatching), or says why it is skipped; returns the cases' JSON entries. */
export function benchPredictEndToEnd(python: string | undefined, formatRate: (rate: number) => string): PredictBenchEntry[] {
  console.log('\ndecoding end to end: `verilab predict` vs `pymatching predict` (whole processes, same DEM and b8 shots)');
  if (python === undefined) {
    console.log('  skipped: no Python imports stim, pymatching (set VERILAB_BENCH_PYTHON to one)');
    return [];
  }
  const output = execFileSync(python, [path.join(ROOT, 'scripts/predict_end_to_end.py')], {
    input: JSON.stringify({ verilab: [process.execPath, path.join(ROOT, 'packages/cli/dist/main.js')], cases: CASES }),
    encoding: 'utf8',
  });
  const results = JSON.parse(output) as Record<string, EndToEnd>;
  const widths = [24, 10, 13, 7, 10, 12, 9, 7, 8];
  console.log(tableRow(['config (shots)', 'verilab/s', 'pymatching/s', 'ratio', 'CPU ratio', '2 threads/s', 'RSS ours', 'theirs', 'agree'], widths));
  const entries: PredictBenchEntry[] = [];
  for (const [key, result] of Object.entries(results)) {
    const { distance, p, shots } = CASES[key as keyof typeof CASES];
    const cells = [
      `${key} (${shots})`,
      formatRate(result.ours),
      formatRate(result.theirs),
      `${(result.ours / result.theirs).toFixed(2)}x`,
      `${(result.theirs_cpu_s / result.ours_cpu_s).toFixed(2)}x`,
      formatRate(result.ours_threads2),
      `${result.ours_rss_mb.toFixed(0)} MB`,
      `${result.theirs_rss_mb.toFixed(0)} MB`,
      `${(100 * result.agree).toFixed(2)}%`,
    ];
    console.log(tableRow(cells, widths));
    entries.push({ file: 'scripts/bench-predict.ts', name: `predict ${key}`, unit: 'shots', perSecond: result.ours, predict: { ...result, config: key, distance, p, shots } });
  }
  return entries;
}
