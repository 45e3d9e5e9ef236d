import type { DemItem, DemRepeat, DemTarget, DetectorErrorModel } from './dem.ts';
import { xorSorted } from './symptom-codes.ts';

/**
 * A detector error model with its loops unrolled and detector shifts applied: the list of error
 * mechanisms that samplers and decoders consume, in Stim's order (`iter_flatten_error_instructions`
 * in quantumlib/Stim src/stim/dem/detector_error_model.h).
 */
export interface FlatDem {
  /** Max detector id + 1 over errors and `detector` declarations (Stim's `count_detectors`). */
  readonly numDetectors: number;
  /** Max observable id + 1 over errors and `logical_observable` declarations (`count_observables`). */
  readonly numObservables: number;
  readonly errors: readonly FlatError[];
  /**
   * Absolute coordinates of each declared detector (coordinate shifts applied); the first
   * declaration wins, as in Stim's `get_detector_coordinates`. Undeclared detectors are absent.
   */
  readonly detectorCoords: ReadonlyMap<number, readonly number[]>;
}

export interface FlatSymptoms {
  /** Absolute detector ids, sorted, each at most once. */
  readonly detectors: readonly number[];
  /** Observable ids, sorted, each at most once. */
  readonly observables: readonly number[];
}

export interface FlatError extends FlatSymptoms {
  readonly probability: number;
  /** The `^`-separated parts as written (each XOR-reduced); one part when there is no `^`. */
  readonly components: readonly FlatSymptoms[];
  /**
   * Index of this mechanism among the flattened `error` instructions — the same index Stim uses
   * for `sample_dem --err_out` columns, and the key provenance tables use.
   */
  readonly itemIndex: number;
}

/**
 * Unrolls `repeat` blocks and applies `shift_detectors` (ids and coordinates) exactly as Stim
 * does. Symptoms are XOR-reduced — a target named twice cancels — because a mechanism flips each
 * named target once, so two flips of the same detector leave it unchanged (Stim's DEM sampler
 * XORs every target into its row).
 */
export function flattenDem(dem: DetectorErrorModel): FlatDem {
  const errors: FlatError[] = [];
  const detectorCoords = new Map<number, readonly number[]>();
  let numDetectors = 0;
  let numObservables = 0;

  const split = new ComponentSplitter();

  walkFlat(dem, (item, detectorShift, coordShift) => {
    switch (item.kind) {
      case 'error': {
        const components = split.components(item.targets, detectorShift);
        numDetectors = Math.max(numDetectors, split.detectorBound);
        numObservables = Math.max(numObservables, split.observableBound);
        const whole = components.length === 1 ? components[0]! : xorComponents(components);
        errors.push({
          probability: item.probability,
          detectors: whole.detectors,
          observables: whole.observables,
          components,
          itemIndex: errors.length,
        });
        break;
      }
      case 'detector': {
        for (const id of item.ids) {
          numDetectors = Math.max(numDetectors, id + detectorShift + 1);
          const absolute = id + detectorShift;
          if (!detectorCoords.has(absolute)) {
            detectorCoords.set(absolute, item.coords.map((c, k) => c + (coordShift[k] ?? 0)));
          }
        }
        break;
      }
      case 'logical_observable':
        for (const id of item.ids) numObservables = Math.max(numObservables, id + 1);
        break;
      case 'shift_detectors':
        break;
    }
  });
  return { numDetectors, numObservables, errors, detectorCoords };
}

/** A mechanism's probability and whole symptom set, as a FlatError has them (detectors only). */
export type MechanismVisitor = (probability: number, detectors: readonly number[]) => void;

/**
 * The mechanisms of a model as a planner over whole symptom sets reads them (the maximum-likelihood
 * decoder's frontier bound): each error's probability and its absolute detectors XOR-reduced over
 * its components — a FlatError's `probability` and `detectors` — in flattenDem's order.
 */
export interface MechanismSource {
  /** flattenDem's numDetectors. */
  readonly numDetectors: number;
  forEachMechanism(visit: MechanismVisitor): void;
}

/** A flattened model's mechanisms. */
export function flatMechanisms(flat: FlatDem): MechanismSource {
  return {
    numDetectors: flat.numDetectors,
    forEachMechanism(visit) {
      for (const error of flat.errors) visit(error.probability, error.detectors);
    },
  };
}

/**
 * A model's mechanisms read straight from its items, without flattening it: a large level's
 * flattened model keeps several small objects per mechanism (tens of megabytes at d = 25),
 * which a caller that only needs to refuse the model never uses. Each visit's detectors are one
 * scratch array, reduced in place and valid only during the visit.
 */
export function modelMechanisms(dem: DetectorErrorModel): MechanismSource {
  let numDetectors = 0;
  walkFlat(dem, (item, detectorShift) => {
    if (item.kind === 'error') {
      for (const target of item.targets) if (target.type === 'detector') numDetectors = Math.max(numDetectors, target.id + detectorShift + 1);
    } else if (item.kind === 'detector') {
      for (const id of item.ids) numDetectors = Math.max(numDetectors, id + detectorShift + 1);
    }
  });
  return {
    numDetectors,
    forEachMechanism(visit) {
      const ids: number[] = [];
      walkFlat(dem, (item, detectorShift) => {
        if (item.kind !== 'error') return;
        ids.length = 0;
        for (const target of item.targets) if (target.type === 'detector') ids.push(target.id + detectorShift);
        ids.length = xorReduceInPlace(ids, ids.length);
        visit(item.probability, ids);
      });
    },
  };
}

