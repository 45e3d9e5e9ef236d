/**
 * Test-only comparison of detector error models as sets of mechanisms, the acceptance criterion
 * against Stim: same detector/observable sets, same `^` components, probabilities within a
 * relative tolerance; line order and the order of components within a line do not matter.
 *
 * Each error line becomes a key — its components, each with sorted targets, sorted and joined
 * by ` ^ ` — mapped to the list of probabilities of the lines with that key. Two lines Stim keeps
 * apart (it merges only identical target sequences) stay apart here unless they differ only in
 * component order, in which case both probabilities are kept in the list.
 */
import type { DemTarget, DetectorErrorModel } from '../dem/dem.ts';

const targetText = (t: DemTarget): string => (t.type === 'detector' ? `D${t.id}` : t.type === 'observable' ? `L${t.id}` : '^');

/** Sorts detectors before observables, each by id, as in Stim's output. */
const targetRank = (t: DemTarget): number => (t.type === 'detector' ? t.id : t.type === 'observable' ? 2 ** 40 + t.id : 2 ** 52);

export function mechanismKey(targets: readonly DemTarget[]): string {
  const components: DemTarget[][] = [[]];
  for (const t of targets) {
    if (t.type === 'separator') components.push([]);
    else components[components.length - 1]!.push(t);
  }
  return components
    .map((c) => [...c].sort((a, b) => targetRank(a) - targetRank(b)).map(targetText).join(' '))
    .sort()
    .join(' ^ ');
}

/** Key → probabilities (sorted) of a flat model's error lines. */
export function canonicalMechanisms(dem: DetectorErrorModel): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const item of dem.items) {
    if (item.kind === 'repeat' || (item.kind === 'shift_detectors' && item.detectorShift !== 0)) {
      throw new Error('canonicalMechanisms compares flat models only (no repeat, no detector shifts)');
    }
    if (item.kind !== 'error') continue;
    const key = mechanismKey(item.targets);
    out.set(key, [...(out.get(key) ?? []), item.probability].sort((a, b) => a - b));
  }
  return out;
}

/** Human-readable differences between two flat models (empty when they agree). */
export function mechanismDifferences(
  actual: DetectorErrorModel,
  expected: DetectorErrorModel,
  relativeTolerance = 1e-9,
): string[] {
  const a = canonicalMechanisms(actual);
  const e = canonicalMechanisms(expected);
  const differences: string[] = [];
  for (const [key, ps] of e) {
    const qs = a.get(key);
    if (qs === undefined) differences.push(`missing: ${key} (${ps.join(', ')})`);
    else if (qs.length !== ps.length || qs.some((q, k) => Math.abs(q - ps[k]!) > relativeTolerance * Math.abs(ps[k]!))) {
      differences.push(`probability of ${key}: got ${qs.join(', ')}, expected ${ps.join(', ')}`);
    }
  }
  for (const [key, qs] of a) if (!e.has(key)) differences.push(`unexpected: ${key} (${qs.join(', ')})`);
  return differences;
}
