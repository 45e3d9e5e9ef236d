import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { analyzeErrors } from '../dem/analyze-errors.ts';
import { flattenDem, modelMechanisms, type FlatDem } from '../dem/flatten-dem.ts';
import { parseDem } from '../dem/parse-dem.ts';
import { generateRotatedSurfaceCode } from '../generate/rotated-surface-code.ts';
import { noiseProfile, type NoiseProfileName } from '../generate/noise-profiles.ts';
import { frontierLowerBound, mechanismFrontierLowerBound, planSweep } from './sweep-plan.ts';

const surfaceCodeDem = (distance: number, rounds: number, noise: NoiseProfileName, basis: 'Z' | 'X'): FlatDem =>
  flattenDem(analyzeErrors(generateRotatedSurfaceCode({ distance, rounds, basis, noise: noiseProfile(noise, 0.003) }), { decomposeErrors: true }).dem);

describe('frontierLowerBound', () => {
  // compileMaximumLikelihoodDecoder refuses a DEM on this bound alone, so it must never pass a
  // width the planner would have accepted: at every bound, a DEM it refuses the planner refuses.
  const dems: [string, FlatDem][] = [
    ['d3 r1 si1000-like Z', surfaceCodeDem(3, 1, 'si1000-like', 'Z')],
    ['d3 r3 uniform X', surfaceCodeDem(3, 3, 'uniform', 'X')],
    ['d4 r2 si1000-like X', surfaceCodeDem(4, 2, 'si1000-like', 'X')],
    ['d5 r2 uniform Z', surfaceCodeDem(5, 2, 'uniform', 'Z')],
    ['a chain with a p = 0 shortcut', unwrap(flattenDemText('error(0.1) D0 D1\nerror(0.1) D1 D2\nerror(0) D0 D3\nerror(0.1) D2 D3 L0\nerror(0.1) D3'))],
  ];
  it.each(dems)('never refuses what the planner accepts (%s)', (_, dem) => {
    const bound = frontierLowerBound(dem);
    for (let maxFrontier = 0; maxFrontier <= 20; maxFrontier++) {
      const planned = planSweep(dem, 0, maxFrontier).frontierWidth;
      if (bound > maxFrontier) expect(planned, `bound ${bound}, max ${maxFrontier}`).toBe(maxFrontier + 1);
      if (planned <= maxFrontier) expect(bound).toBeLessThanOrEqual(planned);
    }
  });

  it('counts the detectors open between mechanisms, skipping p = 0 ones as the planner does', () => {
    // By last detector, D1 is open after the first mechanism and D2 after the second; a D0 D3
    // mechanism that can fire would keep D0 open across both cuts too.
    expect(frontierLowerBound(unwrap(flattenDemText('error(0.1) D0 D1\nerror(0.1) D1 D2\nerror(0) D0 D3\nerror(0.1) D2 D3 L0')))).toBe(1);
    expect(frontierLowerBound(unwrap(flattenDemText('error(0.1) D0 D1\nerror(0.1) D1 D2\nerror(0.1) D0 D3\nerror(0.1) D2 D3 L0')))).toBe(2);
  });

  it('is the same read from a model as items as from the flattened model', () => {
    for (const [distance, rounds] of [[3, 2], [5, 3]] as const) {
      const dem = analyzeErrors(generateRotatedSurfaceCode({ distance, rounds, basis: 'Z', noise: noiseProfile('si1000-like', 0.003) }), { decomposeErrors: true }).dem;
      expect(mechanismFrontierLowerBound(modelMechanisms(dem))).toBe(frontierLowerBound(flattenDem(dem)));
    }
  });

  it('refuses a large level at the bound the planner reaches', () => {
    const dem = surfaceCodeDem(7, 3, 'si1000-like', 'Z');
    expect(frontierLowerBound(dem)).toBeGreaterThan(16);
    expect(planSweep(dem, 0, 16).frontierWidth).toBe(17);
  });
});

function flattenDemText(text: string) {
  const parsed = parseDem(text);
  return parsed.ok ? { ok: true as const, value: flattenDem(parsed.value) } : parsed;
}