/**
 * Visits a model's items as Stim flattens it: `repeat` blocks unrolled, each item with the
 * detector and coordinate shifts in force where it stands (a `shift_detectors` item is visited
 * after it has been applied).
 */
function walkFlat(
  dem: DetectorErrorModel,
  visit: (item: Exclude<DemItem, DemRepeat>, detectorShift: number, coordShift: readonly number[]) => void,
): void {
  let detectorShift = 0;
  const coordShift: number[] = [];
  const walk = (model: DetectorErrorModel): void => {
    for (const item of model.items) {
      if (item.kind === 'repeat') {
        for (let k = 0; k < item.repetitions; k++) walk(item.body);
        continue;
      }
      if (item.kind === 'shift_detectors') {
        item.coordShift.forEach((c, k) => (coordShift[k] = (coordShift[k] ?? 0) + c));
        detectorShift += item.detectorShift;
      }
      visit(item, detectorShift, coordShift);
    }
  };
  walk(dem);
}

/** Shared by the many components that flip no observable (nothing may write to it). */
const NONE: readonly number[] = Object.freeze([]);

/**
 * Splits an error's targets into its `^`-separated parts. Ids and parts are gathered in scratch
 * buffers reused across errors and each sliced out at its exact size: a large model keeps hundreds
 * of thousands of these small arrays, and arrays grown by push carry spare room. The bounds count
 * every id named, cancelled or not, as Stim's counts do.
 */
class ComponentSplitter {
  private readonly detectors: number[] = [];
  private readonly observables: number[] = [];
  private readonly parts: FlatSymptoms[] = [];
  /** Of the last split error: its largest detector id + 1 (0 if none), and likewise for observables. */
  detectorBound = 0;
  observableBound = 0;

  components(targets: readonly DemTarget[], detectorShift: number): FlatSymptoms[] {
    const { detectors, observables, parts } = this;
    let partCount = 0;
    let detectorCount = 0;
    let observableCount = 0;
    let detectorBound = 0;
    let observableBound = 0;
    for (let k = 0; k <= targets.length; k++) {
      const target = targets[k];
      if (target?.type === 'detector') {
        const id = target.id + detectorShift;
        detectors[detectorCount++] = id;
        if (id >= detectorBound) detectorBound = id + 1;
      } else if (target?.type === 'observable') {
        observables[observableCount++] = target.id;
        if (target.id >= observableBound) observableBound = target.id + 1;
      } else {
        // A separator, or the end of the targets, closes a part.
        parts[partCount++] = {
          detectors: reduced(detectors, detectorCount),
          observables: observableCount === 0 ? NONE : reduced(observables, observableCount),
        };
        detectorCount = 0;
        observableCount = 0;
      }
    }
    this.detectorBound = detectorBound;
    this.observableBound = observableBound;
    // Sliced out at its exact size (an array grown by push from empty has room for 16).
    return partCount === 1 ? [parts[0]!] : parts.slice(0, partCount);
  }
}

/**
 * xorReduce of the first `count` ids, without the sort for ids already strictly increasing (as
 * analyze_errors writes them).
 */
function reduced(ids: readonly number[], count: number): readonly number[] {
  for (let k = 1; k < count; k++) if (ids[k - 1]! >= ids[k]!) return xorReduce(ids.slice(0, count));
  return ids.slice(0, count);
}

/** The components' XOR: each is already sorted and reduced, so they merge pairwise without a sort. */
function xorComponents(components: readonly FlatSymptoms[]): FlatSymptoms {
  let detectors: readonly number[] = NONE;
  let observables: readonly number[] = NONE;
  for (const c of components) {
    detectors = xorSorted(detectors, c.detectors);
    observables = xorSorted(observables, c.observables);
  }
  return { detectors, observables };
}

/** Sorts ids and drops those that occur an even number of times. */
export function xorReduce(ids: readonly number[]): number[] {
  const sorted = [...ids];
  sorted.length = xorReduceInPlace(sorted, sorted.length);
  // Sliced out when shortened: the result has no spare room (large models keep many of these).
  return sorted.length === ids.length ? sorted : sorted.slice();
}

/**
 * xorReduce in place over ids[0, count): sorts them, then drops those that occur an even number
 * of times; returns the count kept (the matching graph's reader runs it on typed scratch arrays).
 */
export function xorReduceInPlace(ids: number[] | Float64Array, count: number): number {
  if (count > 16) {
    if (ids instanceof Float64Array) ids.subarray(0, count).sort();
    else if (count === ids.length) ids.sort((a, b) => a - b);
    else {
      const head = ids.slice(0, count).sort((a, b) => a - b);
      for (let k = 0; k < count; k++) ids[k] = head[k]!;
    }
  } else {
    // Insertion sort for the handful of ids a mechanism names (often already in order).
    for (let k = 1; k < count; k++) {
      const id = ids[k]!;
      let j = k - 1;
      for (; j >= 0 && ids[j]! > id; j--) ids[j + 1] = ids[j]!;
      ids[j + 1] = id;
    }
  }
  let kept = 0;
  for (let k = 0; k < count; k++) {
    const id = ids[k]!;
    if (kept > 0 && ids[kept - 1] === id) kept--;
    else ids[kept++] = id;
  }
  return kept;
}
