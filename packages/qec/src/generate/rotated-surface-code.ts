/**
 * Stim's `surface_code:rotated_memory_z` / `rotated_memory_x` circuits, equal to the output of
 * `stim gen --code surface_code --task rotated_memory_{z,x} --distance D --rounds R [noise flags]`
 * once printed with `printCircuit`: header comments, layout diagram, qubit numbering, gate and CX
 * layer order, noise placement, detectors, `REPEAT` structure and observable.
 *
 * Sources: src/stim/gen/gen_surface_code.cc (`_finish_surface_code_circuit`),
 * src/stim/gen/circuit_gen_params.cc (where each noise knob goes; a knob of 0 adds nothing),
 * src/stim/gen/circuit_gen_main.cc (the header: all four knobs, zeros included, printed with
 * `%g`), src/stim/circuit/circuit.cc (`safe_append` fuses an instruction into the previous one
 * when gate and arguments match and the gate is not an annotation — which merges the data and
 * ancilla `R` of a Z memory when `after_reset_flip_probability` is 0 — and `body * 1` is the
 * body itself, so rounds = 2 has no REPEAT block).
 */
import { instruction, type Circuit, type CircuitItem, type Instruction } from '../circuit/circuit.ts';
import { formatG } from '@verilab/core';
import {
  addCoords,
  rotatedSurfaceCodeLayout,
  X_INTERACTION_ORDER,
  Z_INTERACTION_ORDER,
  type RotatedSurfaceCodeLayout,
  type SurfaceCoord,
} from './rotated-surface-code-layout.ts';
import { layoutDiagramRows, SURFACE_CODE_LEGEND, surfaceCodeDiagramCells } from './layout-diagram.ts';

/** Stim's four circuit-generation noise knobs (`stim gen --help`), each a probability. */
export interface SurfaceCodeNoise {
  /** DEPOLARIZE1 after every H, DEPOLARIZE2 after every CX. */
  readonly afterCliffordDepolarization: number;
  /** DEPOLARIZE1 on every data qubit at the start of each round. */
  readonly beforeRoundDataDepolarization: number;
  /** X_ERROR (Z_ERROR for X-basis measurements) before every measurement. */
  readonly beforeMeasureFlipProbability: number;
  /** X_ERROR (Z_ERROR for X-basis resets) after every reset. */
  readonly afterResetFlipProbability: number;
}

export const SURFACE_CODE_NOISELESS: SurfaceCodeNoise = {
  afterCliffordDepolarization: 0,
  beforeRoundDataDepolarization: 0,
  beforeMeasureFlipProbability: 0,
  afterResetFlipProbability: 0,
};

export interface RotatedSurfaceCodeOptions {
  /** Memory basis: Z prepares |0>_L and measures logical Z (`rotated_memory_z`), X likewise. */
  readonly basis: 'Z' | 'X';
  readonly distance: number;
  readonly rounds: number;
  readonly noise?: Partial<SurfaceCodeNoise>;
}

/** Stim's CLI caps the distance so every qubit index fits its 24-bit targets. */
export const MAX_SURFACE_CODE_DISTANCE = 2047;

