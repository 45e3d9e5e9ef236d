import type { Circuit } from '../circuit/circuit.ts';
import { countMeasurements, countObservables } from '../circuit/circuit-shape.ts';
import { forEachInstruction } from '../sample/for-each-instruction.ts';
import { bytesPerShot } from '../shots/row-bits.ts';
import { referenceSample } from './reference-sample.ts';

export interface Detections {
  /** Packed rows, numDetectors bits per shot. */
  readonly detectors: Uint8Array;
  /** Packed rows, numObservables bits per shot. */
  readonly observables: Uint8Array;
}

/**
 * Stim's `m2d` (measurements to detection events): a detector fires when the parity of the
 * measurements it includes differs from their parity in the noiseless reference sample
 * (reference-sample.ts); an observable flips likewise. `skipReferenceSample` compares with the
 * all-zero record instead, as Stim's `--skip_reference_sample` does.
 */
export class MeasurementsToDetections {
  readonly numMeasurements: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  /** The measurement indices each detector (then each observable) includes, and its reference parity. */
  private readonly parts: readonly (readonly number[])[];
  private readonly referenceParity: Uint8Array;

  constructor(circuit: Circuit, options: { readonly skipReferenceSample?: boolean } = {}) {
    this.numMeasurements = countMeasurements(circuit);
    this.numObservables = countObservables(circuit);
    const detectors: number[][] = [];
    const observables: number[][] = Array.from({ length: this.numObservables }, () => []);
    let measured = 0;
    forEachInstruction(circuit, (instruction) => {
      const { spec } = instruction;
      if (spec.kind === 'measure' || spec.kind === 'measure-reset') measured += instruction.targets.length;
      if (spec.name !== 'DETECTOR' && spec.name !== 'OBSERVABLE_INCLUDE') return;
      const indices = instruction.targets.map((t) => {
        const m = t.type === 'rec' ? measured - t.lookback : -1;
        if (m < 0) throw new Error(`${spec.name} target looks back past the start of the measurement record`);
        return m;
      });
      if (spec.name === 'DETECTOR') detectors.push(indices);
      else observables[instruction.args[0] ?? 0]!.push(...indices);
    });
    this.numDetectors = detectors.length;
    this.parts = [...detectors, ...observables];
    const reference = options.skipReferenceSample === true ? new Uint8Array(bytesPerShot(this.numMeasurements)) : referenceSample(circuit);
    this.referenceParity = Uint8Array.from(this.parts, (indices) => parity(reference, 0, indices));
  }

  /** Converts `shots` packed rows of measurement results. */
  convert(measurements: Uint8Array, shots: number): Detections {
    const inBytes = bytesPerShot(this.numMeasurements);
    const detBytes = bytesPerShot(this.numDetectors);
    const obsBytes = bytesPerShot(this.numObservables);
    const detectors = new Uint8Array(shots * detBytes);
    const observables = new Uint8Array(shots * obsBytes);
    const D = this.numDetectors;
    for (let shot = 0; shot < shots; shot++) {
      this.parts.forEach((indices, k) => {
        if ((parity(measurements, shot * inBytes, indices) ^ this.referenceParity[k]!) === 0) return;
        if (k < D) detectors[shot * detBytes + (k >>> 3)]! |= 1 << (k & 7);
        else observables[shot * obsBytes + ((k - D) >>> 3)]! |= 1 << ((k - D) & 7);
      });
    }
    return { detectors, observables };
  }
}

function parity(rows: Uint8Array, offset: number, indices: readonly number[]): number {
  let p = 0;
  for (const m of indices) p ^= (rows[offset + (m >>> 3)]! >>> (m & 7)) & 1;
  return p;
}
