/**
 * Circuit → detector error model, equal to `stim analyze_errors [--decompose_errors]`, with the
 * provenance of every mechanism.
 *
 * Method (Stim's ErrorAnalyzer, quantumlib/Stim src/stim/simulators/error_analyzer.cc; Gidney,
 * arXiv:2103.02202): run the circuit backwards with a sparse sensitivity tracker; at each noise
 * channel, each independent case flips exactly the detectors and observables its Pauli is
 * sensitive to there; equal symptom sets merge with p = p1(1 − p2) + p2(1 − p1). REPEAT blocks
 * are unrolled (the CLI prints a flat model anyway; Stim's loop folding only compresses it).
 *
 * The output is laid out as the CLI prints it: every error line, in Stim's target order, then
 * the circuit's `detector(...)`, `shift_detectors(...) 0` and (for observables no error
 * touches) `logical_observable` lines in circuit order.
 */
import type { Circuit, Instruction } from '../circuit/circuit.ts';
import { countDetectors, countMeasurements, countQubits } from '../circuit/circuit-shape.ts';
import type { AnnotationGate } from '../circuit/gate-table.ts';
import { qubitGroupsOf, qubitOf, qubitsOf } from '../circuit/instruction-targets.ts';
import { forEachInstruction } from '../sample/for-each-instruction.ts';
import type { DetectorErrorModel } from './dem.ts';
import { addChannelErrors, addMeasurementFlip } from './channel-errors.ts';
import { compactDemModel, type CompactDem } from './compact-dem.ts';
import { decomposeHyperedges } from './decompose-errors.ts';
import { ErrorAnalysisError } from './error-analysis-error.ts';
import { ErrorClassTable } from './error-class-table.ts';
import { mechanismProvenance, type FaultLocator, type MechanismProvenance } from './error-provenance.ts';
import { combinationPaulis, independentChannel, type IndependentChannel } from './noise-channels.ts';
import { observableCode as demObservableCode, SEPARATOR_CODE as DEM_SEPARATOR_CODE } from './parse-dem.ts';
import { ReverseFrameTracker } from './reverse-frame-tracker.ts';
import { isDetectorCode, OBSERVABLE_BASE, observableCode, SEPARATOR_CODE } from './symptom-codes.ts';

export interface ErrorAnalysisOptions {
  /** Split errors into graph-like `^` components, as `stim analyze_errors --decompose_errors`. */
  readonly decomposeErrors?: boolean;
  /**
   * Keep every mechanism's fault list for `provenance[i].faults` (default true). Without them
   * the provenance reports frames only (`faults` throws), and the fault records (half a million
   * at d = 25) are freed once the model is built.
   */
  readonly faultLists?: boolean;
}

export interface ErrorAnalysis {
  /** Flat model: error lines, then detector / shift_detectors / logical_observable lines (made from `compact` when first read). */
  readonly dem: DetectorErrorModel;
  /** The same model with its error lines in typed arrays (what a level reads: no object per line). */
  readonly compact: CompactDem;
  /** provenance[i] belongs to the i-th `error` item of `dem.items` (the array is built when first read). */
  readonly provenance: readonly MechanismProvenance[];
  /**
   * provenance[i] (undefined past the last error item) without building the array: a caller
   * that reads a few mechanisms (a decoder's matches) need not make one object per mechanism,
   * hundreds of thousands at d = 25.
   */
  provenanceOf(i: number): MechanismProvenance | undefined;
}

/** Circuit-order annotations that become the non-error lines of the model. */
type Annotation =
  | { readonly kind: 'detector'; readonly id: number; readonly coords: readonly number[] }
  | { readonly kind: 'observable'; readonly id: number }
  | { readonly kind: 'shift'; readonly coords: readonly number[] };

