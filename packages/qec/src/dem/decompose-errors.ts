/**
 * Stim's global decomposition pass (`do_global_error_decomposition_pass` in quantumlib/Stim
 * src/stim/simulators/error_analyzer.cc): every component still touching more than two
 * detectors after the intra-channel split is rewritten as a product of graph-like components
 * that occur elsewhere in the model.
 *
 * 1. Known components: every one- or two-detector component of every live class, keyed by its
 *    detectors; when several share detectors, the last class in key order wins (Stim's map).
 * 2. A backtracking search partitions the component's detectors into known pairs and singles
 *    (pairs first, in index order) whose observables XOR to the component's.
 * 3. Failing that, a greedy cover by known pairs then singles may leave up to two detectors as a
 *    "remnant" component (the component XOR the pieces, observables included).
 * 4. Otherwise the model has no graph-like decomposition and analysis fails, as in Stim.
 *
 * Rewritten classes merge into any class with the same new target sequence. Each piece carries
 * the frame of the known mechanism it copies; a remnant's frame is the component's frame XOR
 * the pieces' frames, so the frames of a line's components always XOR to its fault's frame.
 */
import type { ErrorClass, ErrorClassTable } from './error-class-table.ts';
import { ErrorAnalysisError } from './error-analysis-error.ts';
import type { FaultLocator } from './error-provenance.ts';
import {
  describeCode,
  isDetectorCode,
  isGraphlike,
  isObservableCode,
  joinComponents,
  splitComponents,
  xorSorted,
} from './symptom-codes.ts';

interface KnownComponent {
  readonly targets: readonly number[];
  readonly frame: readonly number[];
}

type KnownComponents = ReadonlyMap<string, KnownComponent>;

/** How one component is rewritten: known pieces, then the remnant (if not empty). */
interface ComponentPlan {
  readonly pieces: readonly KnownComponent[];
  readonly remnant: readonly number[];
}

export function decomposeHyperedges(table: ErrorClassTable, locate: FaultLocator): void {
  // Most models (every surface-code level) are graph-like already: no need to sort them.
  if (table.everyLiveGraphlike()) return;
  const live = Array.from(table.live());
  const known = knownComponents(table, live);
  const rewrites = live
    .map((k) => ({ errorClass: k, targets: table.targetsOf(k) }))
    .filter(({ targets }) => !isGraphlike(targets))
    .map(({ errorClass, targets }) => ({
      errorClass,
      plans: splitComponents(targets).map((comp) => planComponent(comp, known, errorClass, table, locate)),
    }));
  for (const { errorClass, plans } of rewrites) {
    const targets = joinComponents(
      plans.flatMap((plan) => [...plan.pieces.map((p) => p.targets), ...(plan.remnant.length > 0 ? [plan.remnant] : [])]),
    );
    table.rewrite(errorClass, targets, rewriteFrames(table.componentFramesOf(errorClass), plans));
  }
}

function knownComponents(table: ErrorClassTable, live: readonly ErrorClass[]): KnownComponents {
  const known = new Map<string, KnownComponent>();
  for (const errorClass of live) {
    const frames = table.componentFramesOf(errorClass);
    splitComponents(table.targetsOf(errorClass)).forEach((component, j) => {
      const detectors = component.filter(isDetectorCode);
      if (detectors.length === 1 || detectors.length === 2) {
        known.set(detectors.join(','), { targets: component, frame: frames[j]! });
      }
    });
  }
  return known;
}

function planComponent(
  component: readonly number[],
  known: KnownComponents,
  owner: ErrorClass,
  table: ErrorClassTable,
  locate: FaultLocator,
): ComponentPlan {
  const pieces = exactCover(component, known) ?? coverWithRemnant(component, known);
  if (pieces === undefined) {
    const { faults: recorded, complete } = table.faultsToName(owner);
    const faults = recorded
      .slice(0, 3)
      .map(locate)
      .map((f) => `${f.gate} ${f.paulis} on qubits ${f.qubits.join(' ')} (instruction #${f.instructionIndex})`);
    throw new ErrorAnalysisError(
      'failed to decompose errors into graph-like components with at most two detectors: ' +
        `no decomposition of the component '${component.map(describeCode).join(' ')}' ` +
        `(produced by ${faults.join('; ')}${recorded.length > 3 || !complete ? '; …' : ''})`,
    );
  }
  const remnant = pieces.reduce<readonly number[]>((rest, piece) => xorSorted(rest, piece.targets), component);
  return { pieces, remnant };
}

/** Stim's `brute_force_decomposition_into_known_graphlike_errors`. */
function exactCover(problem: readonly number[], known: KnownComponents): KnownComponent[] | undefined {
  const out: KnownComponent[] = [];
  const search = (start: number, used: boolean[], observables: readonly number[]): boolean => {
    while (start < problem.length && used[start]) start++;
    if (start >= problem.length) return observables.length === 0;
    const mine = used.slice();
    mine[start] = true;
    const key = [problem[start]!];
    // Partners in index order, then (k = length) the single on its own.
    for (let k = start + 1; k <= problem.length; k++) {
      if (k < problem.length) {
        if (mine[k]) continue;
        key.push(problem[k]!);
        mine[k] = true;
      }
      const match = known.get(key.join(','));
      if (match && search(start + 1, mine, xorSorted(observables, match.targets.filter(isObservableCode)))) {
        out.push(match);
        return true;
      }
      if (k < problem.length) {
        key.pop();
        mine[k] = false;
      }
    }
    return false;
  };
  const found = search(0, problem.map(isObservableCode), problem.filter(isObservableCode));
  return found ? out.reverse() : undefined;
}

/** Stim's `decompose_and_append_component_to_tail` (the remnant-edge fallback). */
function coverWithRemnant(component: readonly number[], known: KnownComponents): KnownComponent[] | undefined {
  const done = component.map((code) => !isDetectorCode(code));
  if (done.filter((d) => !d).length <= 2) return [];
  const pieces: KnownComponent[] = [];
  for (let k = 0; k < component.length; k++) {
    if (done[k]) continue;
    for (let k2 = k + 1; k2 < component.length; k2++) {
      if (done[k2]) continue;
      const match = known.get(`${component[k]},${component[k2]}`);
      if (match) {
        done[k] = done[k2] = true;
        pieces.push(match);
        break;
      }
    }
  }
  let missed = 0;
  for (let k = 0; k < component.length; k++) {
    if (!done[k]) {
      const match = known.get(String(component[k]));
      if (match) {
        done[k] = true;
        pieces.push(match);
      }
    }
    if (!done[k]) missed++;
  }
  return missed <= 2 ? pieces : undefined;
}

/** The representative's frames for the rewritten components: each piece's, then the remnant's. */
function rewriteFrames(componentFrames: readonly (readonly number[])[], plans: readonly ComponentPlan[]): (readonly number[])[] {
  return plans.flatMap((plan, j) => {
    const frames = plan.pieces.map((p) => p.frame);
    if (plan.remnant.length === 0) return frames;
    const remnantFrame = frames.reduce((rest, f) => xorSorted(rest, f), componentFrames[j]!);
    return [...frames, remnantFrame];
  });
}
