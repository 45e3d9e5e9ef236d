import type { Circuit, Instruction } from '../circuit/circuit.ts';
import { countDetectors, countObservables, countQubits } from '../circuit/circuit-shape.ts';
import {
  flippingComponents,
  type AnnotationGate,
  type Basis,
  type CollapsingGate,
  type NoiseGate,
  type UnitaryGate,
} from '../circuit/gate-table.ts';
import { qubitGroupsOf, qubitOf, qubitsOf } from '../circuit/instruction-targets.ts';
import { forEachInstruction } from './for-each-instruction.ts';
import { frameActionSteps, type FrameActionSteps } from './frame-action-steps.ts';
import {
  OP_CHANNEL,
  OP_CLEAR,
  OP_RANDOMIZE,
  OP_SNAPSHOT,
  OP_XOR,
  type ChannelTable,
  type FrameProgram,
} from './frame-program.ts';

/**
 * Compiles a circuit into the sampler's flat program (layout and opcodes: frame-program.ts).
 * REPEAT blocks are unrolled and `rec[-k]` targets resolved to absolute measurement indices, so
 * the program size grows with the unrolled circuit (fine for memory experiments; a circuit
 * repeating a block millions of times would need a looping program instead).
 *
 * Every gate's behaviour comes from gate-table.ts: unitaries by their frame action (rewritten
 * into plane renamings and XORs, frame-action-steps.ts), collapsing gates by kind and basis,
 * noise by the table's disjoint components.
 */
export function compileFrameProgram(circuit: Circuit, options: FrameProgramOptions = {}): FrameProgram {
  const shape = scanShape(circuit);
  return new ProgramBuilder(shape, options.randomizeGauge === true).build(circuit);
}

export interface FrameProgramOptions {
  /**
   * Randomize the frame component a collapse leaves undetermined, as Stim's frame simulator
   * does: z (x for X-basis, both for Y) gets random bits at the start and after every reset,
   * and random bits are XORed in after every measurement. Such a component is a stabilizer of
   * the collapsed state, so detectors and observables are unchanged; but raw measurements whose
   * outcome is not determined come out random instead of always equal to the reference sample.
   * Needed to sample measurements; off for detection events, whose bits it would only reshuffle.
   */
  readonly randomizeGauge?: boolean;
}

interface Shape {
  readonly numQubits: number;
  readonly numMeasurements: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  /** For each qubit, the index of its last measurement, or -1. */
  readonly lastMeasurement: Int32Array;
}

function scanShape(circuit: Circuit): Shape {
  const numQubits = countQubits(circuit);
  const lastMeasurement = new Int32Array(numQubits).fill(-1);
  let measurements = 0;
  forEachInstruction(circuit, (instruction) => {
    const { kind } = instruction.spec;
    if (kind !== 'measure' && kind !== 'measure-reset') return;
    for (const q of qubitsOf(instruction)) lastMeasurement[q] = measurements++;
  });
  return {
    numQubits,
    numMeasurements: measurements,
    numDetectors: countDetectors(circuit),
    numObservables: countObservables(circuit),
    lastMeasurement,
  };
}

class ProgramBuilder {
  private readonly code: number[] = [];
  private readonly channels = {
    logOneMinusP: [] as number[],
    groups: [] as number[],
    components: [] as number[],
    cumulativeStart: [] as number[],
    cumulative: [] as number[],
    slotStart: [] as number[],
    slotCount: [] as number[],
    slots: [] as number[],
    outcomeStart: [] as number[],
    outcomeStride: [] as number[],
    outcomeSlots: [] as number[],
  };
  /** plane[2q] / plane[2q + 1]: the plane currently holding qubit q's x / z frame bit. */
  private readonly plane: Int32Array;
  /** Row of each measured qubit in the final-frame region, or -1. */
  private readonly finalRow: Int32Array;
  private readonly measuredQubits: number[] = [];
  private readonly steps = new Map<string, FlatSteps>();
  /**
   * Per instruction, what every visit of it shares: its qubits (checked once) and, for noise,
   * its channel's shape. A REPEAT body's instructions are visited once per repetition: d = 25
   * with 13 rounds visits each two-qubit gate and its noise 12 times.
   */
  private readonly shared = new Map<Instruction, SharedShape>();
  /** Scratch for `unitary`: a group's frame bits (2q, 2q + 1 per qubit) and their planes before the gate. */
  private readonly logical = new Int32Array(2 * MAX_ARITY);
  private readonly before = new Int32Array(2 * MAX_ARITY);
  private readonly recordPlane: number;
  private readonly detectorPlane: number;
  private readonly observablePlane: number;
  private readonly finalXPlane: number;
  private readonly finalZPlane: number;
  private readonly numPlanes: number;
  private readonly shape: Shape;
  private measurements = 0;
  private detectors = 0;
  private readonly randomizeGauge: boolean;

