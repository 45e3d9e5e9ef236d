/**
 * Symptoms as sorted arrays of numeric codes, the working representation of the error analysis.
 *
 * Stim's `DemTarget` is a 64-bit word ordered detectors < observables < separator (observables
 * carry bit 63, the separator is all ones; quantumlib/Stim src/stim/dem/dem_instruction.cc), and
 * its analyzer keys error classes by the lexicographic order of those words. Which known
 * graph-like component wins a tie in `decompose_errors` depends on that order, so the codes here
 * keep it. Frame probes (which qubit's X or Z frame bit a fault flips, for provenance) sort after
 * every DEM target so that the DEM part of a mixed set is a prefix.
 */

/** Observable k is coded OBSERVABLE_BASE + k; detector ids stay below it. */
export const OBSERVABLE_BASE = 2 ** 40;
/** Frame probe for qubit q: FRAME_BASE + 2q (X bit) or FRAME_BASE + 2q + 1 (Z bit). */
export const FRAME_BASE = 2 ** 41;
/** The `^` separator between suggested graph-like components. */
export const SEPARATOR_CODE = 2 ** 52;

export const detectorCode = (id: number): number => id;
export const observableCode = (id: number): number => OBSERVABLE_BASE + id;
export const frameXCode = (qubit: number): number => FRAME_BASE + 2 * qubit;
export const frameZCode = (qubit: number): number => FRAME_BASE + 2 * qubit + 1;

export const isDetectorCode = (code: number): boolean => code < OBSERVABLE_BASE;
export const isObservableCode = (code: number): boolean =>
  code >= OBSERVABLE_BASE && code < FRAME_BASE;

/** `D5`, `L0` or `^`, as in DEM text. */
export function describeCode(code: number): string {
  if (code === SEPARATOR_CODE) return '^';
  if (isDetectorCode(code)) return `D${code}`;
  if (isObservableCode(code)) return `L${code - OBSERVABLE_BASE}`;
  const qubit = Math.floor((code - FRAME_BASE) / 2);
  return `${(code - FRAME_BASE) % 2 === 0 ? 'X' : 'Z'}-frame(${qubit})`;
}

/**
 * Symmetric difference of two strictly increasing arrays (XOR of sparse bit sets), shared with
 * an operand when the other is empty (sets are never modified in place). Merged in a scratch
 * buffer and sliced out, so the result has no spare room: the analysis keeps many.
 */
export function xorSorted(a: readonly number[], b: readonly number[]): readonly number[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = scratch;
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) {
      out[n++] = x;
      i++;
    } else if (y < x) {
      out[n++] = y;
      j++;
    } else {
      i++;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return out.slice(0, n);
}

const scratch: number[] = [];

/** Index of the first frame probe: codes before it are DEM targets, codes from it are frame bits. */
export function frameStart(codes: readonly number[]): number {
  let lo = 0;
  let hi = codes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (codes[mid]! < FRAME_BASE) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The `^`-separated components of a symptom sequence (empty sequence: no components). */
export function splitComponents(codes: readonly number[]): number[][] {
  if (codes.length === 0) return [];
  const components: number[][] = [[]];
  for (const code of codes) {
    if (code === SEPARATOR_CODE) components.push([]);
    else components[components.length - 1]!.push(code);
  }
  return components;
}

/** Concatenates components with separators between them (a single component is returned as is). */
export function joinComponents(components: readonly (readonly number[])[]): readonly number[] {
  if (components.length === 1) return components[0]!;
  let size = Math.max(0, components.length - 1);
  for (const component of components) size += component.length;
  const out = new Array<number>(size);
  let n = 0;
  for (let k = 0; k < components.length; k++) {
    if (k > 0) out[n++] = SEPARATOR_CODE;
    const component = components[k]!;
    for (let c = 0; c < component.length; c++) out[n++] = component[c]!;
  }
  return out;
}

export const countDetectors = (codes: readonly number[]): number =>
  codes.reduce((n, code) => n + (isDetectorCode(code) ? 1 : 0), 0);

/** Stim's `is_graphlike`: no component of codes[start, end) has more than two detectors. */
export function isGraphlike(codes: ArrayLike<number>, start = 0, end = codes.length): boolean {
  let inComponent = 0;
  for (let k = start; k < end; k++) {
    const code = codes[k]!;
    if (code === SEPARATOR_CODE) inComponent = 0;
    else if (isDetectorCode(code) && ++inComponent > 2) return false;
  }
  return true;
}