/** Throws ErrorAnalysisError when the circuit has no (graph-like, if asked) error model. */
export function analyzeErrors(circuit: Circuit, options: ErrorAnalysisOptions = {}): ErrorAnalysis {
  const instructions: Instruction[] = [];
  forEachInstruction(circuit, (inst) => instructions.push(inst));
  const numDetectors = countDetectors(circuit);
  const tracker = new ReverseFrameTracker(countQubits(circuit), countMeasurements(circuit), numDetectors);
  // A REPEAT body's instructions come round once per repetition as the same objects: their
  // target groups and channels are worked out once.
  const groupsOf = perInstruction(qubitGroupsOf);
  const channelOf = perInstruction(noiseChannel);
  const table = new ErrorClassTable(faultBound(instructions, channelOf), options.faultLists ?? true, numDetectors);
  const annotations: Annotation[] = [];
  const decompose = options.decomposeErrors ?? false;

  for (let index = instructions.length - 1; index >= 0; index--) {
    const inst = instructions[index]!;
    const spec = inst.spec;
    switch (spec.kind) {
      case 'annotation':
        undoAnnotation(inst, spec, tracker, annotations);
        break;
      case 'unitary':
        // Classically controlled gates (`CX rec[-1] q`) are rejected by qubitOf, as by the parser.
        // Groups are undone last-first: they may share qubits (`CX 0 1 1 2`).
        for (let groups = groupsOf(inst), g = groups.length - 1; g >= 0; g--) tracker.undoUnitary(spec, groups[g]!);
        break;
      case 'reset': {
        const where = describeInstruction(inst, index);
        for (const q of qubitsOf(inst).reverse()) tracker.undoReset(q, spec.basis, where);
        break;
      }
      case 'measure':
      case 'measure-reset': {
        const where = describeInstruction(inst, index);
        for (let position = inst.targets.length - 1; position >= 0; position--) {
          const qubit = qubitOf(inst.targets[position]!, inst);
          if (spec.kind === 'measure-reset') tracker.undoReset(qubit, spec.basis, where);
          const flipped = tracker.undoMeasurement(qubit, spec.basis, where);
          const probability = inst.args[0] ?? 0;
          if (probability > 0) addMeasurementFlip(table, flipped, index, position, probability);
        }
        break;
      }
      case 'noise': {
        const channel = channelOf(inst);
        const groups = groupsOf(inst);
        for (let g = 0; g < groups.length; g++) addChannelErrors(table, tracker, { instructionIndex: index, group: g, qubits: groups[g]! }, channel, decompose);
        break;
      }
    }
  }
  tracker.checkInitialization();
  const locate = faultLocator(instructions, groupsOf, channelOf);
  if (decompose) decomposeHyperedges(table, locate);
  // Released before sealing, which would otherwise first copy them to their size.
  if (options.faultLists === false) table.releaseFaults();
  return assemble(table.seal(), table, annotations.reverse(), numDetectors, locate);
}

/** An instruction as error messages name it. */
const describeInstruction = (inst: Instruction, index: number): string => `${inst.spec.name} (instruction #${index})`;

/**
 * How many faults the walk records at most — every case with p > 0 of every noise channel's
 * target group, every target of a noisy measurement — so the table's fault records are
 * allocated once rather than grown by doubling (a d = 25 level records half a million, and each
 * doubling leaves the old arrays for the garbage collector). A channel the walk will refuse is
 * left for the walk to refuse, in its order: the bound is then 0.
 */
function faultBound(instructions: readonly Instruction[], channelOf: (inst: Instruction) => IndependentChannel): number {
  let bound = 0;
  for (const inst of instructions) {
    const spec = inst.spec;
    if (spec.kind === 'noise') {
      let channel: IndependentChannel;
      try {
        channel = channelOf(inst);
      } catch (error) {
        if (error instanceof ErrorAnalysisError) return 0;
        throw error;
      }
      let cases = 0;
      for (let k = 1; k < channel.probabilities.length; k++) if (channel.probabilities[k]! > 0) cases++;
      // One application per group of targets (a malformed group is the walk's to refuse).
      bound += cases * Math.floor(inst.targets.length / Math.max(1, spec.arity));
    } else if ((spec.kind === 'measure' || spec.kind === 'measure-reset') && (inst.args[0] ?? 0) > 0) {
      bound += inst.targets.length;
    }
  }
  return bound;
}

/** f memoised per instruction object (a throw is not kept: the next call throws again). */
function perInstruction<T>(f: (inst: Instruction) => T): (inst: Instruction) => T {
  const known = new Map<Instruction, T>();
  return (inst) => {
    let value = known.get(inst);
    if (value === undefined) {
      value = f(inst);
      known.set(inst, value);
    }
    return value;
  };
}