  constructor(shape: Shape, randomizeGauge: boolean) {
    this.shape = shape;
    this.randomizeGauge = randomizeGauge;
    const { numQubits, numMeasurements, numDetectors, numObservables, lastMeasurement } = shape;
    this.plane = Int32Array.from({ length: 2 * numQubits }, (_, i) => i);
    this.finalRow = new Int32Array(numQubits).fill(-1);
    for (let q = 0; q < numQubits; q++) {
      if (lastMeasurement[q]! >= 0) this.finalRow[q] = this.measuredQubits.push(q) - 1;
    }
    this.recordPlane = 2 * numQubits;
    this.detectorPlane = this.recordPlane + numMeasurements;
    this.observablePlane = this.detectorPlane + numDetectors;
    this.finalXPlane = this.observablePlane + numObservables;
    this.finalZPlane = this.finalXPlane + this.measuredQubits.length;
    this.numPlanes = this.finalZPlane + this.measuredQubits.length;
  }

  build(circuit: Circuit): FrameProgram {
    if (this.randomizeGauge) {
      for (let q = 0; q < this.shape.numQubits; q++) this.code.push(OP_RANDOMIZE, this.plane[2 * q + 1]!);
    }
    forEachInstruction(circuit, (instruction) => this.emit(instruction));
    const c = this.channels;
    const channels: ChannelTable = {
      logOneMinusP: Float64Array.from(c.logOneMinusP),
      groups: Int32Array.from(c.groups),
      components: Int32Array.from(c.components),
      cumulativeStart: Int32Array.from(c.cumulativeStart),
      cumulative: Float64Array.from(c.cumulative),
      slotStart: Int32Array.from(c.slotStart),
      slotCount: Int32Array.from(c.slotCount),
      slots: Int32Array.from(c.slots),
      outcomeStart: Int32Array.from(c.outcomeStart),
      outcomeStride: Int32Array.from(c.outcomeStride),
      outcomeSlots: Int32Array.from(c.outcomeSlots),
    };
    return {
      numQubits: this.shape.numQubits,
      numMeasurements: this.shape.numMeasurements,
      numDetectors: this.shape.numDetectors,
      numObservables: this.shape.numObservables,
      measuredQubits: this.measuredQubits,
      recordPlane: this.recordPlane,
      detectorPlane: this.detectorPlane,
      observablePlane: this.observablePlane,
      finalXPlane: this.finalXPlane,
      finalZPlane: this.finalZPlane,
      numPlanes: this.numPlanes,
      code: Int32Array.from(this.code),
      channels,
    };
  }

  private emit(instruction: Instruction): void {
    const spec = instruction.spec;
    switch (spec.kind) {
      case 'unitary':
        return this.unitary(spec, instruction);
      case 'reset':
        for (const q of qubitsOf(instruction)) this.reset(q, spec.basis);
        return;
      case 'measure':
      case 'measure-reset':
        return this.measure(spec, instruction);
      case 'noise':
        return this.noise(instruction);
      case 'annotation':
        return this.annotation(spec, instruction);
    }
  }

  /**
   * Written with indexed loops over flat arrays (no per-group arrays or closures): this runs
   * once per gate application of the unrolled circuit, mostly before the JIT has warmed up,
   * and was most of `verilab detect`'s start-up at d = 13.
   */
  private unitary(spec: UnitaryGate, instruction: Instruction): void {
    let steps = this.steps.get(spec.name);
    if (steps === undefined) this.steps.set(spec.name, (steps = flatSteps(frameActionSteps(spec.frameAction))));
    const { permutation, xors } = steps;
    const plane = this.plane;
    const code = this.code;
    const logical = this.logical;
    const before = this.before;
    const bits = permutation.length;
    const qubits = this.sharedShape(instruction).qubits;
    for (let first = 0; first < qubits.length; first += bits >> 1) {
      for (let i = 0; i < bits; i++) {
        logical[i] = 2 * qubits[first + (i >> 1)]! + (i & 1);
        before[i] = plane[logical[i]!]!;
      }
      for (let to = 0; to < bits; to++) plane[logical[to]!] = before[permutation[to]!]!;
      for (let k = 0; k < xors.length; k += 2) code.push(OP_XOR, plane[logical[xors[k]!]!]!, plane[logical[xors[k + 1]!]!]!);
    }
  }

