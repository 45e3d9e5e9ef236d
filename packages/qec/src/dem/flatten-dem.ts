import type { DemTarget, DetectorErrorModel } from './dem.ts';

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
  let detectorShift = 0;
  const coordShift: number[] = [];
  let numDetectors = 0;
  let numObservables = 0;

  const noteTargets = (targets: readonly DemTarget[]) => {
    for (const target of targets) {
      if (target.type === 'detector') numDetectors = Math.max(numDetectors, target.id + detectorShift + 1);
      else if (target.type === 'observable') numObservables = Math.max(numObservables, target.id + 1);
    }
  };

  const visit = (model: DetectorErrorModel): void => {
    for (const item of model.items) {
      switch (item.kind) {
        case 'error': {
          noteTargets(item.targets);
          const components = splitComponents(item.targets, detectorShift);
          const whole = components.length === 1 ? components[0]! : xorComponents(components);
          errors.push({ probability: item.probability, ...whole, components, itemIndex: errors.length });
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
          item.coordShift.forEach((c, k) => (coordShift[k] = (coordShift[k] ?? 0) + c));
          detectorShift += item.detectorShift;
          break;
        case 'repeat':
          for (let k = 0; k < item.repetitions; k++) visit(item.body);
          break;
      }
    }
  };
  visit(dem);
  return { numDetectors, numObservables, errors, detectorCoords };
}

function splitComponents(targets: readonly DemTarget[], detectorShift: number): FlatSymptoms[] {
  const components: FlatSymptoms[] = [];
  let detectors: number[] = [];
  let observables: number[] = [];
  const close = () => {
    components.push({ detectors: xorReduce(detectors), observables: xorReduce(observables) });
    detectors = [];
    observables = [];
  };
  for (const target of targets) {
    if (target.type === 'detector') detectors.push(target.id + detectorShift);
    else if (target.type === 'observable') observables.push(target.id);
    else close();
  }
  close();
  return components;
}

function xorComponents(components: readonly FlatSymptoms[]): FlatSymptoms {
  return {
    detectors: xorReduce(components.flatMap((c) => c.detectors)),
    observables: xorReduce(components.flatMap((c) => c.observables)),
  };
}

/** Sorts ids and drops those that occur an even number of times. */
export function xorReduce(ids: readonly number[]): number[] {
  const sorted = [...ids].sort((a, b) => a - b);
  const out: number[] = [];
  for (const id of sorted) {
    if (out.length > 0 && out[out.length - 1] === id) out.pop();
    else out.push(id);
  }
  return out;
}
