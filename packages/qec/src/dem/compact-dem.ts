/**
 * A detector error model laid out as `stim analyze_errors` prints it — every `error` line first,
 * then the other instructions — with the error lines in three typed arrays instead of an object
 * and a target array each. A large level's model has hundreds of thousands of error lines: as
 * DemItems they were the largest transient of its build and most of its garbage-collection
 * work, and the level reads them only to print them, to build its matching graph and to refuse
 * exact decoding, all of which read the arrays directly.
 */
import type { DemItem, DemTarget, DetectorErrorModel } from './dem.ts';
import { type MechanismSource, xorReduceInPlace } from './flatten-dem.ts';
import { observableCode, SEPARATOR_CODE } from './parse-dem.ts';

export interface CompactDem {
  /** Error line i's probability. */
  readonly probabilities: Float64Array;
  /** Error line i's targets are targetCodes[targetStarts[i], targetStarts[i + 1]). */
  readonly targetStarts: Int32Array;
  /** Targets as scanDem codes: a detector's id, observableCode(id), SEPARATOR_CODE. */
  readonly targetCodes: Float64Array;
  /** The instructions after the error lines: detector, logical_observable and shift_detectors lines (no repeat block). */
  readonly otherItems: readonly Exclude<DemItem, { kind: 'error' | 'repeat' }>[];
}

/** The model as DemItems: one error item per line (targets shared per code), then the other items. */
export function compactDemModel(model: CompactDem): DetectorErrorModel {
  const { probabilities, targetStarts, targetCodes } = model;
  const detectors: DemTarget[] = [];
  const others = new Map<number, DemTarget>();
  const targetOf = (code: number): DemTarget => {
    if (code >= 0) return (detectors[code] ??= { type: 'detector', id: code });
    let target = others.get(code);
    if (target === undefined) {
      target = code === SEPARATOR_CODE ? { type: 'separator' } : { type: 'observable', id: observableCode(code) };
      others.set(code, target);
    }
    return target;
  };
  const items: DemItem[] = [];
  for (let i = 0; i < probabilities.length; i++) {
    const start = targetStarts[i]!;
    const targets = new Array<DemTarget>(targetStarts[i + 1]! - start);
    for (let c = 0; c < targets.length; c++) targets[c] = targetOf(targetCodes[start + c]!);
    items.push({ kind: 'error', probability: probabilities[i]!, targets });
  }
  items.push(...model.otherItems);
  return { items };
}

/**
 * The model's mechanisms as modelMechanisms(compactDemModel(model)) reads them, from the arrays:
 * those of its first `lines` error lines (all by default), with the whole model's detector
 * count. The other items come after every error line, so a shift among them moves no error's ids.
 */
export function compactMechanisms(model: CompactDem, lines = model.probabilities.length): MechanismSource {
  const { probabilities, targetStarts, targetCodes } = model;
  let numDetectors = 0;
  for (let c = 0; c < targetCodes.length; c++) if (targetCodes[c]! >= numDetectors) numDetectors = targetCodes[c]! + 1;
  let detectorShift = 0;
  for (const item of model.otherItems) {
    if (item.kind === 'shift_detectors') detectorShift += item.detectorShift;
    else if (item.kind === 'detector') for (const id of item.ids) numDetectors = Math.max(numDetectors, id + detectorShift + 1);
  }
  return {
    numDetectors,
    forEachMechanism(visit) {
      // Ids gathered in one scratch array, then handed over in a reused array of their exact count
      // (resizing one array per mechanism cost more than the visits).
      const ids: number[] = [];
      const views: number[][] = [];
      for (let i = 0; i < Math.min(lines, probabilities.length); i++) {
        let count = 0;
        for (let c = targetStarts[i]!; c < targetStarts[i + 1]!; c++) if (targetCodes[c]! >= 0) ids[count++] = targetCodes[c]!;
        count = xorReduceInPlace(ids, count);
        const view = (views[count] ??= new Array<number>(count).fill(0));
        for (let k = 0; k < count; k++) view[k] = ids[k]!;
        visit(probabilities[i]!, view);
      }
    },
  };
}