  /**
   * A reset prepares exactly the reference state, so the frame is cleared (both x and z). Stim
   * also randomises the z (resp. x) bit after Z (resp. X) collapses, which only matters for
   * sampling gauge-random raw measurements, so it is done only with `randomizeGauge`; detectors
   * and observables of a valid circuit are deterministic, so their flips are the same either
   * way, and the un-randomised frame stays exactly the accumulated physical error that the
   * final frames report.
   */
  private reset(q: number, basis: Basis): void {
    this.code.push(OP_CLEAR, this.plane[2 * q]!, OP_CLEAR, this.plane[2 * q + 1]!);
    this.randomizeCollapsed(q, basis);
  }

  /** With `randomizeGauge`, XORs a random Pauli of `basis` into q's frame (see FrameProgramOptions). */
  private randomizeCollapsed(q: number, basis: Basis): void {
    if (!this.randomizeGauge) return;
    const x = this.plane[2 * q]!;
    const z = this.plane[2 * q + 1]!;
    if (basis === 'Z') this.code.push(OP_RANDOMIZE, z);
    else if (basis === 'X') this.code.push(OP_RANDOMIZE, x);
    // Y: the same random bits into x and z (z ^= x; x ^= r; z ^= x leaves z ^ r).
    else this.code.push(OP_XOR, z, x, OP_RANDOMIZE, x, OP_XOR, z, x);
  }

  /**
   * A measurement's flip, relative to the noiseless reference, is the frame component that
   * anticommutes with its basis. The frame is randomised afterwards only with `randomizeGauge` (see `reset`).
   *
   * The final frame of a qubit is snapshotted just before its last measurement: it includes
   * every error that acted on the state (an `X_ERROR` before `M` included), and a result-flip
   * probability `M(p)` on that measurement is folded into it as the Pauli it is equivalent to
   * for that result (X for Z-basis, Z for X-basis, X for Y-basis), so the parity of the final
   * frame over an observable's support always equals the sampled observable flip.
   */
  private measure(spec: CollapsingGate, instruction: Instruction): void {
    const reads = flippingComponents(spec.basis);
    const flipP = instruction.args[0] ?? 0;
    // Each target's slots: its record, then (measured for the last time) its final frame's
    // flipped row, else -1; the second column is kept only if some target has one. One outcome
    // flips every slot.
    const resultFlips: number[] = [];
    let width = 0;
    for (const target of instruction.targets) {
      const q = qubitOf(target, instruction);
      const m = this.measurements++;
      const record = this.recordPlane + m;
      resultFlips.push(record, -1);
      width = Math.max(width, 1);
      if (this.shape.lastMeasurement[q] === m) {
        const row = this.finalRow[q]!;
        this.code.push(OP_SNAPSHOT, this.finalXPlane + row, this.plane[2 * q]!);
        this.code.push(OP_SNAPSHOT, this.finalZPlane + row, this.plane[2 * q + 1]!);
        resultFlips[resultFlips.length - 1] = (reads.x ? this.finalXPlane : this.finalZPlane) + row;
        width = 2;
      }
      if (reads.x) this.code.push(OP_XOR, record, this.plane[2 * q]!);
      if (reads.z) this.code.push(OP_XOR, record, this.plane[2 * q + 1]!);
      if (spec.kind === 'measure-reset') this.reset(q, spec.basis);
      else this.randomizeCollapsed(q, spec.basis);
    }
    if (flipP <= 0) return;
    this.channel(flipP, [1], [Array.from({ length: width }, (_, j) => j)], width, instruction.targets.length);
    const slots = this.channels.slots;
    for (let k = 0; k < resultFlips.length; k += 2) {
      slots.push(resultFlips[k]!);
      if (width === 2) slots.push(resultFlips[k + 1]!);
    }
  }

  private noise(instruction: Instruction): void {
    const { qubits, noise } = this.sharedShape(instruction);
    if (noise === undefined) return;
    // A group is 2 · arity slots (an instruction without targets has none).
    const groups = qubits.length / noise.arity;
    this.channel(noise.total, noise.weights, noise.outcomeSlots, groups === 0 ? 0 : 2 * noise.arity, groups);
    // Slots 2i and 2i + 1 of a group: the x and z planes of its i-th qubit.
    const slots = this.channels.slots;
    const plane = this.plane;
    for (let k = 0; k < qubits.length; k++) slots.push(plane[2 * qubits[k]!]!, plane[2 * qubits[k]! + 1]!);
  }

