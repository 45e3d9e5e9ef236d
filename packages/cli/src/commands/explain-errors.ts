/**
 * `verilab explain_errors`: Stim's `stim explain_errors` (src/stim/cmd/command_explain_errors.cc)
 * — for each error mechanism of a circuit's detector error model, the physical faults that
 * cause it, with where they sit in the circuit — with the same flags: `--in F` (stdin without
 * it), `--out F` (stdout without it), `--dem_filter F` (explain only the mechanisms whose
 * detectors and observables appear as an `error` line of this DEM), `--single`.
 *
 * The text is Stim's `ExplainedError` printout: mechanisms sorted by their symptoms, each with
 * its faults in the order Stim's backward pass finds them, qubit and detector coordinates, the
 * tick count and the instruction stack (REPEAT blocks and iterations); on the reference
 * fixtures it equals Stim's byte for byte. The faults come from @verilab/qec's error analysis
 * (its provenance records). `--single` keeps one representative fault per mechanism, chosen
 * by Stim's rule.
 */
import type { Command } from 'commander';
import {
  analyzeErrors,
  ErrorAnalysisError,
  flattenDem,
  formatCircuitArgument,
  formatCircuitTarget,
  parseCircuit,
  parseDem,
  type Circuit,
  type DemTarget,
  type FaultLocation,
  type Instruction,
} from '@verilab/qec';
import { formatIssues } from '@verilab/core';
import { CliError } from '../cli-error.ts';
import { openOutput, readParsedInput, readTextInput } from '../io.ts';

interface ExplainErrorsOptions {
  in?: string;
  out?: string;
  dem_filter?: string;
  single?: boolean;
}

export function registerExplainErrors(program: Command): void {
  program
    .command('explain_errors')
    .option('--in <file>', 'circuit file (default: stdin)')
    .option('--out <file>', 'where to write the explanations (default: stdout)')
    .option('--dem_filter <file>', 'explain only the mechanisms with the symptoms of this DEM\'s error lines')
    .option('--single', 'show one representative fault per mechanism (the simplest, as Stim picks it)')
    .action(runExplainErrors);
}

/** Where one unrolled instruction sits: ticks before it and its stack of enclosing blocks. */
interface Site {
  readonly instruction: Instruction;
  readonly ticks: number;
  /** Measurements recorded before it. */
  readonly measurementsBefore: number;
  readonly stack: readonly string[];
  /** Stim's stack frames (instruction offset, iteration, repetitions) flattened, for comparisons. */
  readonly frames: readonly number[];
}

/**
 * Every instruction in execution order (REPEAT unrolled, comments skipped), with Stim's stack
 * lines; and the final qubit coordinates (QUBIT_COORDS with SHIFT_COORDS applied).
 */
function siteTable(circuit: Circuit): { sites: Site[]; qubitCoords: Map<number, readonly number[]> } {
  const sites: Site[] = [];
  const qubitCoords = new Map<number, readonly number[]>();
  let ticks = 0;
  let measurements = 0;
  let shift: number[] = [];
  const walk = (body: Circuit, outer: readonly string[], outerFrames: readonly number[], where: string) => {
    let number = 0;
    for (const item of body.items) {
      if (item.kind === 'comment') continue;
      number++;
      if (item.kind === 'repeat') {
        for (let iteration = 0; iteration < item.repetitions; iteration++) {
          const frame = [...outer, `at instruction #${number} (a REPEAT ${item.repetitions} block) in ${where}`, `after ${iteration} completed iterations`];
          walk(item.body, frame, [...outerFrames, number - 1, iteration, item.repetitions], 'the REPEAT block');
        }
        continue;
      }
      const { spec } = item;
      const stack = [...outer, `at instruction #${number} (${spec.name}) in ${where}`];
      sites.push({ instruction: item, ticks, measurementsBefore: measurements, stack, frames: [...outerFrames, number - 1, 0, 0] });
      if (spec.name === 'TICK') ticks++;
      else if (spec.kind === 'measure' || spec.kind === 'measure-reset') measurements += item.targets.length;
      else if (spec.name === 'SHIFT_COORDS') shift = item.args.map((a, k) => a + (shift[k] ?? 0));
      else if (spec.name === 'QUBIT_COORDS') {
        for (const target of item.targets) if (target.type === 'qubit') qubitCoords.set(target.qubit, item.args.map((a, k) => a + (shift[k] ?? 0)));
      }
    }
  };
  walk(circuit, [], [], 'the circuit');
  return { sites, qubitCoords };
}