export function generateRotatedSurfaceCode(options: RotatedSurfaceCodeOptions): Circuit {
  const { basis, distance, rounds } = options;
  const noise = { ...SURFACE_CODE_NOISELESS, ...options.noise };
  validate(basis, distance, rounds, noise);
  const layout = rotatedSurfaceCodeLayout(distance);
  const { dataQubits, measurementQubits, xMeasurementQubits } = layout;
  const indexAt = (point: SurfaceCoord): number => {
    const index = layout.indexOf(point);
    if (index === undefined) throw new Error(`unreachable: no qubit at (${point.x}, ${point.y})`);
    return index;
  };
  const measureOrder = new Map(measurementQubits.map((q, k) => [q, k]));
  const dataOrder = new Map(dataQubits.map((q, k) => [q, k]));
  const nMeasure = measurementQubits.length;
  const nData = dataQubits.length;
  const basisMeasureCoords = basis === 'X' ? layout.xMeasureCoords : layout.zMeasureCoords;
  const observableCoords = basis === 'X' ? layout.xObservableCoords : layout.zObservableCoords;
  /** Lookback of an ancilla's latest result, with `later` results recorded after its round. */
  const measureLookback = (q: number, later = 0) => nMeasure - (measureOrder.get(q) ?? 0) + later;
  const dataLookback = (q: number) => nData - (dataOrder.get(q) ?? 0);

  // CX layers: X ancillas control their data neighbours, data qubits control Z ancillas.
  const cxLayers = X_INTERACTION_ORDER.map((xDelta, k) => {
    const zDelta = Z_INTERACTION_ORDER[k] ?? xDelta;
    const targets: number[] = [];
    for (const measure of layout.xMeasureCoords) {
      const data = layout.indexOf(addCoords(measure, xDelta));
      if (data !== undefined) targets.push(indexAt(measure), data);
    }
    for (const measure of layout.zMeasureCoords) {
      const data = layout.indexOf(addCoords(measure, zDelta));
      if (data !== undefined) targets.push(data, indexAt(measure));
    }
    return targets;
  });

  const cycle = new FusingBuilder();
  cycle.add('TICK');
  cycle.addNoise('DEPOLARIZE1', dataQubits, noise.beforeRoundDataDepolarization);
  cycle.add('H', xMeasurementQubits);
  cycle.addNoise('DEPOLARIZE1', xMeasurementQubits, noise.afterCliffordDepolarization);
  for (const layer of cxLayers) {
    cycle.add('TICK');
    cycle.add('CX', layer);
    cycle.addNoise('DEPOLARIZE2', layer, noise.afterCliffordDepolarization);
  }
  cycle.add('TICK');
  cycle.add('H', xMeasurementQubits);
  cycle.addNoise('DEPOLARIZE1', xMeasurementQubits, noise.afterCliffordDepolarization);
  cycle.add('TICK');
  cycle.addNoise('X_ERROR', measurementQubits, noise.beforeMeasureFlipProbability);
  cycle.add('MR', measurementQubits);
  cycle.addNoise('X_ERROR', measurementQubits, noise.afterResetFlipProbability);

  // Anti-basis flips: X errors disturb Z-basis resets/measurements, Z errors X-basis ones.
  const dataFlip = basis === 'X' ? 'Z_ERROR' : 'X_ERROR';
  const circuit = new FusingBuilder();
  for (const text of headerComments(options, noise, layout)) circuit.items.push({ kind: 'comment', text });
  for (const { index, x, y } of layout.qubits) circuit.add('QUBIT_COORDS', [index], [x, y]);
  circuit.add(basis === 'X' ? 'RX' : 'R', dataQubits);
  circuit.addNoise(dataFlip, dataQubits, noise.afterResetFlipProbability);
  circuit.add('R', measurementQubits);
  circuit.addNoise('X_ERROR', measurementQubits, noise.afterResetFlipProbability);
  circuit.addAll(cycle.items);
  // First round: only the stabilizers of the prepared basis are deterministic.
  for (const measure of basisMeasureCoords) {
    circuit.add('DETECTOR', [recTarget(measureLookback(indexAt(measure)))], [measure.x, measure.y, 0]);
  }

  if (rounds > 1) {
    const body = new FusingBuilder();
    body.addAll(cycle.items);
    body.add('SHIFT_COORDS', [], [0, 0, 1]);
    for (const { index, x, y, role } of layout.qubits) {
      if (role === 'data') continue;
      body.add(
        'DETECTOR',
        [recTarget(measureLookback(index)), recTarget(measureLookback(index, nMeasure))],
        [x, y, 0],
      );
    }
    if (rounds === 2) circuit.addAll(body.items);
    else circuit.items.push({ kind: 'repeat', repetitions: rounds - 1, body: { items: body.items } });
  }

  circuit.addNoise(dataFlip, dataQubits, noise.beforeMeasureFlipProbability);
  circuit.add(basis === 'X' ? 'MX' : 'M', dataQubits);
  // Last round: each basis stabilizer's ancilla result against the product of its data qubits.
  for (const measure of basisMeasureCoords) {
    const lookbacks = Z_INTERACTION_ORDER.flatMap((delta) => {
      const data = layout.indexOf(addCoords(measure, delta));
      return data === undefined ? [] : [dataLookback(data)];
    });
    lookbacks.push(measureLookback(indexAt(measure), nData));
    circuit.add('DETECTOR', sortedRecs(lookbacks), [measure.x, measure.y, 1]);
  }
  circuit.add(
    'OBSERVABLE_INCLUDE',
    sortedRecs(observableCoords.map((p) => dataLookback(indexAt(p)))),
    [0],
  );
  return { items: circuit.items };
}

