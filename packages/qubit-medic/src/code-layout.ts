import type { Circuit, Instruction } from '@verilab/qec';

/**
 * What the environment needs to know about a rotated-surface-code memory circuit, read off
 * the circuit itself (no hard-coded tables): which qubits are data and which measure
 * stabilisers, where everything sits, each detector's round and stabiliser, and the
 * observable's support. Works for Stim's `surface_code:rotated_memory_{z,x}` circuits of any
 * distance and rounds.
 *
 * Conventions of Stim's generator (quantumlib/Stim src/stim/gen/gen_surface_code.cc) that we
 * rely on, checked in the tests: data qubits sit at odd (x, y); measurement qubits at even
 * (x, y), X-type ones where (x + y) % 4 == 2; a stabiliser's support is its diagonal
 * neighbours; detector coordinates are (x, y, t) with x, y the measurement qubit's position.
 */
export interface CodeLayout {
  /** Stim qubit ids of the data qubits, ascending: LLM id i is dataQubits[i]. */
  readonly dataQubits: readonly number[];
  readonly dataCoords: readonly (readonly [number, number])[];
  readonly stabilizers: readonly Stabilizer[];
  readonly detectors: readonly DetectorInfo[];
  /** The memory basis: Z memory protects against X errors, whose frame decides the observable. */
  readonly basis: 'X' | 'Z';
  /** LLM ids of the data qubits whose final measurements make up observable 0. */
  readonly observableSupport: readonly number[];
  /** Number of rounds of stabiliser measurement (detector t runs from 0 to rounds). */
  readonly rounds: number;
  readonly distance: number;
}

export interface Stabilizer {
  /** Stim qubit id of the measurement qubit. */
  readonly ancilla: number;
  readonly coords: readonly [number, number];
  readonly type: 'X' | 'Z';
  /** LLM ids of the data qubits it checks, ascending. */
  readonly support: readonly number[];
}

export interface DetectorInfo {
  readonly coords: readonly number[];
  /** The detector's time coordinate: 0 for the first round, `rounds` for the final data check. */
  readonly round: number;
  /** Index into `stabilizers` of the stabiliser this detector watches. */
  readonly stabilizer: number;
}

export function extractLayout(circuit: Circuit): CodeLayout {
  const walk = walkCircuit(circuit);
  const dataQubits = [...walk.dataQubits].sort((a, b) => a - b);
  const llmId = new Map(dataQubits.map((qubit, index) => [qubit, index]));
  const coordsOf = (qubit: number): [number, number] => {
    const coords = walk.qubitCoords.get(qubit);
    return [coords?.[0] ?? 0, coords?.[1] ?? 0];
  };
  const dataCoords = dataQubits.map(coordsOf);
  const dataAt = new Map(dataCoords.map(([x, y], index) => [`${x},${y}`, index]));

  const ancillas = [...walk.ancillaQubits].sort((a, b) => a - b);
  const stabilizers: Stabilizer[] = ancillas.map((ancilla) => {
    const [x, y] = coordsOf(ancilla);
    const support = [
      [x - 1, y - 1],
      [x + 1, y - 1],
      [x - 1, y + 1],
      [x + 1, y + 1],
    ]
      .map(([dx, dy]) => dataAt.get(`${dx},${dy}`))
      .filter((id): id is number => id !== undefined)
      .sort((a, b) => a - b);
    return { ancilla, coords: [x, y], type: (x + y) % 4 === 2 ? 'X' : 'Z', support };
  });
  const stabilizerAt = new Map(stabilizers.map((s, index) => [`${s.coords[0]},${s.coords[1]}`, index]));

  const detectors = walk.detectorCoords.map((coords, index) => {
    const stabilizer = stabilizerAt.get(`${coords[0] ?? 0},${coords[1] ?? 0}`);
    if (stabilizer === undefined) {
      throw new Error(`detector ${index} at (${coords.join(', ')}) sits on no measurement qubit`);
    }
    return { coords, round: coords.length >= 3 ? (coords[coords.length - 1] ?? 0) : 0, stabilizer };
  });

  const observableSupport = [...walk.observableQubits]
    .map((qubit) => llmId.get(qubit))
    .filter((id): id is number => id !== undefined)
    .sort((a, b) => a - b);
  const rounds = detectors.reduce((max, detector) => Math.max(max, detector.round), 0);
  return {
    dataQubits,
    dataCoords,
    stabilizers,
    detectors,
    basis: walk.dataBasis,
    observableSupport,
    rounds,
    distance: Math.round(Math.sqrt(dataQubits.length)),
  };
}

interface CircuitWalk {
  qubitCoords: Map<number, readonly number[]>;
  dataQubits: Set<number>;
  ancillaQubits: Set<number>;
  dataBasis: 'X' | 'Z';
  detectorCoords: (readonly number[])[];
  observableQubits: Set<number>;
}

/**
 * Replays the circuit (REPEAT blocks expanded) to collect coordinates and the measurement record.
 * Only coordinates and measurements name qubits the layout keeps: the gates and noise channels
 * (most of a circuit's targets) are passed over without reading theirs.
 */
function walkCircuit(circuit: Circuit): CircuitWalk {
  const walk: CircuitWalk = {
    qubitCoords: new Map(),
    dataQubits: new Set(),
    ancillaQubits: new Set(),
    dataBasis: 'Z',
    detectorCoords: [],
    observableQubits: new Set(),
  };
  const measuredQubits: number[] = [];
  let shift: readonly number[] = [];
  const shifted = (coords: readonly number[]) => coords.map((c, i) => c + (shift[i] ?? 0));
  const apply = (instruction: Instruction) => {
    const gate = instruction.spec;
    switch (instruction.gate) {
      case 'QUBIT_COORDS':
        for (const target of instruction.targets) if (target.type === 'qubit') walk.qubitCoords.set(target.qubit, instruction.args);
        return;
      case 'SHIFT_COORDS':
        shift = shifted(instruction.args);
        return;
      case 'DETECTOR':
        walk.detectorCoords.push(shifted(instruction.args));
        return;
      case 'OBSERVABLE_INCLUDE':
        if ((instruction.args[0] ?? 0) !== 0) return;
        for (const target of instruction.targets) {
          if (target.type === 'rec') walk.observableQubits.add(measuredQubits[measuredQubits.length - target.lookback] ?? -1);
        }
        return;
    }
    if (gate.kind !== 'measure' && gate.kind !== 'measure-reset') return;
    if (gate.kind === 'measure') walk.dataBasis = gate.basis === 'X' ? 'X' : 'Z';
    const measured = gate.kind === 'measure' ? walk.dataQubits : walk.ancillaQubits;
    for (const target of instruction.targets) {
      if (target.type !== 'qubit') continue;
      measured.add(target.qubit);
      measuredQubits.push(target.qubit);
    }
  };
  const visit = (items: Circuit['items']) => {
    for (const item of items) {
      if (item.kind === 'repeat') {
        for (let k = 0; k < item.repetitions; k++) visit(item.body.items);
      } else if (item.kind === 'instruction') {
        apply(item);
      }
    }
  };
  visit(circuit.items);
  return walk;
}
