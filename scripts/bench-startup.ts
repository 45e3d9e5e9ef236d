/**
 * Start-up time of the installed `verilab` command (the compiled packages/cli/dist/main.js, as
 * `npm install` builds it): best and median wall time over repeated runs of `verilab --help` and
 * a d=3 `verilab gen`, beside `node -e 0` (the floor any Node command pays) and `stim gen` when
 * a Stim is found ($VERILAB_BENCH_STIM, else `stim` on the PATH). Best-of-N is the figure to
 * compare: the slower runs measure the machine's other load, not the command.
 *
 * Run by `npm run bench` (filter `startup`), or alone: `tsx scripts/bench-startup.ts [runs]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VERILAB = path.join(ROOT, 'packages/cli/dist/main.js');
const GEN_D3 = ['gen', '--code', 'surface_code', '--task', 'rotated_memory_z', '--distance', '3', '--rounds', '3', '--after_clifford_depolarization', '0.001'];
const WARMUP_RUNS = 2;

export interface StartupTiming {
  readonly name: string;
  readonly bestMs: number;
  readonly medianMs: number;
  /** The wall-time target, where it sets one. */
  readonly targetMs?: number;
}

function timeRuns(command: string, args: readonly string[], runs: number): { bestMs: number; medianMs: number } {
  const times: number[] = [];
  for (let i = 0; i < WARMUP_RUNS + runs; i++) {
    const start = performance.now();
    const run = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - start;
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr.toString()}`);
    if (i >= WARMUP_RUNS) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { bestMs: times[0]!, medianMs: times[Math.floor(times.length / 2)]! };
}

function findStim(): string | undefined {
  for (const candidate of [process.env['VERILAB_BENCH_STIM'], 'stim']) {
    if (candidate === undefined) continue;
    if (spawnSync(candidate, ['help'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

/** Times each start-up case and prints a table; throws when the CLI is not built. */
export function benchStartup(runs = 20): StartupTiming[] {
  if (!existsSync(VERILAB)) throw new Error(`${path.relative(ROOT, VERILAB)} is missing: run \`npm run build\` first`);
  const newestSource = statSync(path.join(ROOT, 'packages/cli/src/main.ts')).mtimeMs;
  if (statSync(VERILAB).mtimeMs < newestSource) console.warn('warning: packages/cli/dist is older than its sources; run `npm run build` for current figures');
  const timings: StartupTiming[] = [
    { name: 'node -e 0', ...timeRuns(process.execPath, ['-e', '0'], runs) },
    { name: 'verilab --help', ...timeRuns(process.execPath, [VERILAB, '--help'], runs), targetMs: 150 },
    { name: 'verilab gen (d=3)', ...timeRuns(process.execPath, [VERILAB, ...GEN_D3], runs), targetMs: 250 },
  ];
  const stim = findStim();
  if (stim === undefined) console.log('(no stim found: set VERILAB_BENCH_STIM to a stim executable to compare `stim gen`)');
  else timings.push({ name: 'stim gen (d=3)', ...timeRuns(stim, GEN_D3, runs) });
  console.log(`start-up wall time, best and median of ${runs} runs:`);
  for (const t of timings) {
    const target = t.targetMs === undefined ? '' : `   target ≤ ${t.targetMs} ms: ${t.bestMs <= t.targetMs ? 'met' : 'MISSED'}`;
    console.log(`  ${t.name.padEnd(20)} best ${t.bestMs.toFixed(1).padStart(7)} ms   median ${t.medianMs.toFixed(1).padStart(7)} ms${target}`);
  }
  return timings;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  benchStartup(runs);
}
