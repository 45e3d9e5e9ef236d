/**
 * `verilab predict` against `pymatching predict` end to end (scripts/predict_end_to_end.py):
 * whole processes on the same Stim DEM and b8 shots, SI1000-like noise, rounds = distance, from
 * d3 to d17 and up to near-threshold noise — the measurement issue 15 sets its targets in. Prints
 * shots/s of each side (wall time of its whole process, start-up included), the ratio, each
 * side's peak RSS and the fraction of shots whose predictions agree. Runs the built CLI
 * (packages/cli/dist/main.js: `npm run build -w @verilab/qec && npm run build -w @verilab/cli`
 * first). Run by `npm run bench` (filter `decoder` or `predict`).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The issue's configurations, with d3 and a near-threshold d9 beside them. */
const CASES = {
  'd3 p=0.001': { distance: 3, rounds: 3, p: 0.001, shots: 1_000_000 },
  'd5 p=0.001': { distance: 5, rounds: 5, p: 0.001, shots: 3_000_000 },
  'd9 p=0.003': { distance: 9, rounds: 9, p: 0.003, shots: 100_000 },
  'd9 p=0.007': { distance: 9, rounds: 9, p: 0.007, shots: 20_000 },
  'd13 p=0.005': { distance: 13, rounds: 13, p: 0.005, shots: 5_000 },
  'd17 p=0.005': { distance: 17, rounds: 17, p: 0.005, shots: 2_000 },
} as const;

interface EndToEnd {
  readonly ours: number;
  readonly theirs: number;
  readonly ours_rss_mb: number;
  readonly theirs_rss_mb: number;
  readonly agree: number;
}

/** Runs the comparison with `python` (one that imports stim and pymatching), or says why it is skipped. */
export function benchPredictEndToEnd(python: string | undefined, formatRate: (rate: number) => string): void {
  console.log('\ndecoding end to end: `verilab predict` vs `pymatching predict` (whole processes, same DEM and b8 shots)');
  if (python === undefined) {
    console.log('  skipped: no Python imports stim, pymatching (set VERILAB_BENCH_PYTHON to one)');
    return;
  }
  const output = execFileSync(python, [path.join(ROOT, 'scripts/predict_end_to_end.py')], {
    input: JSON.stringify({ verilab: [process.execPath, path.join(ROOT, 'packages/cli/dist/main.js')], cases: CASES }),
    encoding: 'utf8',
  });
  const results = JSON.parse(output) as Record<string, EndToEnd>;
  console.log(`  ${'config (shots)'.padEnd(24)} ${'verilab/s'.padStart(10)} ${'pymatching/s'.padStart(13)} ${'ratio'.padStart(7)} ${'RSS ours'.padStart(9)} ${'theirs'.padStart(7)} ${'agree'.padStart(8)}`);
  for (const [key, result] of Object.entries(results)) {
    const shots = CASES[key as keyof typeof CASES].shots;
    console.log(
      `  ${`${key} (${shots})`.padEnd(24)} ${formatRate(result.ours).padStart(10)} ${formatRate(result.theirs).padStart(13)} ` +
        `${`${(result.ours / result.theirs).toFixed(2)}x`.padStart(7)} ${`${result.ours_rss_mb.toFixed(0)} MB`.padStart(9)} ` +
        `${`${result.theirs_rss_mb.toFixed(0)} MB`.padStart(7)} ${`${(100 * result.agree).toFixed(2)}%`.padStart(8)}`,
    );
  }
}

