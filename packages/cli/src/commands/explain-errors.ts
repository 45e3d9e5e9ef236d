/**
 * `verilab explain_errors`: Stim's `stim explain_errors` (src/stim/cmd/command_explain_errors.cc)
 * — for each error mechanism of a circuit's detector error model, the physical faults that
 * cause it, with where they sit in the circuit — with the same flags: `--in F` (stdin without
 * it), `--out F` (stdout without it), `--dem_filter F` (explain only the mechanisms whose
 * detectors and observables appear as an `error` line of this DEM).
 *
 * The text is Stim's `ExplainedError` printout: mechanisms sorted by their symptoms, each with
 * its faults in the order Stim's backward pass finds them, qubit and detector coordinates, the
 * tick count and the instruction stack (REPEAT blocks and iterations); on the reference
 * fixtures it equals Stim's byte for byte. The faults come from @verilab/qec's error analysis
 * (its provenance records). Stim's `--single` (one representative fault per mechanism) is not
 * offered.
 */
import type { Command } from 'commander';
import {
  analyzeErrors,
  ErrorAnalysisError,
  findGate,
  flattenDem,
  formatCircuitArgument,
  formatCircuitTarget,
  formatIssues,
  parseCircuit,
  parseDem,
  type Circuit,
  type DemTarget,
  type FaultLocation,
  type Instruction,
} from '@verilab/qec';
import { CliError } from '../cli-error.ts';
import { openOutput, readParsedInput, readTextInput } from '../io.ts';

interface ExplainErrorsOptions {
  in?: string;
  out?: string;
  dem_filter?: string;
}

export function registerExplainErrors(program: Command): void {
  program
    .command('explain_errors')
    .description("Explain each error mechanism of a circuit's detector error model by the circuit faults that cause it (as `stim explain_errors`).")
    .option('--in <file>', 'circuit file (default: stdin)')
    .option('--out <file>', 'where to write the explanations (default: stdout)')
    .option('--dem_filter <file>', 'explain only the mechanisms with the symptoms of this DEM\'s error lines')
    .action(runExplainErrors);
}

/** Where one unrolled instruction sits: ticks before it and its stack of enclosing blocks. */
interface Site {
  readonly instruction: Instruction;
  readonly ticks: number;
  /** Measurements recorded before it. */
  readonly measurementsBefore: number;
  readonly stack: readonly string[];
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
  const walk = (body: Circuit, outer: readonly string[], where: string) => {
    let number = 0;
    for (const item of body.items) {
      if (item.kind === 'comment') continue;
      number++;
      if (item.kind === 'repeat') {
        for (let iteration = 0; iteration < item.repetitions; iteration++) {
          const frame = [...outer, `at instruction #${number} (a REPEAT ${item.repetitions} block) in ${where}`, `after ${iteration} completed iterations`];
          walk(item.body, frame, 'the REPEAT block');
        }
        continue;
      }
      const spec = findGate(item.gate);
      sites.push({ instruction: item, ticks, measurementsBefore: measurements, stack: [...outer, `at instruction #${number} (${spec?.name ?? item.gate}) in ${where}`] });
      if (spec?.name === 'TICK') ticks++;
      else if (spec?.kind === 'measure' || spec?.kind === 'measure-reset') measurements += item.targets.length;
      else if (spec?.name === 'SHIFT_COORDS') shift = item.args.map((a, k) => a + (shift[k] ?? 0));
      else if (spec?.name === 'QUBIT_COORDS') {
        for (const target of item.targets) if (target.type === 'qubit') qubitCoords.set(target.qubit, item.args.map((a, k) => a + (shift[k] ?? 0)));
      }
    }
  };
  walk(circuit, [], 'the circuit');
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

function explainFault(fault: FaultLocation, first: number, sites: readonly Site[], qubitCoords: ReadonlyMap<number, readonly number[]>): string {
  const site = sites[fault.instructionIndex]!;
  const spec = findGate(site.instruction.gate)!;
  const arity = Math.max(1, spec.arity);
  const targets = site.instruction.targets;
  const onQubit = (q: number) => `${q}${coordsText(qubitCoords.get(q))}`;
  const lines: string[] = [];
  if (fault.kind === 'measurement-flip') {
    lines.push(`flipped_measurement.measurement_record_index: ${site.measurementsBefore + first}`);
    lines.push(`flipped_measurement.measured_observable: ${spec.basis ?? 'Z'}${onQubit(fault.qubits[0]!)}`);
  } else {
    const terms = [...fault.paulis].flatMap((pauli, k) => (pauli === 'I' ? [] : [`${pauli}${onQubit(fault.qubits[k]!)}`]));
    lines.push(`flipped_pauli_product: ${terms.join('*')}`);
  }
  const args = site.instruction.args.length === 0 ? '' : `(${site.instruction.args.map(formatCircuitArgument).join(', ')})`;
  const group = targets.slice(first, first + arity);
  const resolved = group.map((t) => `${formatCircuitTarget(t)}${t.type === 'qubit' ? coordsText(qubitCoords.get(t.qubit)) : ''}`).join(' ');
  lines.push(
    'Circuit location stack trace:',
    `    (after ${site.ticks} TICKs)`,
    ...site.stack.map((line) => `    ${line}`),
    arity === 1 ? `    at target #${first + 1} of the instruction` : `    at targets #${first + 1} to #${first + arity} of the instruction`,
    `    resolving to ${spec.name}${args} ${resolved}`,
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
    const located = faults.map((fault) => {
      const arity = Math.max(1, findGate(fault.gate)?.arity ?? 1);
      return { fault, arity, first: firstTarget(fault, sites[fault.instructionIndex]!, arity) };
    });
    const byPaulis = (a: FaultLocation, b: FaultLocation) => (a.paulis < b.paulis ? -1 : a.paulis > b.paulis ? 1 : 0);
    located.sort(
      (a, b) =>
        b.fault.instructionIndex - a.fault.instructionIndex ||
        (a.arity === 2 ? a.first - b.first || byPaulis(a.fault, b.fault) : byPaulis(a.fault, b.fault) || b.first - a.first),
    );
    const explanations =
      located.length === 0
        ? ['    [no single circuit error had these exact symptoms]']
        : located.map(({ fault, first }) => explainFault(fault, first, sites, qubitCoords));
    return ['ExplainedError {', `    dem_error_terms: ${terms.join(' ')}`, ...explanations, '}'].join('\n');
  });
  const out = openOutput(options.out, 'explanations');
  await out.write(blocks.map((block) => `${block}\n`).join(''));
  await out.close();
}