  /** What every visit of `instruction` shares (see `shared`), made on its first visit. */
  private sharedShape(instruction: Instruction): SharedShape {
    let shape = this.shared.get(instruction);
    if (shape === undefined) {
      const spec = instruction.spec;
      const noise = spec.kind === 'noise' ? noiseShape(spec, instruction.args) : undefined;
      // Noise that never fires is skipped, its targets unread.
      const skipped = spec.kind === 'noise' && noise === undefined;
      shape = { qubits: skipped ? new Int32Array(0) : Int32Array.from(qubitGroupsOf(instruction).flat()), noise };
      this.shared.set(instruction, shape);
    }
    return shape;
  }

  private annotation(spec: AnnotationGate, instruction: Instruction): void {
    let into: number;
    if (spec.name === 'DETECTOR') into = this.detectorPlane + this.detectors++;
    else if (spec.name === 'OBSERVABLE_INCLUDE') into = this.observablePlane + (instruction.args[0] ?? 0);
    else return;
    for (const target of instruction.targets) {
      if (target.type !== 'rec') throw new Error(`${spec.name} takes rec[-k] targets`);
      const m = this.measurements - target.lookback;
      if (m < 0) {
        throw new Error(`rec[-${target.lookback}] looks back past the start of the measurement record`);
      }
      this.code.push(OP_XOR, into, this.recordPlane + m);
    }
  }

  /**
   * Adds a channel (layout: frame-program.ts's ChannelTable): `weights` of its disjoint
   * outcomes, `outcomeSlots[k]` the slots outcome k flips in every group, and `slotCount`
   * slots per group, which the caller then pushes onto `channels.slots`, group after group
   * (a missing plane as -1), as many groups as `groups`.
   */
  private channel(p: number, weights: readonly number[], outcomeSlots: readonly (readonly number[])[], slotCount: number, groups: number): void {
    // Components summing to 1 up to rounding fire every trial; more than that is a bad circuit.
    if (!(p <= 1 + 1e-6)) throw new RangeError(`noise probability ${p} exceeds 1`);
    const c = this.channels;
    const outcomeStride = 1 + Math.max(0, ...outcomeSlots.map((slots) => slots.length));
    this.code.push(OP_CHANNEL, c.groups.length);
    c.logOneMinusP.push(p >= 1 ? Number.NEGATIVE_INFINITY : Math.log1p(-p));
    c.groups.push(groups);
    c.components.push(weights.length);
    c.cumulativeStart.push(c.cumulative.length);
    let sum = 0;
    weights.forEach((w, k) => c.cumulative.push(k === weights.length - 1 ? 1 : (sum += w)));
    c.slotStart.push(c.slots.length);
    c.slotCount.push(slotCount);
    c.outcomeStart.push(c.outcomeSlots.length);
    c.outcomeStride.push(outcomeStride);
    for (const slots of outcomeSlots) {
      c.outcomeSlots.push(slots.length, ...slots);
      for (let pad = slots.length + 1; pad < outcomeStride; pad++) c.outcomeSlots.push(-1);
    }
  }
}

/** What every visit of an instruction shares: its qubits, in groups of its arity, and a noise instruction's channel. */
interface SharedShape {
  readonly qubits: Int32Array;
  /** Undefined for other instructions, and for noise that never fires. */
  readonly noise: NoiseShape | undefined;
}

/** A noise instruction's channel: its total probability, its outcomes' weights and their slots in a group. */
interface NoiseShape {
  readonly arity: number;
  readonly total: number;
  readonly weights: readonly number[];
  readonly outcomeSlots: readonly (readonly number[])[];
}

function noiseShape(spec: NoiseGate, args: readonly number[]): NoiseShape | undefined {
  const components = spec.noise(args).filter((c) => c.probability > 0);
  const total = components.reduce((sum, c) => sum + c.probability, 0);
  if (total <= 0) return undefined;
  return {
    arity: Math.max(1, spec.arity),
    total,
    weights: components.map((c) => c.probability / total),
    outcomeSlots: components.map(({ paulis }) =>
      [...paulis].flatMap((pauli, i) => [...(pauli === 'X' || pauli === 'Y' ? [2 * i] : []), ...(pauli === 'Z' || pauli === 'Y' ? [2 * i + 1] : [])]),
    ),
  };
}

/** The most qubits a unitary acts on per application (two-qubit gates). */
const MAX_ARITY = 2;

/** FrameActionSteps with the XOR pairs flattened: dst, src, dst, src, … */
interface FlatSteps {
  readonly permutation: Int32Array;
  readonly xors: Int32Array;
}

function flatSteps(steps: FrameActionSteps): FlatSteps {
  return { permutation: Int32Array.from(steps.permutation), xors: Int32Array.from(steps.xors.flat()) };
}