/** The independent form of a noise instruction's channel. */
function noiseChannel(inst: Instruction): IndependentChannel {
  const spec = inst.spec;
  if (spec.kind !== 'noise') throw new Error(`${spec.name} is not a noise channel`);
  return independentChannel(spec, inst.args);
}

function undoAnnotation(inst: Instruction, spec: AnnotationGate, tracker: ReverseFrameTracker, out: Annotation[]): void {
  const lookbacks: number[] = [];
  for (const t of inst.targets) if (t.type === 'rec') lookbacks.push(t.lookback);
  if (spec.name === 'DETECTOR') {
    out.push({ kind: 'detector', id: tracker.undoDetector(lookbacks), coords: inst.args });
  } else if (spec.name === 'OBSERVABLE_INCLUDE') {
    const id = inst.args[0] ?? 0;
    tracker.undoObservableInclude(lookbacks, observableCode(id));
    out.push({ kind: 'observable', id });
  } else if (spec.name === 'SHIFT_COORDS') {
    out.push({ kind: 'shift', coords: inst.args });
  }
}

/**
 * Describes recorded faults from the instructions: a noise channel's fault by its target group
 * and combination, a measurement flip by its target position (groups and channels as the walk
 * worked them out).
 */
function faultLocator(
  instructions: readonly Instruction[],
  groupsOf: (inst: Instruction) => number[][],
  channelOf: (inst: Instruction) => IndependentChannel,
): FaultLocator {
  return ({ instructionIndex, group, combination }) => {
    const inst = instructions[instructionIndex]!;
    const spec = inst.spec;
    if (spec.kind !== 'noise') {
      const probability = inst.args[0] ?? 0;
      return { instructionIndex, gate: spec.name, qubits: [qubitOf(inst.targets[group]!, inst)], paulis: '', kind: 'measurement-flip', probability };
    }
    const channel = channelOf(inst);
    return {
      instructionIndex,
      gate: spec.name,
      qubits: groupsOf(inst)[group]!,
      paulis: combinationPaulis(channel.basis, combination),
      kind: 'pauli',
      probability: channel.probabilities[combination]!,
    };
  };
}

/** The model from the sealed table's live classes, in Stim's order. */
function assemble(
  classes: Int32Array,
  table: ErrorClassTable,
  annotations: readonly Annotation[],
  numDetectors: number,
  locate: FaultLocator,
): ErrorAnalysis {
  const { probabilities, targetStarts, targetCodes } = table.modelArrays(classes);
  // The detectors and observables some error touches: the others are declared by their own lines.
  const touchedDetectors = new Uint8Array(numDetectors);
  const touchedObservables = new Set<number>();
  // From the analysis's codes to the DEM's.
  for (let c = 0; c < targetCodes.length; c++) {
    const code = targetCodes[c]!;
    if (isDetectorCode(code)) touchedDetectors[code] = 1;
    else if (code === SEPARATOR_CODE) targetCodes[c] = DEM_SEPARATOR_CODE;
    else {
      touchedObservables.add(code - OBSERVABLE_BASE);
      targetCodes[c] = demObservableCode(code - OBSERVABLE_BASE);
    }
  }
  table.releaseModel();
  const otherItems: CompactDem['otherItems'][number][] = [];
  for (const a of annotations) {
    if (a.kind === 'detector') {
      if (a.coords.length > 0 || touchedDetectors[a.id] !== 1) otherItems.push({ kind: 'detector', coords: a.coords, ids: [a.id] });
    } else if (a.kind === 'observable') {
      if (!touchedObservables.has(a.id)) otherItems.push({ kind: 'logical_observable', ids: [a.id] });
    } else {
      otherItems.push({ kind: 'shift_detectors', coordShift: a.coords, detectorShift: 0 });
    }
  }
  const compact: CompactDem = { probabilities, targetStarts, targetCodes, otherItems };
  const provenanceOf = (i: number): MechanismProvenance | undefined => {
    const k = classes[i];
    return k === undefined ? undefined : mechanismProvenance(table, k, locate);
  };
  let dem: DetectorErrorModel | undefined;
  let provenance: readonly MechanismProvenance[] | undefined;
  return {
    compact,
    get dem() {
      return (dem ??= compactDemModel(compact));
    },
    get provenance() {
      return (provenance ??= Array.from(classes, (k) => mechanismProvenance(table, k, locate)));
    },
    provenanceOf,
  };
}