type GeneratedTarget = number | { readonly lookback: number };

const recTarget = (lookback: number): GeneratedTarget => ({ lookback });

const sortedRecs = (lookbacks: readonly number[]): GeneratedTarget[] =>
  [...lookbacks].sort((a, b) => a - b).map(recTarget);

/** Appends instructions the way Stim's `Circuit::safe_append` does, fusing where Stim fuses. */
class FusingBuilder {
  readonly items: CircuitItem[] = [];

  add(gate: string, targets: readonly GeneratedTarget[] = [], args: readonly number[] = []): void {
    this.append(
      instruction(
        gate,
        targets.map((t) =>
          typeof t === 'number'
            ? { type: 'qubit', qubit: t, inverted: false }
            : { type: 'rec', lookback: t.lookback },
        ),
        args,
      ),
    );
  }

  /** A noise channel, omitted entirely when its probability is 0 (as Stim's generator does). */
  addNoise(gate: string, targets: readonly number[], probability: number): void {
    if (probability > 0) this.add(gate, targets, [probability]);
  }

  addAll(items: readonly CircuitItem[]): void {
    for (const item of items) {
      if (item.kind === 'instruction') this.append(item);
      else this.items.push(item);
    }
  }

  private append(next: Instruction): void {
    const last = this.items[this.items.length - 1];
    const fusable = next.spec.kind !== 'annotation';
    if (
      fusable &&
      last?.kind === 'instruction' &&
      last.gate === next.gate &&
      last.args.length === next.args.length &&
      last.args.every((arg, k) => arg === next.args[k])
    ) {
      this.items[this.items.length - 1] = { ...last, targets: [...last.targets, ...next.targets] };
    } else {
      this.items.push(next);
    }
  }
}

function headerComments(
  options: RotatedSurfaceCodeOptions,
  noise: SurfaceCodeNoise,
  layout: RotatedSurfaceCodeLayout,
): string[] {
  return [
    ' Generated surface_code circuit.',
    ` task: ${options.basis === 'X' ? 'rotated_memory_x' : 'rotated_memory_z'}`,
    ` rounds: ${options.rounds}`,
    ` distance: ${options.distance}`,
    ` before_round_data_depolarization: ${formatG(noise.beforeRoundDataDepolarization)}`,
    ` before_measure_flip_probability: ${formatG(noise.beforeMeasureFlipProbability)}`,
    ` after_reset_flip_probability: ${formatG(noise.afterResetFlipProbability)}`,
    ` after_clifford_depolarization: ${formatG(noise.afterCliffordDepolarization)}`,
    ' layout:',
    ...layoutDiagramRows(surfaceCodeDiagramCells(layout, options.basis)),
    ...SURFACE_CODE_LEGEND,
  ];
}

function validate(basis: string, distance: number, rounds: number, noise: SurfaceCodeNoise): void {
  if (basis !== 'Z' && basis !== 'X') throw new RangeError(`basis must be "Z" or "X", got "${basis}"`);
  if (!Number.isInteger(distance) || distance < 2 || distance > MAX_SURFACE_CODE_DISTANCE) {
    throw new RangeError(
      `distance must be an integer from 2 to ${MAX_SURFACE_CODE_DISTANCE}, got ${distance}`,
    );
  }
  if (!Number.isSafeInteger(rounds) || rounds < 1) {
    throw new RangeError(`rounds must be a positive integer, got ${rounds}`);
  }
  for (const [name, value] of Object.entries(noise)) {
    if (!(value >= 0 && value <= 1))
      throw new RangeError(`noise.${name} must be a probability in [0, 1], got ${value}`);
  }
}
