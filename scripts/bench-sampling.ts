/**
 * `verilab detect` against `stim detect` and `verilab sample_dem` against `stim sample_dem` end
 * to end, as issue 15 measures them: whole processes writing b8 files, rotated surface code
 * memory-Z with SI1000-like noise at p = 0.001 and rounds = distance, d = 5, 9 and 13. The
 * circuit comes from `verilab gen` (byte-identical to `stim gen`), the DEM from
 * `stim analyze_errors`; both tools then read the same files.
 *
 * Each pair runs alternately, RUNS times, so both sides see the same machine load; we print the
 * best wall time and the best CPU time (user + system of the process) of each side and the
 * ratios stim / verilab (above 1: verilab is faster). Under load, trust the CPU ratio more.
 * CPU time is read with bash's `times`, so this needs bash (as CI has).
 *
 * Stim is $VERILAB_BENCH_STIM (a `stim` executable), else the `stim` module of a Python that has
 * it (the same search as the other references); with neither, the section is skipped. Runs the
 * built CLI (packages/cli/dist/main.js: `npm run build` first; $VERILAB_BENCH_CLI names
 * another). Run by `npm run bench` (filter `sampling`, `detect` or `sample_dem`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableRow } from './bench-table.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The built CLI, or $VERILAB_BENCH_CLI (another build's main.js, e.g. a copy that concurrent rebuilds cannot touch). */
const VERILAB = [process.execPath, process.env['VERILAB_BENCH_CLI'] || path.join(ROOT, 'packages/cli/dist/main.js')];
const RUNS = 3;
const P = 0.001;

/** The d5 case (6M shots); d9 and d13 with fewer shots so a run stays a few seconds. */
const CASES = [
  { distance: 5, shots: 6_000_000 },
  { distance: 9, shots: 2_000_000 },
  { distance: 13, shots: 1_000_000 },
] as const;

/** The targets: verilab at least this many times as fast as stim. */
const TARGETS = { detect: 1, sample_dem: 2 } as const;

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** Runs `argv` as a whole process: its wall and CPU seconds, or throws with its stderr. */
function timeProcess(argv: readonly string[]): Timing {
  const start = performance.now();
  // `times` prints the shell's own CPU times, then its children's: the second line is argv's.
  const run = spawnSync('bash', ['-c', '"$@" >/dev/null || exit $?; times', 'bench', ...argv], { encoding: 'utf8' });
  const wall = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`${argv.join(' ')} exited ${run.status}: ${run.stderr}`);
  const children = run.stdout.trim().split('\n')[1] ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(([, m, s]) => Number(m) * 60 + Number(s));
  if (seconds.length !== 2) throw new Error(`cannot read the CPU times from bash's times: ${JSON.stringify(run.stdout)}`);
  return { wall, cpu: seconds[0]! + seconds[1]! };
}

function best(timings: readonly Timing[]): Timing {
  return { wall: Math.min(...timings.map((t) => t.wall)), cpu: Math.min(...timings.map((t) => t.cpu)) };
}

/** How to run Stim's command line: $VERILAB_BENCH_STIM, else `python -c` calling stim.main. */
function stimCommand(python: string | undefined): string[] | undefined {
  const executable = process.env['VERILAB_BENCH_STIM'];
  if (executable !== undefined && executable !== '') return [executable];
  if (python === undefined) return undefined;
  return [python, '-c', 'import sys, stim; sys.exit(stim.main(command_line_args=sys.argv[1:]))'];
}

/** Runs the comparison with Stim found through `python` (one that imports stim), or says why it is skipped. */
export function benchSamplingEndToEnd(python: string | undefined): void {
  console.log(`\nsampling end to end: verilab vs stim (whole processes, b8 files, SI1000-like p=${P}, rounds = d; best of ${RUNS}, alternating)`);
  const stim = stimCommand(python);
  if (stim === undefined) {
    console.log('  skipped: no stim (set VERILAB_BENCH_STIM to a stim executable, or VERILAB_BENCH_PYTHON to a Python with stim)');
    return;
  }
  const work = mkdtempSync(path.join(tmpdir(), 'verilab-bench-sampling-'));
  // Other processes inflate both sides' CPU times (shared caches, frequency): say how loaded the machine was.
  const load = () => loadavg()[0]!.toFixed(1);
  console.log(`  load average at the start: ${load()}`);
  try {
    const widths = [11, 15, 16, 19, 10, 9, 7];
    console.log(tableRow(['command', 'config (shots)', 'stim wall/cpu s', 'verilab wall/cpu s', 'ratio wall', 'ratio cpu', 'target'], widths, 2));
    for (const { distance, shots } of CASES) {
      const circuit = path.join(work, `d${distance}.stim`);
      const dem = path.join(work, `d${distance}.dem`);
      const gen = ['gen', '--code', 'surface_code', '--task', 'rotated_memory_z', '--distance', String(distance), '--rounds', String(distance)];
      timeProcess([...VERILAB, ...gen, '--noise_profile', 'si1000-like', '--p', String(P), '--out', circuit]);
      timeProcess([...stim, 'analyze_errors', '--in', circuit, '--out', dem]);
      for (const [command, input] of [['detect', circuit], ['sample_dem', dem]] as const) {
        const args = (out: string) => [command, '--shots', String(shots), '--seed', '1', '--in', input, '--out', out, '--out_format', 'b8'];
        const theirs: Timing[] = [];
        const ours: Timing[] = [];
        for (let run = 0; run < RUNS; run++) {
          theirs.push(timeProcess([...stim, ...args(path.join(work, 'stim.b8'))]));
          ours.push(timeProcess([...VERILAB, ...args(path.join(work, 'verilab.b8'))]));
        }
        const [stimSize, verilabSize] = ['stim.b8', 'verilab.b8'].map((name) => statSync(path.join(work, name)).size);
        if (stimSize !== verilabSize) throw new Error(`${command} d${distance}: stim wrote ${stimSize} bytes, verilab ${verilabSize}`);
        const [s, v] = [best(theirs), best(ours)];
        const cells = [
          command,
          `d${distance} (${shots / 1e6}M)`,
          `${s.wall.toFixed(2)}/${s.cpu.toFixed(2)}`,
          `${v.wall.toFixed(2)}/${v.cpu.toFixed(2)}`,
          `${(s.wall / v.wall).toFixed(2)}x`,
          `${(s.cpu / v.cpu).toFixed(2)}x`,
          `≥ ${TARGETS[command]}x`,
        ];
        console.log(tableRow(cells, widths, 2));
      }
    }
    console.log(`  load average at the end: ${load()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchSamplingEndToEnd(process.env['VERILAB_BENCH_PYTHON']);
}
