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
 * Usage: npm run bench [-- <substring filter>] [--json out.json]
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchCase {
  readonly name: string;
  readonly unit: string;
  run(): number;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WARMUP_MS = 500;
const MEASURE_MS = 2000;

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

function measure(benchCase: BenchCase): { rate: number; batches: number } {
  const warmupEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmupEnd) benchCase.run();
  const rates: number[] = [];
  const end = performance.now() + MEASURE_MS;
  while (performance.now() < end || rates.length < 3) {
    const start = performance.now();
    const units = benchCase.run();
    const seconds = (performance.now() - start) / 1000;
    rates.push(units / seconds);
  }
  rates.sort((a, b) => a - b);
  return { rate: rates[Math.floor(rates.length / 2)] ?? 0, batches: rates.length };
}

const args = process.argv.slice(2);
const jsonIndex = args.indexOf('--json');
const jsonOut = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
const filter = args.filter((_, i) => jsonIndex < 0 || (i !== jsonIndex && i !== jsonIndex + 1))[0] ?? '';

const results: { file: string; name: string; unit: string; perSecond: number }[] = [];
for (const file of findBenchFiles(path.join(ROOT, 'packages'))) {
  const relative = path.relative(ROOT, file);
  const module = (await import(pathToFileURL(file).href)) as { benchmarks?: BenchCase[] };
  for (const benchCase of module.benchmarks ?? []) {
    if (!`${relative} ${benchCase.name}`.includes(filter)) continue;
    const { rate } = measure(benchCase);
    results.push({ file: relative, name: benchCase.name, unit: benchCase.unit, perSecond: rate });
    console.log(
      `${benchCase.name.padEnd(48)} ${formatRate(rate).padStart(12)} ${benchCase.unit}/s   (${relative})`,
    );
  }
}
if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n');

function formatRate(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(2)}M`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)}k`;
  return rate.toFixed(1);
}
