import { describe, expect, it } from 'vitest';
import { generateRotatedSurfaceCode } from '@verilab/qec';
import { extractLayout } from './code-layout.ts';
import { latticeGeometry, type Point } from './lattice-geometry.ts';

const numbers = (path: string) => (path.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

describe('latticeGeometry', () => {
  for (const [basis, distance] of [['Z', 3], ['X', 5], ['Z', 7]] as const) {
    it(`draws the d=${distance} ${basis}-memory code: (d−1)² squares through their data qubits, 2(d−1) half-discs bulging to their ancilla`, () => {
      const layout = extractLayout(generateRotatedSurfaceCode({ basis, distance, rounds: 2 }));
      const g = latticeGeometry(layout, { unit: 20 });
      expect(g.data).toHaveLength(distance * distance);
      expect(g.plaquettes).toHaveLength(distance * distance - 1);
      const squares = g.plaquettes.filter((p) => p.path.includes('L'));
      const halves = g.plaquettes.filter((p) => p.path.includes('A'));
      expect(squares).toHaveLength((distance - 1) ** 2);
      expect(halves).toHaveLength(2 * (distance - 1));
      for (const p of squares) {
        const v = numbers(p.path);
        const corners = [0, 2, 4, 6].map((i) => `${v[i]},${v[i + 1]}`).sort();
        const support = layout.stabilizers[p.stabilizer]!.support.map((id) => `${g.data[id]!.x},${g.data[id]!.y}`).sort();
        expect(corners).toEqual(support);
        expect(p.label).toEqual(p.ancilla);
      }
      for (const p of halves) {
        // "M ax,ay A r,r 0 0 sweep bx,by Z": the arc's midpoint, by the SVG arc rules (sweep 1 is
        // the positive-angle, clockwise-on-screen direction), must be the measurement qubit.
        const [ax, ay, r, , , , sweep, bx, by] = numbers(p.path) as number[];
        const c: Point = { x: (ax! + bx!) / 2, y: (ay! + by!) / 2 };
        const [dx, dy] = [ax! - c.x, ay! - c.y];
        const mid = sweep === 1 ? { x: c.x - dy, y: c.y + dx } : { x: c.x + dy, y: c.y - dx };
        expect(r).toBeCloseTo(20, 6);
        expect(mid.x).toBeCloseTo(p.ancilla.x, 6);
        expect(mid.y).toBeCloseTo(p.ancilla.y, 6);
        // The label sits inside the half-disc: between the chord's middle and the ancilla.
        expect(Math.hypot(p.label.x - c.x, p.label.y - c.y)).toBeLessThan(r!);
        expect(Math.hypot(p.label.x - p.ancilla.x, p.label.y - p.ancilla.y)).toBeLessThan(r!);
      }
      expect(g.plaquettes.filter((p) => p.type === 'X')).toHaveLength((distance * distance - 1) / 2);
      for (const q of g.data) expect(q.x > 0 && q.y > 0 && q.x < g.width && q.y < g.height).toBe(true);
    });
  }

  it('places d=3 exactly: the top boundary check bulges up, the bottom one down, inside a margin-sized frame', () => {
    const layout = extractLayout(generateRotatedSurfaceCode({ basis: 'Z', distance: 3, rounds: 3 }));
    const g = latticeGeometry(layout, { unit: 10, margin: 0.8 });
    // Stim's coordinates span 0..6; data qubit 0 sits at (1, 1).
    expect(g.data[0]).toEqual({ x: 18, y: 18 });
    // The top X check at (2, 0) spans the qubits at (1,1)-(3,1): clockwise on screen, i.e. up;
    // the bottom one at (4, 6) spans (3,5)-(5,5) and bulges down.
    const top = g.plaquettes.find((p) => p.ancilla.x === 28 && p.ancilla.y === 8);
    expect(top?.path).toBe('M18,18 A10,10 0 0 1 38,18 Z');
    const bottom = g.plaquettes.find((p) => p.ancilla.x === 48 && p.ancilla.y === 68);
    expect(bottom?.path).toBe('M38,58 A10,10 0 0 0 58,58 Z');
    expect([g.width, g.height]).toEqual([76, 76]);
  });
});
