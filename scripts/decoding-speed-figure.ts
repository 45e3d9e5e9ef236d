/**
 * The README's decoding-speed figure: shots per CPU-second of `verilab predict` and
 * `pymatching predict` (each a whole single-threaded process: start-up, DEM, b8 in, 01 out)
 * against the code distance, from the end-to-end cases of a bench run's JSON
 * (scripts/bench-predict.ts), with each case's matching-graph size under its distance and
 * ours ÷ PyMatching beside our points. CPU seconds rather than wall time because the bench
 * machine is shared: other load stretches wall time by whatever it happens to be, CPU time
 * much less. One case per distance is joined by lines (the first the bench lists); other noise
 * levels at the same distance are drawn as labelled points. Also prints the run as the README's
 * markdown table.
 *
 * Usage:
 *   npm run bench -- predict --json bench.json
 *   npx tsx --conditions=@verilab/source scripts/decoding-speed-figure.ts bench.json docs/figures/decoding-speed.svg "<where the run came from>"
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as Plot from '@observablehq/plot';
import { formatTick, logDomain, logTicks } from '../packages/cli/src/figures/log-ticks.ts';
import { plotToSvg } from '../packages/cli/src/figures/plot-svg.ts';
import type { PredictBenchEntry } from './bench-predict.ts';

const [input, output, source] = process.argv.slice(2);
if (input === undefined || output === undefined || source === undefined) {
  console.error('usage: decoding-speed-figure.ts <bench.json> <out.svg> "<where the run came from>"');
  process.exit(2);
}

const cases = (JSON.parse(readFileSync(input, 'utf8')) as Partial<PredictBenchEntry>[]).flatMap((entry) => (entry.predict === undefined ? [] : [entry.predict]));
if (cases.length === 0) {
  console.error(`${input}: no end-to-end decoding cases (run \`npm run bench -- predict --json ${input}\` with VERILAB_BENCH_PYTHON set)`);
  process.exit(2);
}

const SIDES = ['verilab predict', 'pymatching predict'] as const;
const joined = new Set(cases.filter((c, k) => cases.findIndex((other) => other.distance === c.distance) === k));
const points = cases.flatMap((c) => [
  { side: SIDES[0], distance: c.distance, rate: c.shots / c.ours_cpu_s, joined: joined.has(c), label: `${(c.theirs_cpu_s / c.ours_cpu_s).toFixed(2)}×`, p: c.p },
  { side: SIDES[1], distance: c.distance, rate: c.shots / c.theirs_cpu_s, joined: joined.has(c), label: '', p: c.p },
]);
const graphOf = new Map([...joined].map((c) => [c.distance, c]));
const distances = [...graphOf.keys()].sort((a, b) => a - b);
const yDomain = logDomain(points.map((p) => p.rate));
const compact = (n: number) => (n >= 1000 ? `${Number((n / 1000).toFixed(1))}k` : String(n));

const svg = plotToSvg({
  width: 820,
  height: 500,
  marginTop: 84,
  marginBottom: 70,
  marginLeft: 70,
  marginRight: 30,
  x: {
    type: 'linear',
    domain: [distances[0]! - 1, distances[distances.length - 1]! + 1],
    ticks: distances,
    tickFormat: (d: number) => {
      const c = graphOf.get(d)!;
      return `d${d} (p=${c.p})\n${compact(c.detectors)} detectors\n${compact(c.edges)} edges`;
    },
    label: null,
  },
  y: { type: 'log', domain: yDomain, ticks: logTicks(...yDomain).major, tickFormat: formatTick, grid: true, label: 'shots per CPU-second (whole process)', labelAnchor: 'center', labelArrow: 'none' },
  color: { domain: [...SIDES], range: ['#4e79a7', '#f28e2b'] },
  marks: [
    Plot.line(
      points.filter((p) => p.joined),
      { x: 'distance', y: 'rate', stroke: 'side', strokeWidth: 2, className: 'series' },
    ),
    Plot.dot(points, { x: 'distance', y: 'rate', fill: 'side', r: 4, className: 'point' }),
    Plot.text(
      points.filter((p) => p.label !== ''),
      { x: 'distance', y: 'rate', text: 'label', dx: 8, dy: -8, textAnchor: 'start', fontSize: 10, className: 'ratio' },
    ),
    Plot.text(
      points.filter((p) => !p.joined && p.side === SIDES[1]),
      { x: 'distance', y: 'rate', text: (p: (typeof points)[number]) => `p=${p.p}`, dx: 8, textAnchor: 'start', fontSize: 10, fill: '#555', className: 'extra-case' },
    ),
    // Legend, top right.
    ...SIDES.flatMap((side, k) => [
      Plot.dot([side], { frameAnchor: 'top-right', dx: -200, dy: 14 + 16 * k, fill: (s: string) => s, r: 4 }),
      Plot.text([side], { frameAnchor: 'top-right', dx: -190, dy: 14 + 16 * k, textAnchor: 'start', lineAnchor: 'middle', fontSize: 11 }),
    ]),
    Plot.text(['Decoding speed end to end: verilab predict vs pymatching predict (CPU time)'], { frameAnchor: 'top-left', dy: -62, textAnchor: 'start', fontSize: 15, fontWeight: 'bold' }),
    ...['Same Stim DEM and b8 shots, SI1000-like noise, rounds = d, 01 predictions, one thread; labels: ours ÷ PyMatching', source].map((line, k) =>
      Plot.text([line], { frameAnchor: 'top-left', dy: -42 + 15 * k, textAnchor: 'start', fontSize: 11, fill: '#555' }),
    ),
  ],
});
writeFileSync(output, svg);
console.error(`wrote ${output} (${cases.length} cases)`);

const ratio = (x: number) => `${x.toFixed(2)}×`;
console.log('| config (shots) | detectors / edges | CPU s: ours / PyMatching | ratio by CPU | ratio by wall | `--threads 2` ÷ 1 thread, wall (CPU s) | peak RSS: ours / PyMatching | same predictions |');
console.log('|---|---|---|---|---|---|---|---|');
for (const c of cases) {
  const cells = [
    `${c.config} (${c.shots.toLocaleString('en-US')})`,
    `${c.detectors} / ${c.edges}`,
    `${c.ours_cpu_s.toFixed(2)} / ${c.theirs_cpu_s.toFixed(2)}`,
    ratio(c.theirs_cpu_s / c.ours_cpu_s),
    ratio(c.ours / c.theirs),
    `${ratio(c.ours_threads2 / c.ours)} (${c.ours_threads2_cpu_s.toFixed(2)})`,
    `${c.ours_rss_mb.toFixed(0)} / ${c.theirs_rss_mb.toFixed(0)} MB`,
    `${(100 * c.agree).toFixed(4)} %`,
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