const coordsText = (coords: readonly number[] | undefined): string =>
  coords === undefined || coords.length === 0 ? '' : `[coords ${coords.map(formatCircuitArgument).join(',')}]`;

/** Index of the fault's first target: the first group of the instruction on exactly its qubits. */
function firstTarget(fault: FaultLocation, site: Site, arity: number): number {
  const targets = site.instruction.targets;
  for (let g = 0; g < targets.length; g += arity) {
    const group = targets.slice(g, g + arity).map((t) => (t.type === 'qubit' ? t.qubit : -1));
    if (group.every((q, k) => q === fault.qubits[k])) return g;
  }
  return 0;
}

/** Stim's GateTarget bits: a qubit index with Pauli flags and inversion; compared as numbers. */
const PAULI_BITS: Readonly<Record<string, number>> = { X: 2 ** 30, Y: 2 ** 30 + 2 ** 29, Z: 2 ** 29 };
const INVERTED_BIT = 2 ** 31;

/** A target as Stim compares them: its bits, then its coordinates. */
type TargetKey = readonly [number, readonly number[]];

/** One fault placed in the circuit: what Stim prints and compares of a CircuitErrorLocation. */
interface Located {
  readonly ticks: number;
  readonly pauliProduct: readonly TargetKey[];
  /** -1 for a Pauli fault (Stim's "none", which compares equal between Pauli faults). */
  readonly measurementIndex: number;
  readonly measuredObservable: readonly TargetKey[];
  readonly first: number;
  readonly arity: number;
  readonly targets: readonly TargetKey[];
  readonly site: Site;
  readonly gate: string;
}

function locate(fault: FaultLocation, sites: readonly Site[], qubitCoords: ReadonlyMap<number, readonly number[]>): Located {
  const site = sites[fault.instructionIndex]!;
  const spec = site.instruction.spec;
  const arity = Math.max(1, spec.arity);
  const first = firstTarget(fault, site, arity);
  const key = (q: number, bits: number): TargetKey => [q + bits, qubitCoords.get(q) ?? []];
  const flip = fault.kind === 'measurement-flip';
  return {
    ticks: site.ticks,
    pauliProduct: flip ? [] : [...fault.paulis].flatMap((pauli, k) => (pauli === 'I' ? [] : [key(fault.qubits[k]!, PAULI_BITS[pauli]!)])),
    measurementIndex: flip ? site.measurementsBefore + first : -1,
    // Only collapsing gates have measurement-flip faults.
    measuredObservable: flip && 'basis' in spec ? [key(fault.qubits[0]!, PAULI_BITS[spec.basis]!)] : [],
    first,
    arity,
    targets: site.instruction.targets
      .slice(first, first + arity)
      .map((t) => (t.type === 'qubit' ? key(t.qubit, t.inverted ? INVERTED_BIT : 0) : [0, []])),
    site,
    gate: spec.name,
  };
}

const compareNumber = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

function compareLists<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = compare(a[i]!, b[i]!);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

const compareTargetKeys = (a: readonly TargetKey[], b: readonly TargetKey[]): number =>
  compareLists(a, b, (x, y) => compareNumber(x[0], y[0]) || compareLists(x[1], y[1], compareNumber));

