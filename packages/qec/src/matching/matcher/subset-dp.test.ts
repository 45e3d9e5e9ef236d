import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SubsetDp } from './subset-dp.ts';

const INF = Number.POSITIVE_INFINITY;

/** m events with boundary distances (some ∞) and symmetric pair distances (some ∞), small even integers. */
const instances = fc.integer({ min: 1, max: 9 }).chain((m) =>
  fc.record({
    m: fc.constant(m),
    bnd: fc.array(fc.oneof(fc.constant(INF), fc.integer({ min: 0, max: 20 }).map((x) => 2 * x)), { minLength: m, maxLength: m }),
    pair: fc.array(fc.oneof(fc.constant(INF), fc.integer({ min: 0, max: 40 }).map((x) => 2 * x)), { minLength: (m * (m - 1)) / 2, maxLength: (m * (m - 1)) / 2 }),
  }),
);

type Instance = { m: number; bnd: number[]; pair: number[] };

const distOf = ({ m, pair }: Instance, i: number, j: number): number => {
  const [a, b] = i < j ? [i, j] : [j, i];
  return pair[a * m - (a * (a + 1)) / 2 + (b - a - 1)]!;
};

/** Solves with SubsetDp.matchComponent given the pairs that `keep` admits; returns the weight and checks the matching is consistent. */
function solveWith(instance: Instance, keep: (i: number, j: number) => boolean): number {
  const { m, bnd } = instance;
  const ev: number[] = [];
  const ed: number[] = [];
  const firstPair = [0];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      if (distOf(instance, i, j) === INF || !keep(i, j)) continue;
      ev.push(j);
      ed.push(distOf(instance, i, j));
    }
    firstPair.push(ev.length);
  }
  const pairU = firstPair.flatMap((start, i) => (i < m ? Array<number>(firstPair[i + 1]! - start).fill(i) : []));
  const mateEdge = new Int32Array(m);
  new SubsetDp(9).matchComponent(Int32Array.from({ length: m }, (_, i) => i), 0, m, Float64Array.from(bnd), Int32Array.from(firstPair), Int32Array.from(ev), Float64Array.from(ed), new Int32Array(m), mateEdge);
  let total = 0;
  for (let i = 0; i < m; i++) {
    const e = mateEdge[i]!;
    if (e < 0) {
      total += bnd[i]!;
      continue;
    }
    const j = pairU[e] === i ? ev[e]! : pairU[e]!;
    expect(mateEdge[j]).toBe(e);
    if (i < j) total += ed[e]!;
  }
  return total;
}

/** Minimum over all matchings with boundary, by enumeration. */
function bruteForce(instance: Instance): number {
  const { m, bnd } = instance;
  const best = (left: number[]): number => {
    if (left.length === 0) return 0;
    const [i, ...rest] = left as [number, ...number[]];
    let value = bnd[i]! + best(rest);
    rest.forEach((j, at) => {
      value = Math.min(value, distOf(instance, i, j) + best(rest.filter((_, x) => x !== at)));
    });
    return value;
  };
  return best([...Array(m).keys()]);
}

describe('SubsetDp', () => {
  it('finds the minimum-weight matching with boundary (brute force)', () => {
    fc.assert(
      fc.property(instances, (instance) => {
        expect(solveWith(instance, () => true)).toBe(bruteForce(instance));
      }),
      { numRuns: 400, seed: 43 },
    );
  });

  it('loses nothing when only useful pairs (d < b(i) + b(j)) are offered — the decoder pruning', () => {
    fc.assert(
      fc.property(instances, (instance) => {
        const useful = (i: number, j: number) => distOf(instance, i, j) < instance.bnd[i]! + instance.bnd[j]!;
        expect(solveWith(instance, useful)).toBe(solveWith(instance, () => true));
      }),
      { numRuns: 400, seed: 47 },
    );
  });

  it('matches three and four events in closed form as the DP over subsets does, ties included', () => {
    // The DP over one more event, with no pairs and a free boundary, takes the same decisions for
    // the others as the DP over them alone; few distinct weights make ties common.
    const weight = fc.oneof(fc.constant(INF), fc.integer({ min: 0, max: 4 }).map((x) => 2 * x));
    const closedForms = fc.integer({ min: 3, max: 4 }).chain((m) =>
      fc.record({
        m: fc.constant(m),
        bnd: fc.array(weight, { minLength: m, maxLength: m }),
        pair: fc.array(weight, { minLength: (m * (m - 1)) / 2, maxLength: (m * (m - 1)) / 2 }),
      }),
    );
    const mates = (dp: SubsetDp, size: number, instance: Instance) => {
      const { m, bnd } = instance;
      dp.clear(size);
      for (let a = 0; a < size; a++) dp.setBoundary(a, a < m ? bnd[a]! : 0);
      for (let a = 0; a < m; a++) {
        for (let b = a + 1; b < m; b++) if (distOf(instance, a, b) !== INF) dp.setPair(a, b, distOf(instance, a, b), a * m + b);
      }
      dp.solve();
      return Array.from({ length: m }, (_, a) => [dp.mateOf(a), dp.matePair(a)]);
    };
    const dp = new SubsetDp(5);
    fc.assert(
      fc.property(closedForms, (instance) => {
        expect(mates(dp, instance.m, instance)).toEqual(mates(dp, instance.m + 1, instance));
      }),
      { numRuns: 1000, seed: 53 },
    );
  });
});
