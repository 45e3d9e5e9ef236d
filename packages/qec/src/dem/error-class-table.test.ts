import { describe, expect, it } from 'vitest';
import { ErrorClassTable } from './error-class-table.ts';
import { observableCode, SEPARATOR_CODE } from './symptom-codes.ts';

/** Adds a class with these targets and one fault; returns its class. */
function add(table: ErrorClassTable, targets: readonly number[], p: number): number {
  const k = table.add(Float64Array.from(targets), targets.length, p);
  table.addFault(k, 0, 0, 1, p);
  return k;
}

/** Target sets heading with few detectors: `perDetector` of them start with each of `detectors` detectors. */
function targetSets(detectors: number, perDetector: number): number[][] {
  const out: number[][] = [];
  for (let d = 0; d < detectors; d++) {
    for (let j = 0; j < perDetector; j++) out.push(j % 3 === 0 ? [d, observableCode(j)] : [d, detectors + j, SEPARATOR_CODE, d + 1]);
  }
  return out;
}

describe('ErrorClassTable', () => {
  it.each([
    ['by hash', 0, 40, 0],
    // An index sized for the classes to come (as the analysis sizes it) has room near every detector.
    ['by first detector', 400, 12, 30_000],
    // Thousands of classes per detector: placed by first detector their probe runs would grow
    // with their number, so the table falls back to placing them by hash.
    ['by first detector, falling back to hash', 3, 3000, 0],
  ])('finds every class again when placed %s', (_, detectors, perDetector, expectedFaults) => {
    const sets = targetSets(Math.max(detectors, 3), perDetector);
    const table = new ErrorClassTable(expectedFaults, true, detectors);
    const classes = sets.map((targets) => add(table, targets, 0.1));
    expect(new Set(classes).size).toBe(sets.length);
    sets.forEach((targets, i) => expect(add(table, targets, 0.1)).toBe(classes[i]));
    // Two independent 0.1 mechanisms: p = 0.1·0.9 + 0.9·0.1.
    expect(table.probabilityOf(classes[sets.length - 1]!)).toBeCloseTo(0.18, 12);
    expect(table.live()).toHaveLength(sets.length);
    expect(table.targetsOf(classes[7]!)).toEqual(sets[7]);
  });

  it('moves a class to new targets (rewrite) and still finds the others', () => {
    const sets = targetSets(20, 30);
    const table = new ErrorClassTable(6000, true, 20);
    const classes = sets.map((targets) => add(table, targets, 0.1));
    const frame = Float64Array.from([]);
    for (const k of classes) table.recordFrame(k, frame, 0, 0);
    // Every third class is rewritten onto the class after it.
    for (let i = 0; i + 1 < sets.length; i += 3) table.rewrite(classes[i]!, sets[i + 1]!, [[]]);
    expect(table.live()).toHaveLength(sets.length - Math.ceil((sets.length - 1) / 3));
    sets.forEach((targets, i) => {
      if (i % 3 !== 0) expect(add(table, targets, 0)).toBe(classes[i]);
    });
    expect(table.probabilityOf(classes[1]!)).toBeCloseTo(0.18, 12);
  });
});