/** Stim's CircuitErrorLocation order (src/stim/simulators/circuit_error_location.cc). */
function compareLocated(a: Located, b: Located): number {
  return (
    compareNumber(a.ticks, b.ticks) ||
    compareTargetKeys(a.pauliProduct, b.pauliProduct) ||
    // Stim's "no measurement" index is the largest.
    compareNumber(a.measurementIndex < 0 ? Infinity : a.measurementIndex, b.measurementIndex < 0 ? Infinity : b.measurementIndex) ||
    compareTargetKeys(a.measuredObservable, b.measuredObservable) ||
    compareNumber(a.first, b.first) ||
    compareNumber(a.first + a.arity, b.first + b.arity) ||
    compareTargetKeys(a.targets, b.targets) ||
    compareLists(a.site.instruction.args, b.site.instruction.args, compareNumber) ||
    compareNumber(a.gate < b.gate ? -1 : a.gate > b.gate ? 1 : 0, 0) ||
    compareLists(a.site.frames, b.site.frames, compareNumber)
  );
}

/**
 * Stim's `is_simpler_than`, which `--single` keeps the simplest location by: fewer Pauli terms,
 * then the location order. (A location whose measured observable differs in length from the
 * current choice never replaces it there, and neither does one here.)
 */
function isSimpler(candidate: Located, current: Located): boolean {
  if (candidate.measuredObservable.length !== current.measuredObservable.length) return false;
  if (candidate.pauliProduct.length !== current.pauliProduct.length) return candidate.pauliProduct.length < current.pauliProduct.length;
  return compareLocated(candidate, current) < 0;
}

function explainLocated(located: Located, qubitCoords: ReadonlyMap<number, readonly number[]>): string {
  const { site, first, arity } = located;
  const onQubit = ([bits, coords]: TargetKey, letter: string) => `${letter}${bits % 2 ** 29}${coordsText(coords)}`;
  const letterOf = (bits: number) => ['', 'Z', 'X', 'Y'][Math.floor((bits % 2 ** 31) / 2 ** 29)]!;
  const lines: string[] = [];
  if (located.measurementIndex >= 0) {
    lines.push(`flipped_measurement.measurement_record_index: ${located.measurementIndex}`);
    lines.push(`flipped_measurement.measured_observable: ${located.measuredObservable.map((t) => onQubit(t, letterOf(t[0]))).join('*')}`);
  } else {
    lines.push(`flipped_pauli_product: ${located.pauliProduct.map((t) => onQubit(t, letterOf(t[0]))).join('*')}`);
  }
  const args = site.instruction.args.length === 0 ? '' : `(${site.instruction.args.map(formatCircuitArgument).join(', ')})`;
  const group = site.instruction.targets.slice(first, first + arity);
  const resolved = group.map((t) => `${formatCircuitTarget(t)}${t.type === 'qubit' ? coordsText(qubitCoords.get(t.qubit)) : ''}`).join(' ');
  lines.push(
    'Circuit location stack trace:',
    `    (after ${site.ticks} TICKs)`,
    ...site.stack.map((line) => `    ${line}`),
    arity === 1 ? `    at target #${first + 1} of the instruction` : `    at targets #${first + 1} to #${first + arity} of the instruction`,
    `    resolving to ${located.gate}${args} ${resolved}`,
  );
  return ['    CircuitErrorLocation {', ...lines.map((line) => `        ${line}`), '    }'].join('\n');
}

/** A mechanism's symptoms: detector ids, then observable ids, ascending (the order Stim sorts DEM targets in). */
interface Symptoms {
  readonly detectors: readonly number[];
  readonly observables: readonly number[];
}

function symptomsOf(targets: readonly DemTarget[]): Symptoms {
  const ids = (type: 'detector' | 'observable') => targets.flatMap((t) => (t.type === type ? [t.id] : [])).sort((a, b) => a - b);
  return { detectors: ids('detector'), observables: ids('observable') };
}

/** Lexicographic over the targets, detectors before observables, as Stim sorts its output. */
function compareSymptoms(a: Symptoms, b: Symptoms): number {
  const key = (s: Symptoms) => [...s.detectors.map((id) => [0, id]), ...s.observables.map((id) => [1, id])];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const d = ka[i]![0]! - kb[i]![0]! || ka[i]![1]! - kb[i]![1]!;
    if (d !== 0) return d;
  }
  return ka.length - kb.length;
}

