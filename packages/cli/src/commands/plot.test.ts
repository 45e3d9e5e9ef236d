import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { createLevelPhysics, createPhysicsCache, levelNamed, QubitMedicEnvironment } from '@verilab/qubit-medic';
import { metricEstimates } from '../figures/cli-json.ts';
import { pngSize, readSvg } from '../testing/figure-checks.ts';
import { runInProcess as verilab } from '../testing/run-in-process.ts';

// Figures from small real runs of the commands that write their inputs. (The threshold plot is
// tested with the sweep that feeds it, in collect.test.ts.)
const work = mkdtempSync(path.join(tmpdir(), 'verilab-plot-'));
const file = (name: string) => path.join(work, name);
const json = (name: string) => JSON.parse(readFileSync(file(name), 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;

beforeAll(async () => {
  for (const args of [
    ['baselines', '--episodes', '12', '--levels', 'L1_warmup,L4_stress', '--out', file('baselines.json')],
    ['eval', '--policy', 'zeros', '--episodes', '8', '--levels', 'L1_warmup,L2_target', '--out', file('eval.jsonl'), '--summary', file('eval.json')],
    ['dataset', 'sft', '--n', '120', '--seed', '3', '--out', file('sft.jsonl')],
    ['dataset', 'analyze', '--in', file('sft.train.jsonl'), file('sft.val.jsonl'), '--out', file('analysis.json')],
  ]) {
    const run = await verilab(args);
    expect(run.code, run.stderr).toBe(0);
  }
});

/** Renders a figure to SVG and PNG and checks the PNG is the SVG at twice the size (unless it is another view). */
async function render(args: readonly string[], name: string, pngIsSvg = true) {
  const run = await verilab(['plot', ...args, '--out', file(`${name}.svg`), '--png', file(`${name}.png`)]);
  expect([run.code, run.stderr]).toEqual([0, '']);
  const svg = readSvg(file(`${name}.svg`));
  if (pngIsSvg) expect(pngSize(file(`${name}.png`))).toEqual({ width: 2 * svg.width, height: 2 * svg.height });
  return svg;
}

/** The episode as the environment plays it: detection events per round, true and decoder frames. */
function episode(levelName: string, seed: number) {
  const level = levelNamed(levelName);
  const env = new QubitMedicEnvironment({ physics: createPhysicsCache() });
  const started = env.reset({ level, seed });
  const step = unwrap(env.step(started.spec, { kind: 'completion', completion: '' }));
  const { layout } = createLevelPhysics(level);
  const perRound = Array.from({ length: layout.rounds + 1 }, (_, t) =>
    layout.detectors.flatMap((d, k) => (d.round === t && started.observation.syndromeBits[k] === 1 ? [String(d.stabilizer)] : [])).sort(),
  );
  const qubits = (x: readonly number[], z: readonly number[]) => [...new Set([...x, ...z])].map(String).sort();
  const { info } = step;
  return { layout, perRound, trueQubits: qubits(info.trueFrame.x, info.trueFrame.z), decoderQubits: qubits(info.decoderFrame.x, info.decoderFrame.z) };
}

describe('verilab plot', () => {
  it('eval: a bar and a 95% interval per metric and level (and pooled), with the baselines marked', async () => {
    const summary = json('eval.json');
    const svg = await render(['eval', file('eval.json')], 'eval');
    const metrics = metricEstimates(summary['levels']!['L1_warmup']!);
    expect(metrics.length).toBeGreaterThanOrEqual(13);
    expect(svg.texts('g.panel-label text')).toEqual(['L1_warmup', 'L2_target', 'all levels']);
    expect(svg.all('g.metric-bar rect')).toHaveLength(3 * metrics.length);
    expect(svg.all('g.interval line')).toHaveLength(3 * metrics.length);
    expect(svg.all('g.baseline line')).toHaveLength(3 * 2);
    const lcr = summary['levels']!['L2_target']!;
    const [low, high] = lcr['logical_correction_ci95'] as [number, number];
    const fixed = (v: number) => String(Number(v.toFixed(3)));
    expect(svg.texts('g.value-label text')).toContain(`${fixed(lcr['logical_correction_rate'] as number)} [${fixed(low)}, ${fixed(high)}]`);
    expect(svg.texts('g.title text')).toEqual(['Eval: zeros (8 episodes per level)']);
  });

  it('baselines: the policies side by side per level, with Wilson intervals', async () => {
    const baselines = json('baselines.json');
    const svg = await render(['baselines', file('baselines.json')], 'baselines');
    expect(svg.all('g.policy-bar rect')).toHaveLength(2 * 3);
    expect(svg.all('g.interval line')).toHaveLength(2 * 3);
    expect(svg.texts('g.policy-label text')).toEqual(['zeros', 'random', 'matching', 'zeros', 'random', 'matching']);
    expect(svg.texts('[aria-label="fx-axis tick label"] text')).toEqual(['L1_warmup', 'L4_stress']);
    expect(svg.texts('[aria-label="y-axis label"] text')).toEqual(['logical correction (Wilson 95%)']);
    const matching = baselines['L4_stress']!['matching']!['logical_correction_rate'] as number;
    expect(svg.texts('g.value-label text')).toContain(String(Number(matching.toFixed(3))));
    const exact = await render(['baselines', file('baselines.json'), '--metric', 'exact_match_true'], 'baselines-exact');
    expect(exact.texts('g.title text')).toEqual(['Baselines: exact match (true error) per level']);
  });

  it('dataset-mix: rows per level of each analysed file', async () => {
    const analysis = json('analysis.json')['files']!;
    const svg = await render(['dataset-mix', file('analysis.json')], 'mix');
    const files = Object.keys(analysis);
    expect(svg.texts('g.panel-label text')).toEqual(files);
    const levels = files.flatMap((f) => Object.entries(analysis[f]!['levels'] as Record<string, number>));
    expect(svg.all('g.level-bar rect')).toHaveLength(levels.length);
    const labels = svg.texts('g.value-label text');
    for (const [, rows] of levels) expect(labels.some((label) => label.startsWith(`${rows} rows (`))).toBe(true);
  });

  it("lattice: the episode's stabilisers, qubits, one round's detection events and both frames", async () => {
    const { layout, perRound, trueQubits, decoderQubits } = episode('L4_stress', 3);
    const round = perRound.findIndex((events) => events.length > 0);
    const svg = await render(['lattice', '--level', 'L4_stress', '--seed', '3', '--round', String(round), '--true-frame', '--decoder-frame'], 'lattice');
    expect(svg.all('path.stabilizer')).toHaveLength(24);
    expect(svg.all('path.stabilizer-X')).toHaveLength(12);
    expect(svg.all('circle.data-qubit')).toHaveLength(25);
    expect(svg.all('circle.event').map((e) => e.getAttribute('data-stabilizer')).sort()).toEqual(perRound[round]);
    expect(svg.all('g.true-frame').map((e) => e.getAttribute('data-qubit')).sort()).toEqual(trueQubits);
    expect(svg.all('circle.decoder-frame').map((e) => e.getAttribute('data-qubit')).sort()).toEqual(decoderQubits);
    expect(svg.texts('text.subtitle')[0]).toMatch(new RegExp(`^round ${round} of 0–${layout.rounds}: ${perRound[round]!.length} detection event`));
    // Without --round: the busiest round; without frame flags: no frames.
    const busiest = perRound.reduce((best, events, t) => (events.length > perRound[best]!.length ? t : best), 0);
    const plain = await render(['lattice', '--level', 'L4_stress', '--seed', '3'], 'lattice-plain');
    expect(plain.all('g.lattice')[0]!.getAttribute('data-round')).toBe(String(busiest));
    expect(plain.all('g.true-frame').length + plain.all('circle.decoder-frame').length).toBe(0);
  });

  it('syndrome-animation: one SMIL-animated group per round holding that round’s events, and a film strip PNG', async () => {
    const { layout, perRound } = episode('L4_stress', 3);
    const svg = await render(['syndrome-animation', '--level', 'L4_stress', '--seed', '3', '--seconds-per-round', '0.5'], 'animation', false);
    // The PNG is the film strip of all six rounds, four to a row: two rows of several frames.
    const strip = pngSize(file('animation.png'));
    expect(strip.width).toBeGreaterThan(2 * 2 * svg.width);
    expect(strip.height).toBeGreaterThan(2 * 1.3 * svg.height);
    const rounds = svg.all('g.round');
    expect(rounds).toHaveLength(layout.rounds + 1);
    expect(svg.all('g.round > animate')).toHaveLength(layout.rounds + 1);
    rounds.forEach((group, t) => {
      expect(group.getAttribute('data-round')).toBe(String(t));
      expect(group.getAttribute('opacity')).toBe(t === 0 ? '1' : '0');
    });
    const animations = svg.all('g.round > animate');
    expect(animations.every((a) => a.getAttribute('dur') === `${0.5 * (layout.rounds + 1)}s` && a.getAttribute('calcMode') === 'discrete')).toBe(true);
    for (let t = 0; t <= layout.rounds; t++) {
      expect(svg.all(`g.round[data-round="${t}"] circle.event`).map((e) => e.getAttribute('data-stabilizer')).sort()).toEqual(perRound[t]);
    }
    expect(perRound.flat().length).toBeGreaterThan(0);
  });

  it('rejects bad input with a clear message and exit code 2', async () => {
    writeFileSync(file('broken.json'), '{"levels": ');
    const runs = [];
    for (const args of [
      ['plot', 'eval', file('baselines.json')],
      ['plot', 'baselines', file('baselines.json'), '--metric', 'nope'],
      ['plot', 'dataset-mix', file('broken.json')],
      ['plot', 'lattice', '--level', 'L9', '--seed', '1'],
      ['plot', 'lattice', '--level', 'L2_target', '--seed', '1', '--round', '4'],
      ['plot', 'threshold', file('missing.csv')],
    ]) {
      runs.push(await verilab(args));
    }
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(runs[0]!.stderr).toMatch(/baselines\.json: not a `verilab eval` summary/);
    expect(runs[1]!.stderr).toMatch(/no metric "nope" with a 95% interval; known: logical_correction, /);
    expect(runs[2]!.stderr).toMatch(/broken\.json: not JSON/);
    expect(runs[3]!.stderr).toMatch(/unknown level "L9"/);
    expect(runs[4]!.stderr).toMatch(/--round 4: L2_target has rounds 0 to 3/);
    expect(runs[5]!.stderr).toMatch(/cannot read statistics ".*missing\.csv": no such file/);
  });
});
