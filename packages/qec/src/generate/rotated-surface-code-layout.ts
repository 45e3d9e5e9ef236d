/**
 * Qubit placement of the rotated surface code exactly as Stim's generator lays it out
 * (src/stim/gen/gen_surface_code.cc, `_generate_rotated_surface_code_circuit`), so indices,
 * coordinates and the order of every target list match `stim gen` byte for byte.
 *
 * For distance d: data qubits sit at odd (x, y) in [1, 2d − 1]²; measurement qubits at even
 * (x, y) in [0, 2d]², X-type where x/2 and y/2 differ in parity, Z-type otherwise, dropping
 * X-types on the left/right edges and Z-types on the top/bottom edges. A qubit's index is
 * x + y'·(d + ½) with y' = y − (x mod 2), which interleaves data rows with ancilla rows.
 */

export interface SurfaceCoord {
  readonly x: number;
  readonly y: number;
}

export type SurfaceCodeRole = 'data' | 'x-measure' | 'z-measure';

export interface SurfaceCodeQubit extends SurfaceCoord {
  readonly index: number;
  readonly role: SurfaceCodeRole;
}

export interface RotatedSurfaceCodeLayout {
  readonly distance: number;
  /** Every qubit, by increasing index. */
  readonly qubits: readonly SurfaceCodeQubit[];
  /** Data qubits sorted by (x, y), Stim's `std::set<surface_coord>` order. */
  readonly dataCoords: readonly SurfaceCoord[];
  readonly xMeasureCoords: readonly SurfaceCoord[];
  readonly zMeasureCoords: readonly SurfaceCoord[];
  /** Data qubits on the logical X (left column, x = 1) and Z (bottom row, y = 1) operators. */
  readonly xObservableCoords: readonly SurfaceCoord[];
  readonly zObservableCoords: readonly SurfaceCoord[];
  /** Sorted qubit indices per role; measurement qubits are X and Z together. */
  readonly dataQubits: readonly number[];
  readonly measurementQubits: readonly number[];
  readonly xMeasurementQubits: readonly number[];
  indexOf(point: SurfaceCoord): number | undefined;
}

/**
 * Neighbour offsets in CNOT layer order, chosen by Stim so that hook errors run against the
 * grain of each logical operator instead of along it.
 */
export const X_INTERACTION_ORDER: readonly SurfaceCoord[] = [
  { x: 1, y: 1 },
  { x: -1, y: 1 },
  { x: 1, y: -1 },
  { x: -1, y: -1 },
];
export const Z_INTERACTION_ORDER: readonly SurfaceCoord[] = [
  { x: 1, y: 1 },
  { x: 1, y: -1 },
  { x: -1, y: 1 },
  { x: -1, y: -1 },
];

export function rotatedSurfaceCodeLayout(distance: number): RotatedSurfaceCodeLayout {
  const d = distance;
  const dataCoords: SurfaceCoord[] = [];
  const xObservableCoords: SurfaceCoord[] = [];
  const zObservableCoords: SurfaceCoord[] = [];
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const point = { x: 2 * i + 1, y: 2 * j + 1 };
      dataCoords.push(point);
      if (j === 0) zObservableCoords.push(point);
      if (i === 0) xObservableCoords.push(point);
    }
  }

  const xMeasureCoords: SurfaceCoord[] = [];
  const zMeasureCoords: SurfaceCoord[] = [];
  for (let i = 0; i <= d; i++) {
    for (let j = 0; j <= d; j++) {
      const xType = i % 2 !== j % 2;
      if ((i === 0 || i === d) && xType) continue;
      if ((j === 0 || j === d) && !xType) continue;
      (xType ? xMeasureCoords : zMeasureCoords).push({ x: 2 * i, y: 2 * j });
    }
  }

  const byKey = new Map<string, number>();
  const qubits: SurfaceCodeQubit[] = [];
  const place = (points: readonly SurfaceCoord[], role: SurfaceCodeRole) => {
    for (const point of points) {
      // y' = y − (x mod 2) is even, so x + y'·(d + ½) = x + y'·d + y'/2 is an exact integer.
      const shifted = point.y - (point.x % 2);
      const index = point.x + shifted * d + shifted / 2;
      byKey.set(key(point), index);
      qubits.push({ ...point, index, role });
    }
  };
  place(dataCoords, 'data');
  place(xMeasureCoords, 'x-measure');
  place(zMeasureCoords, 'z-measure');
  qubits.sort((a, b) => a.index - b.index);

  const sortedIndices = (points: readonly SurfaceCoord[]) =>
    points.map((point) => byKey.get(key(point)) ?? -1).sort((a, b) => a - b);
  return {
    distance,
    qubits,
    dataCoords,
    xMeasureCoords,
    zMeasureCoords,
    xObservableCoords,
    zObservableCoords,
    dataQubits: sortedIndices(dataCoords),
    measurementQubits: sortedIndices([...xMeasureCoords, ...zMeasureCoords]),
    xMeasurementQubits: sortedIndices(xMeasureCoords),
    indexOf: (point) => byKey.get(key(point)),
  };
}

export const addCoords = (a: SurfaceCoord, b: SurfaceCoord): SurfaceCoord => ({
  x: a.x + b.x,
  y: a.y + b.y,
});

const key = (point: SurfaceCoord): string => `${point.x},${point.y}`;