const keyOf = (s: Symptoms) => `${s.detectors.join(' ')}|${s.observables.join(' ')}`;

async function runExplainErrors(options: ExplainErrorsOptions): Promise<void> {
  const circuit = await readParsedInput(options.in, 'circuit', parseCircuit);
  let analysis;
  try {
    analysis = analyzeErrors(circuit);
  } catch (error) {
    if (error instanceof ErrorAnalysisError) throw new CliError(`cannot analyze ${options.in ?? '<stdin>'}: ${error.message}`);
    throw error;
  }
  const { sites, qubitCoords } = siteTable(circuit);
  const detectorCoords = flattenDem(analysis.dem).detectorCoords;
  const faultsBySymptoms = new Map<string, { symptoms: Symptoms; faults: readonly FaultLocation[] }>();
  analysis.dem.items
    .flatMap((item) => (item.kind === 'error' ? [item] : []))
    .forEach((error, k) => {
      const symptoms = symptomsOf(error.targets);
      faultsBySymptoms.set(keyOf(symptoms), { symptoms, faults: analysis.provenance[k]!.faults });
    });
  // With a filter, exactly its mechanisms are explained, those no single fault causes included (as Stim does).
  let explained = [...faultsBySymptoms.values()];
  if (options.dem_filter !== undefined) {
    const parsed = parseDem(await readTextInput(options.dem_filter, 'detector error model'));
    if (!parsed.ok) throw new CliError(formatIssues(parsed.issues, options.dem_filter));
    const wanted = new Map(flattenDem(parsed.value).errors.map((e) => {
      const symptoms = { detectors: [...e.detectors].sort((a, b) => a - b), observables: [...e.observables].sort((a, b) => a - b) };
      return [keyOf(symptoms), symptoms] as const;
    }));
    explained = [...wanted].map(([key, symptoms]) => faultsBySymptoms.get(key) ?? { symptoms, faults: [] });
  }
  explained.sort((a, b) => compareSymptoms(a.symptoms, b.symptoms));
  const blocks = explained.map(({ symptoms, faults }) => {
    const terms = [...symptoms.detectors.map((id) => `D${id}${coordsText(detectorCoords.get(id))}`), ...symptoms.observables.map((id) => `L${id}`)];
    // In the order Stim's backward pass finds them (src/stim/simulators/error_matcher.cc):
    // latest instruction first; within one, single-qubit channels go Pauli by Pauli (X, Y, Z),
    // each over the targets last to first, measurement flips last target first, and two-qubit
    // channels go pair by pair forward, over the Pauli pairs first qubit major (I < X < Y < Z).
    const located = faults.map((fault) => ({ fault, at: locate(fault, sites, qubitCoords) }));
    const byPaulis = (a: FaultLocation, b: FaultLocation) => (a.paulis < b.paulis ? -1 : a.paulis > b.paulis ? 1 : 0);
    located.sort(
      (a, b) =>
        b.fault.instructionIndex - a.fault.instructionIndex ||
        (a.at.arity === 2 ? a.at.first - b.at.first || byPaulis(a.fault, b.fault) : byPaulis(a.fault, b.fault) || b.at.first - a.at.first),
    );
    let shown = located.map(({ at }) => at);
    if (options.single === true && shown.length > 0) shown = [shown.reduce((best, at) => (isSimpler(at, best) ? at : best))];
    const explanations =
      shown.length === 0 ? ['    [no single circuit error had these exact symptoms]'] : shown.map((at) => explainLocated(at, qubitCoords));
    return ['ExplainedError {', `    dem_error_terms: ${terms.join(' ')}`, ...explanations, '}'].join('\n');
  });
  const out = openOutput(options.out, 'explanations');
  await out.write(blocks.map((block) => `${block}\n`).join(''));
  await out.close();
}
