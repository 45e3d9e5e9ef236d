import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import type { Circuit } from '../circuit/circuit.ts';
import { noiseProfile } from '../generate/noise-profiles.ts';
import { generateRotatedSurfaceCode } from '../generate/rotated-surface-code.ts';
import { mechanismDifferences } from '../testing/canonical-dem.ts';
import { readFixture, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import { analyzeErrors } from './analyze-errors.ts';
import { ErrorAnalysisError } from './error-analysis-error.ts';
import { parseDem } from './parse-dem.ts';
import { printDem } from './print-dem.ts';

function circuit(text: string): Circuit {
  return unwrap(parseCircuit(text));
}

function dem(text: string) {
  return unwrap(parseDem(text));
}

const analyzeText = (text: string, decomposeErrors = false): string =>
  printDem(analyzeErrors(circuit(text), { decomposeErrors }).dem);

describe('analyzeErrors against the Stim fixtures', () => {
  for (const fixture of STIM_FIXTURES) {
    for (const [decomposeErrors, file] of [
      [true, 'dem.dem'],
      [false, 'dem_nodecomp.dem'],
    ] as const) {
      it(`${fixture.name}: ${decomposeErrors ? '--decompose_errors' : 'plain'} equals ${file}`, () => {
        const expected = readFixture(fixture, file);
        const analysis = analyzeErrors(circuit(readFixture(fixture, 'circuit.stim')), { decomposeErrors });
        // The acceptance criterion: same mechanisms and components, probabilities to 1e-9.
        expect(mechanismDifferences(analysis.dem, dem(expected), 1e-9)).toEqual([]);
        // Stronger: same lines in the same order, every digit as Stim prints it.
        expect(printDem(analysis.dem)).toBe(expected);
        expect(analysis.provenance.length).toBe(analysis.dem.items.filter((i) => i.kind === 'error').length);
      });
    }
  }
});

describe('analyzeErrors on small circuits', () => {
  it("reproduces the example of `stim analyze_errors --help`", () => {
    const text = 'R 0 1\nX_ERROR(0.125) 0 1\nCNOT 0 1\nM 0 1\nDETECTOR rec[-1]\nDETECTOR rec[-2]\n';
    expect(analyzeText(text)).toBe('error(0.125) D0\nerror(0.125) D0 D1\n');
  });

  it('merges identical symptoms with p1(1-p2) + p2(1-p1) and converts depolarization to independent cases', () => {
    const text = 'R 0\nX_ERROR(0.1) 0\nX_ERROR(0.2) 0\nDEPOLARIZE1(0.3) 0\nM 0\nDETECTOR(1, 2) rec[-1]\n';
    // DEPOLARIZE1(0.3): each of Z, X, Y independently with q = (1 - sqrt(1 - 4*0.3/3)) / 2; X and Y flip D0.
    const q = 0.5 - 0.5 * Math.sqrt(1 - 0.4);
    const combine = (a: number, b: number) => a * (1 - b) + b * (1 - a);
    const [item] = analyzeErrors(circuit(text)).dem.items;
    expect(item).toMatchObject({ kind: 'error', targets: [{ type: 'detector', id: 0 }] });
    expect((item as { probability: number }).probability).toBeCloseTo(combine(combine(combine(0.1, 0.2), q), q), 15);
    expect(analyzeText(text).split('\n')[1]).toBe('detector(1, 2) D0');
  });

  it('keeps measurement flips, MR resets, shift_detectors and untouched observables in circuit order', () => {
    // Dyadic probabilities print exactly; Stim prints 0.1 as 0.1000000000000000056 (%.19g).
    const text = [
      'R 0 1',
      'M(0.125) 0',
      'MR(0.25) 1',
      'DETECTOR rec[-2]',
      'SHIFT_COORDS(0, 1)',
      'DETECTOR(3) rec[-1]',
      'DETECTOR rec[-1]',
      'OBSERVABLE_INCLUDE(0) rec[-1]',
      'OBSERVABLE_INCLUDE(2) rec[-2]',
    ].join('\n');
    expect(analyzeText(text)).toBe(
      [
        'error(0.125) D0 L2',
        'error(0.25) D1 D2 L0',
        'shift_detectors(0, 1) 0',
        'detector(3) D1',
        '',
      ].join('\n'),
    );
  });

  it('splits a data-qubit Y into its X and Z parts, and unrolls REPEAT blocks', () => {
    // Qubits 0 and 1 hold a Bell pair measured at the end: D0 = Z0Z1 (flipped by X on 0),
    // D1 = X0X1 (flipped by Z on 0).
    const text = [
      'R 0 1',
      'H 0',
      'CX 0 1',
      'REPEAT 2 {',
      '    Y_ERROR(0.125) 0',
      '}',
      'CX 0 1',
      'H 0',
      'M 0 1',
      'DETECTOR rec[-1]',
      'DETECTOR rec[-2]',
    ].join('\n');
    // Two independent 1/8 chances: 2 · 1/8 · 7/8 = 7/32.
    expect(analyzeText(text)).toBe('error(0.21875) D0 D1\n');
    // A lone Y is graph-like and has no X or Z case to split into.
    expect(analyzeText(text, true)).toBe('error(0.21875) D0 D1\n');
    // With DEPOLARIZE1 the X and Z cases exist, so Y becomes Z-part ^ X-part (Stim's basis order).
    const q = 0.5 - 0.5 * Math.sqrt(1 - (4 * 0.125) / 3);
    const decomposed = analyzeErrors(circuit(text.replace('Y_ERROR(0.125)', 'DEPOLARIZE1(0.125)')), {
      decomposeErrors: true,
    });
    expect(printDem(decomposed.dem).replace(/\([^)]*\)/g, '(p)')).toBe('error(p) D0\nerror(p) D1\nerror(p) D1 ^ D0\n');
    for (const item of decomposed.dem.items) {
      expect((item as { probability: number }).probability).toBeCloseTo(2 * q * (1 - q), 15);
    }
  });

  it('decomposes a hyperedge into a known piece plus a remnant edge', () => {
    // An X on qubit 0 before the fan-out flips D0 D1 D2; one after it flips only D0.
    const text = 'R 0 1 2\nX_ERROR(0.125) 0\nCX 0 1 0 2\nX_ERROR(0.25) 0\nM 0 1 2\nDETECTOR rec[-3]\nDETECTOR rec[-2]\nDETECTOR rec[-1]\n';
    expect(analyzeText(text)).toBe('error(0.25) D0\nerror(0.125) D0 D1 D2\n');
    expect(analyzeText(text, true)).toBe('error(0.25) D0\nerror(0.125) D0 ^ D1 D2\n');
  });

  it('fails clearly when a hyperedge has no graph-like decomposition', () => {
    const text = 'R 0 1 2\nX_ERROR(0.125) 0\nCX 0 1 0 2\nM 0 1 2\nDETECTOR rec[-3]\nDETECTOR rec[-2]\nDETECTOR rec[-1]\n';
    expect(analyzeText(text)).toBe('error(0.125) D0 D1 D2\n');
    expect(() => analyzeText(text, true)).toThrow(
      /failed to decompose errors into graph-like components .* 'D0 D1 D2' \(produced by X_ERROR X on qubits 0 \(instruction #1\)\)/,
    );
    // Without fault lists the message names the mechanism's representative fault, and says there may be more.
    const lean = () => analyzeErrors(unwrap(parseCircuit(text)), { decomposeErrors: true, faultLists: false });
    expect(lean).toThrow(/'D0 D1 D2' \(produced by X_ERROR X on qubits 0 \(instruction #1\); …\)/);
  });

  it('rejects non-deterministic detectors and observables, naming them', () => {
    expect(() => analyzeText('R 0\nH 0\nM 0\nDETECTOR rec[-1]\n')).toThrow(ErrorAnalysisError);
    expect(() => analyzeText('R 0\nH 0\nM 0\nDETECTOR rec[-1]\n')).toThrow(/: D0 anticommute with R \(instruction #0\) on qubit 0$/);
    expect(() => analyzeText('H 0\nM 0\nOBSERVABLE_INCLUDE(0) rec[-1]\n')).toThrow(/L0 anticommute with the initial \|0> state of qubit 0/);
    expect(() => analyzeText('RX 0\nM 0\nDETECTOR rec[-1]\n')).toThrow(/anticommute with RX/);
    expect(() => analyzeText('R 0\nH 0\nMR 0\nDETECTOR rec[-1]\n')).toThrow(/anticommute with R /);
    expect(() => analyzeText('R 0\nMX 0\nM 0\nDETECTOR rec[-1]\n')).toThrow(/anticommute with MX \(instruction #1\) on qubit 0/);
    // X basis is fine after RX; the implicit |0> start is fine for Z measurements.
    // An unused detector without coordinates is still declared, as Stim does.
    expect(analyzeText('RX 0\nZ_ERROR(0.125) 0\nMX 0\nDETECTOR rec[-1]\nM 1\nDETECTOR rec[-1]\n')).toBe(
      'error(0.125) D0\ndetector D1\n',
    );
  });

  it('rejects over-mixing depolarization and inexact Pauli channels', () => {
    expect(() => analyzeText('R 0\nDEPOLARIZE1(0.8) 0\nM 0\nDETECTOR rec[-1]\n')).toThrow(/over-mixing/);
    expect(() => analyzeText('R 0 1\nDEPOLARIZE2(0.95) 0 1\nM 0\nDETECTOR rec[-1]\n')).toThrow(/over-mixing/);
    expect(() => analyzeText('R 0\nPAULI_CHANNEL_1(0.5, 0.3, 0.2) 0\nM 0\nDETECTOR rec[-1]\n')).toThrow(/approximate_disjoint_errors/);
  });

  it('analyzes PAULI_CHANNEL_1 through its independent form', () => {
    // X and Y flip D0; with independent x, y, z the flip probability is x(1-y) + y(1-x).
    const text = 'R 0\nPAULI_CHANNEL_1(0.1, 0.02, 0.03) 0\nM 0\nDETECTOR rec[-1]\n';
    const [item] = analyzeErrors(circuit(text)).dem.items;
    expect((item as { probability: number }).probability).toBeCloseTo(0.12, 12);
    // PAULI_CHANNEL_1(0, 0.5, 0) has no independent form; a single disjoint case is still exact.
    // Z is invisible here, so Stim's disjoint merge moves Y's 1/2 onto X's symptoms.
    const disjoint = analyzeErrors(circuit('R 0\nPAULI_CHANNEL_1(0, 0.5, 0) 0\nM 0\nDETECTOR rec[-1]\n'));
    expect(printDem(disjoint.dem)).toBe('error(0.5) D0\n');
    expect(disjoint.provenance[0]!.faults.map((f) => [f.paulis, f.probability])).toEqual([['Y', 0.5]]);
  });

  it('without fault lists gives the same model and frames, and says so when asked for faults', () => {
    const small = generateRotatedSurfaceCode({ basis: 'Z', distance: 3, rounds: 2, noise: noiseProfile('si1000-like', 0.001) });
    const full = analyzeErrors(small, { decomposeErrors: true });
    const lean = analyzeErrors(small, { decomposeErrors: true, faultLists: false });
    expect(printDem(lean.dem)).toBe(printDem(full.dem));
    expect(lean.provenance.map((p) => [p.frame, p.componentFrames])).toEqual(full.provenance.map((p) => [p.frame, p.componentFrames]));
    expect(full.provenance[0]!.faults.length).toBeGreaterThan(0);
    expect(() => lean.provenance[0]!.faults).toThrow(/kept no fault lists/);
  });

  it('looks up one mechanism\'s provenance as the array has it', () => {
    const small = generateRotatedSurfaceCode({ basis: 'X', distance: 3, rounds: 2, noise: noiseProfile('si1000-like', 0.001) });
    const analysis = analyzeErrors(small, { decomposeErrors: true });
    const n = analysis.provenance.length;
    for (const i of [0, 1, n >> 1, n - 1]) {
      const one = analysis.provenanceOf(i)!;
      const inArray = analysis.provenance[i]!;
      expect([one.faults, one.frame, one.componentFrames]).toEqual([inArray.faults, inArray.frame, inArray.componentFrames]);
    }
    expect([analysis.provenanceOf(n), analysis.provenanceOf(-1), analysis.provenanceOf(0.5)]).toEqual([undefined, undefined, undefined]);
  });

  // How fast: analyze-errors.bench.ts (`npm run bench -- analyze_errors`), not a wall-clock bound here.
  it('handles distance 9, 10 rounds, both bases', () => {
    for (const basis of ['Z', 'X'] as const) {
      const big = generateRotatedSurfaceCode({ basis, distance: 9, rounds: 10, noise: noiseProfile('si1000-like', 0.001) });
      const analysis = analyzeErrors(big, { decomposeErrors: true });
      expect(analysis.provenance.length).toBeGreaterThan(10000);
    }
  });
});
