/**
 * The decoder's Pauli frame on real circuits: with provenance from the error analysis, the parity
 * of the decoder's frame on each observable's measured qubits (the X part for Z-basis
 * measurements, the Z part for X-basis ones) equals the predicted observable flip, shot by shot.
 */
import { describe, expect, it } from 'vitest';
import type { Circuit, Instruction } from '../circuit/circuit.ts';
import { findGate, flippingComponents } from '../circuit/gate-table.ts';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import { analyzeErrors } from '../dem/analyze-errors.ts';
import { flattenDem } from '../dem/flatten-dem.ts';
import { unwrap, Xoshiro128 } from '@verilab/core';
import { compileFrameSampler } from '../sample/frame-sampler.ts';
import { readFixture, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import { MatchingDecoder } from './decoder.ts';
import { decoderFrame } from './decoder-frame.ts';

function* instructions(circuit: Circuit): Generator<Instruction> {
  for (const item of circuit.items) {
    if (item.kind === 'instruction') yield item;
    else if (item.kind === 'repeat') for (let r = 0; r < item.repetitions; r++) yield* instructions(item.body);
  }
}

/** For each observable, the measured (qubit, flipped-by-X, flipped-by-Z) it includes, by parity. */
function observableSupports(circuit: Circuit): { x: Set<number>; z: Set<number> }[] {
  const record: { qubit: number; x: boolean; z: boolean }[] = [];
  const supports: { x: Set<number>; z: Set<number> }[] = [];
  const toggle = (set: Set<number>, q: number) => (set.has(q) ? set.delete(q) : set.add(q));
  for (const inst of instructions(circuit)) {
    const spec = findGate(inst.gate)!;
    if (spec.kind === 'measure' || spec.kind === 'measure-reset') {
      const flips = flippingComponents(spec.basis ?? 'Z');
      for (const t of inst.targets) if (t.type === 'qubit') record.push({ qubit: t.qubit, ...flips });
    } else if (spec.name === 'OBSERVABLE_INCLUDE') {
      const k = inst.args[0]!;
      supports[k] ??= { x: new Set(), z: new Set() };
      for (const t of inst.targets) {
        if (t.type !== 'rec') continue;
        const m = record[record.length - t.lookback]!;
        if (m.x) toggle(supports[k].x, m.qubit);
        if (m.z) toggle(supports[k].z, m.qubit);
      }
    }
  }
  return supports;
}

describe('decoderFrame on real circuits', () => {
  for (const fixture of STIM_FIXTURES.filter((f) => f.distance <= 5 && f.rounds >= 3)) {
    it(`${fixture.name}: the frame's parity on the observable equals the prediction on every shot`, () => {
      const circuit = unwrap(parseCircuit(readFixture(fixture, 'circuit.stim')), 'fixture circuit does not parse');
      const analysis = analyzeErrors(circuit, { decomposeErrors: true });
      const flat = flattenDem(analysis.dem);
      const decoder = MatchingDecoder.fromDem(flat);
      const componentFrames = flat.errors.map((e) => analysis.provenance[e.itemIndex]!.componentFrames);
      const supports = observableSupports(circuit);
      expect(supports.length).toBe(decoder.numObservables);
      const shots = 4000;
      const batch = compileFrameSampler(circuit).sample(shots, Xoshiro128.fromSeed(31));
      const rowBytes = (decoder.numDetectors + 7) >>> 3;
      let nonTrivial = 0;
      for (let shot = 0; shot < shots; shot++) {
        const events: number[] = [];
        for (let d = 0; d < decoder.numDetectors; d++) {
          if ((batch.detectors[shot * rowBytes + (d >> 3)]! >> (d & 7)) & 1) events.push(d);
        }
        const result = decoder.decode(events);
        const frame = decoderFrame(decoder.graph, result, componentFrames);
        if (frame.x.length + frame.z.length > 0) nonTrivial++;
        supports.forEach((support, o) => {
          const parity = (frame.x.filter((q) => support.x.has(q)).length + frame.z.filter((q) => support.z.has(q)).length) & 1;
          expect(parity).toBe(result.observables[o]);
        });
      }
      expect(nonTrivial).toBeGreaterThan(shots / 10);
    });
  }
});
