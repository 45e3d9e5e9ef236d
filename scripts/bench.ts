/**
 * `npm run bench`: finds every `*.bench.ts` under packages/, runs each case it exports and
 * prints throughput. A bench file exports
 *
 *   export const benchmarks: BenchCase[] = [{ name, unit, run }]
 *
 * where `run()` does one batch of work and returns how many units (shots, verifications, …) it
 * processed. Each case runs for a fixed time after a warm-up; we report the median rate over
 * several timed batches, single-threaded, which is how the issues state their targets.
 *
 * A bench file may also export `references`: the same work done by another implementation (a
 * Python script reading its cases as JSON on stdin and printing units per CPU-second per key).
 * Each is run in the same run, right after the file's cases, and printed beside them with the
 * ratio, both sides per second of their own process's CPU time. The Python is $VERILAB_BENCH_PYTHON, else the repo's .venv-test, else python3 — the
 * first that imports the reference's modules; with none, the comparison is skipped with a note.
 * A reference with `built` takes verilab's side not from the in-process case (tsx running the
 * TypeScript sources) but from a Node script run on the built packages (dist/, as users run
 * them) in a process of its own: their dist must be built and newer than their sources
 * (`npm run build -w <package>`), else the bench stops and says so.
 *
 * Usage: npm run bench [-- <substring filter>] [--json out.json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchPredictEndToEnd } from './bench-predict.ts';
import { benchSamplingEndToEnd } from './bench-sampling.ts';
import { benchStartup } from './bench-startup.ts';
import { tableRow } from './bench-table.ts';

export interface BenchCase {
  readonly name: string;
  readonly unit: string;
  run(): number;
}

export interface BenchReference {
  /** Shown in the comparison's heading. */
  readonly title: string;
  /** What one of the script's units is, as in BenchCase. */
  readonly unit: string;
  /** Repo-relative path of the Python script. */
  readonly script: string;
  /** Modules the script imports: a Python lacking one is passed over. */
  readonly modules: readonly string[];
  /** JSON written to the script's stdin; `seconds` (time per key) is added. */
  readonly input: Readonly<Record<string, unknown>>;
  /** The script's output key → the name of the bench case doing the same work. */
  readonly cases: Readonly<Record<string, string>>;
  /** Verilab's side measured on the built packages instead of in this process. */
  readonly built?: {
    /** Repo-relative path of a Node script printing units per CPU-second per key, as the Python does. */
    readonly script: string;
    /** JSON written to its stdin; `seconds` and `warmup` are added. */
    readonly input: Readonly<Record<string, unknown>>;
    /** Repo-relative package directories whose dist/ the script loads. */
    readonly packages: readonly string[];
  };
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WARMUP_MS = 500;
const MEASURE_MS = 2000;
/**
 * Reference comparisons run each side's process this many times and keep each key's best rate:
 * on this 2-core VM one process's rate moves by up to a third from one run to the next (PhysiX
 * charged_particle_b_field, same build: 35.8k and 51.5k verifications per CPU-second), which one
 * run per side put straight into the ratio.
 */
const REFERENCE_RUNS = 3;

/** Each key's best rate over runs of one measurement. */
function bestOf(runs: number, measure: () => Record<string, number>): Record<string, number> {
  const best: Record<string, number> = {};
  for (let run = 0; run < runs; run++) {
    for (const [key, rate] of Object.entries(measure())) best[key] = Math.max(best[key] ?? 0, rate);
  }
  return best;
}

function findBenchFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...findBenchFiles(full));
    else if (entry.endsWith('.bench.ts')) found.push(full);
  }
  return found.sort();
}

/**
 * Median units per wall-clock second over the timed batches, and per second of this process's
 * CPU time (what the reference comparison uses: it does not move when other work shares the
 * machine, and counts V8's GC and compiler threads against us).
 */
function measure(benchCase: BenchCase): { rate: number; cpuRate: number; batches: number } {
  const warmupEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmupEnd) benchCase.run();
  const rates: number[] = [];
  const cpuRates: number[] = [];
  const end = performance.now() + MEASURE_MS;
  while (performance.now() < end || rates.length < 3) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const units = benchCase.run();
    const cpu = process.cpuUsage(cpuStart);
    rates.push(units / ((performance.now() - start) / 1000));
    cpuRates.push(units / (Math.max(1, cpu.user + cpu.system) / 1e6));
  }
  return { rate: median(rates), cpuRate: median(cpuRates), batches: rates.length };
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? 0;
}

const args = process.argv.slice(2);
const jsonIndex = args.indexOf('--json');
const jsonOut = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
const filter = args.filter((_, i) => jsonIndex < 0 || (i !== jsonIndex && i !== jsonIndex + 1))[0] ?? '';

/** The first Python that can run a reference, or undefined. */
function findPython(modules: readonly string[]): string | undefined {
  const candidates = [
    process.env['VERILAB_BENCH_PYTHON'],
    path.join(ROOT, '.venv-test/bin/python'),
    'python3',
  ];
  return candidates.find((python) => {
    if (python === undefined || python === '' || (python.includes('/') && !existsSync(python)))
      return false;
    const probe = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
    return probe.status === 0;
  });
}

/** Modification times of the files under `dir` whose names end with `suffix`, skipping `skip`. */
function mtimes(dir: string, suffix: string, skip: RegExp = /$^/): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix) && !skip.test(file))
    .map((file) => statSync(path.join(dir, file)).mtimeMs);
}

