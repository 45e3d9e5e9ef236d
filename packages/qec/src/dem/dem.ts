/**
 * The detector error model (DEM) as data, following Stim's DEM language
 * (quantumlib/Stim doc/file_format_dem_detector_error_model.md).
 *
 * An `error(p)` line is one independent mechanism: with probability p it flips every detector
 * and observable it names. `^` separators split the symptoms into suggested graph-like parts
 * (at most two detectors each) for matching decoders.
 */

export type DemTarget =
  | { readonly type: 'detector'; readonly id: number }
  | { readonly type: 'observable'; readonly id: number }
  | { readonly type: 'separator' };

export interface DemError {
  readonly kind: 'error';
  readonly probability: number;
  readonly targets: readonly DemTarget[];
}

/** `detector(coords...) D5`: coordinates of a detector (ids are relative to the current shift). */
export interface DemDetector {
  readonly kind: 'detector';
  readonly coords: readonly number[];
  readonly ids: readonly number[];
}

/** `logical_observable L0`: declares an observable that no error may touch. */
export interface DemLogicalObservable {
  readonly kind: 'logical_observable';
  readonly ids: readonly number[];
}

/** `shift_detectors(coord shifts...) n`: later ids and coordinates are offset. */
export interface DemShiftDetectors {
  readonly kind: 'shift_detectors';
  readonly coordShift: readonly number[];
  readonly detectorShift: number;
}

export interface DemRepeat {
  readonly kind: 'repeat';
  readonly repetitions: number;
  readonly body: DetectorErrorModel;
}

export type DemItem = DemError | DemDetector | DemLogicalObservable | DemShiftDetectors | DemRepeat;

export interface DetectorErrorModel {
  readonly items: readonly DemItem[];
}

export const D = (id: number): DemTarget => ({ type: 'detector', id });
export const L = (id: number): DemTarget => ({ type: 'observable', id });
export const SEPARATOR: DemTarget = { type: 'separator' };
