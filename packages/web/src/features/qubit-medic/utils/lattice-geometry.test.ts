import { describe, expect, it } from 'vitest';
import { latticeGeometry } from './lattice-geometry.ts';
import { levelLayout } from './level-layout.ts';

const L2 = levelLayout('L2_target');
if (!L2.ok) throw new Error(L2.message);

describe('latticeGeometry', () => {
  it('draws d=3: 9 qubits, 4 squares and 4 half-discs bulging out of the patch', () => {
    const geometry = latticeGeometry(L2.layout, 10);
    expect(geometry.qubits).toHaveLength(9);
    expect(geometry.qubits[0]).toEqual({ id: 0, cx: 10, cy: 10 });
    const squares = geometry.plaquettes.filter((p) => p.path.split(' L ').length === 4);
    const discs = geometry.plaquettes.filter((p) => p.path.includes(' A '));
    expect([squares.length, discs.length]).toEqual([4, 4]);
    // The top boundary X check at (2, 0) spans qubits at (1,1)-(3,1): its arc must bulge up,
    // i.e. clockwise on screen from (10,10) to (30,10); the bottom one at (4, 6) bulges down.
    const top = geometry.plaquettes.find((p) => p.cx === 20 && p.cy === 0);
    expect(top?.path).toBe('M 10 10 A 10 10 0 0 1 30 10 Z');
    const bottom = geometry.plaquettes.find((p) => p.cx === 40 && p.cy === 60);
    expect(bottom?.path).toBe('M 30 50 A 10 10 0 0 0 50 50 Z');
    expect(geometry.viewBox).toEqual([-8, -8, 76, 76]);
  });
});