/** Stops the bench when a package's dist/ is missing or older than a source it is built from. */
function requireFreshBuild(packageDir: string): void {
  const built = mtimes(path.join(ROOT, packageDir, 'dist'), '.js');
  const sources = mtimes(path.join(ROOT, packageDir, 'src'), '.ts', /\.(test|bench)\.ts$|(^|\/)testing\//);
  if (built.length > 0 && Math.min(...built) >= Math.max(...sources)) return;
  const name = (JSON.parse(readFileSync(path.join(ROOT, packageDir, 'package.json'), 'utf8')) as { name: string }).name;
  const why = built.length === 0 ? 'is missing' : `is older than ${packageDir}/src`;
  console.error(`\n${packageDir}/dist ${why}: run \`npm run build -w ${name}\` (the comparison measures the built package) and rerun the bench`);
  process.exit(1);
}

const builtRates = new Map<string, Record<string, number>>();

/** Units per CPU-second per key from the reference's built-package script (the best of REFERENCE_RUNS runs, once per distinct input). */
function measureBuilt(built: NonNullable<BenchReference['built']>): Record<string, number> {
  for (const packageDir of built.packages) requireFreshBuild(packageDir);
  const input = JSON.stringify({ ...built.input, seconds: MEASURE_MS / 1000, warmup: WARMUP_MS / 1000 });
  const key = `${built.script} ${input}`;
  if (!builtRates.has(key)) {
    const run = () => JSON.parse(execFileSync(process.execPath, [path.join(ROOT, built.script)], { input, encoding: 'utf8', cwd: ROOT })) as Record<string, number>;
    builtRates.set(key, bestOf(REFERENCE_RUNS, run));
  }
  return builtRates.get(key)!;
}

function compareWithReference(reference: BenchReference, measured: ReadonlyMap<string, number>): void {
  const wanted = Object.entries(reference.cases).filter(([, name]) => measured.has(name));
  if (wanted.length === 0) return;
  const python = findPython(reference.modules);
  console.log(`\n${reference.title}`);
  if (python === undefined) {
    console.log(
      `  skipped: no Python imports ${reference.modules.join(', ')} ` +
        '(set VERILAB_BENCH_PYTHON to one, e.g. a venv with `pip install numpy scipy sympy`)',
    );
    return;
  }
  const built = reference.built === undefined ? undefined : measureBuilt(reference.built);
  const rates = bestOf(REFERENCE_RUNS, () =>
    JSON.parse(
      execFileSync(python, [path.join(ROOT, reference.script)], {
        input: JSON.stringify({ ...reference.input, seconds: MEASURE_MS / 1000 }),
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      }),
    ) as Record<string, number>,
  );
  console.log(`  per CPU-second of each process, the best of ${REFERENCE_RUNS} runs of each (wall-clock rates above move with other load on the machine)`);
  if (built !== undefined) console.log(`  verilab: the built packages (dist/) in their own Node process (${reference.built!.script})`);
  const widths = [28, 12, 12, 8];
  console.log(tableRow([reference.unit, 'verilab/s', 'python/s', 'ratio'], widths));
  for (const [key, name] of wanted) {
    const ours = built === undefined ? measured.get(name)! : built[key];
    if (ours === undefined) throw new Error(`${reference.built!.script} reported no rate for ${key}`);
    const builtName = `${name} (built, own process)`;
    if (built !== undefined && !results.some((result) => result.name === builtName))
      results.push({ file: reference.built!.script, name: builtName, unit: reference.unit, perSecond: ours });
    const theirs = rates[key];
    const ratio = theirs === undefined ? 'n/a' : `${(ours / theirs).toFixed(1)}x`;
    console.log(tableRow([key, formatRate(ours), theirs === undefined ? 'n/a' : formatRate(theirs), ratio], widths));
    results.push({ file: reference.script, name: `${name} (python reference)`, unit: reference.unit, perSecond: theirs ?? 0 });
  }
}

const results: { file: string; name: string; unit: string; perSecond: number }[] = [];
for (const file of findBenchFiles(path.join(ROOT, 'packages'))) {
  const relative = path.relative(ROOT, file);
  const module = (await import(pathToFileURL(file).href)) as {
    benchmarks?: BenchCase[];
    references?: BenchReference[];
  };
  const measured = new Map<string, number>();
  for (const benchCase of module.benchmarks ?? []) {
    if (!`${relative} ${benchCase.name}`.includes(filter)) continue;
    const { rate, cpuRate } = measure(benchCase);
    results.push({ file: relative, name: benchCase.name, unit: benchCase.unit, perSecond: rate });
    measured.set(benchCase.name, cpuRate);
    console.log(
      `${benchCase.name.padEnd(48)} ${formatRate(rate).padStart(12)} ${benchCase.unit}/s   (${relative})`,
    );
  }
  for (const reference of module.references ?? []) compareWithReference(reference, measured);
}
// `verilab predict` vs `pymatching predict` as whole processes (scripts/bench-predict.ts).
if ('scripts/bench-predict.ts decoder predict end to end'.includes(filter)) results.push(...benchPredictEndToEnd(findPython(['stim', 'pymatching']), formatRate));
// `verilab detect` / `sample_dem` vs `stim detect` / `sample_dem` as whole processes (scripts/bench-sampling.ts).
if ('scripts/bench-sampling.ts sampling detect sample_dem end to end'.includes(filter)) benchSamplingEndToEnd(findPython(['stim']));
// The built `verilab` command's start-up, a whole process per run (scripts/bench-startup.ts).
if ('scripts/bench-startup.ts startup'.includes(filter)) {
  for (const timing of benchStartup()) results.push({ file: 'scripts/bench-startup.ts', name: `start-up: ${timing.name} (best)`, unit: 'starts', perSecond: 1000 / timing.bestMs });
}
if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n');

function formatRate(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(2)}M`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)}k`;
  return rate.toFixed(1);
}
