import type { CodeLayout } from '@verilab/qubit-medic';

/**
 * Where to draw a rotated surface code, in SVG user units, from its layout alone (Stim's
 * coordinates: data qubits at odd (x, y), measurement qubits at even (x, y), y growing
 * downwards as in Stim's diagrams and Crumble). A bulk stabiliser is the square through its
 * four data qubits; a boundary stabiliser of weight two is the half-disc on the chord between
 * its two qubits, bulging towards its measurement qubit, outside the patch — the usual picture
 * (e.g. Fowler et al., arXiv:1208.0928, Fig. 10).
 */
export interface QubitSpot {
  /** LLM id. */
  readonly id: number;
  readonly cx: number;
  readonly cy: number;
}

export interface PlaquetteShape {
  /** Index into `layout.stabilizers`. */
  readonly index: number;
  readonly type: 'X' | 'Z';
  /** SVG path data. */
  readonly path: string;
  /** Where the measurement qubit sits (for markers and labels). */
  readonly cx: number;
  readonly cy: number;
  /** A point inside the shape, for its label. */
  readonly labelX: number;
  readonly labelY: number;
}

export interface LatticeGeometry {
  readonly viewBox: readonly [number, number, number, number];
  readonly qubits: readonly QubitSpot[];
  readonly plaquettes: readonly PlaquetteShape[];
  /** Stim coordinate unit in SVG units (data qubits are 2 units apart). */
  readonly scale: number;
}

type Point = readonly [number, number];

export function latticeGeometry(layout: CodeLayout, scale = 30): LatticeGeometry {
  const at = ([x, y]: Point): Point => [x * scale, y * scale];
  const qubits = layout.dataCoords.map((coords, id) => {
    const [cx, cy] = at(coords);
    return { id, cx, cy };
  });
  const plaquettes = layout.stabilizers.map((stabilizer, index) => {
    const center = at(stabilizer.coords);
    const corners = stabilizer.support.map((id) => at(layout.dataCoords[id] ?? [0, 0]));
    const [labelX, labelY] = corners.length >= 3 ? center : towards(midpoint(corners), center, 0.55);
    return { index, type: stabilizer.type, path: shapePath(corners, center), cx: center[0], cy: center[1], labelX, labelY };
  });
  const xs = [...layout.dataCoords, ...layout.stabilizers.map((s) => s.coords)].map(([x]) => x);
  const ys = [...layout.dataCoords, ...layout.stabilizers.map((s) => s.coords)].map(([, y]) => y);
  const pad = 0.8;
  const minX = (Math.min(...xs) - pad) * scale;
  const minY = (Math.min(...ys) - pad) * scale;
  const viewBox: LatticeGeometry['viewBox'] = [
    minX,
    minY,
    (Math.max(...xs) + pad) * scale - minX,
    (Math.max(...ys) + pad) * scale - minY,
  ];
  return { viewBox, qubits, plaquettes, scale };
}

function shapePath(corners: readonly Point[], center: Point): string {
  if (corners.length >= 3) {
    const around = [...corners].sort(
      (a, b) => Math.atan2(a[1] - center[1], a[0] - center[0]) - Math.atan2(b[1] - center[1], b[0] - center[0]),
    );
    return `M ${around.map(([x, y]) => `${fmt(x)} ${fmt(y)}`).join(' L ')} Z`;
  }
  if (corners.length === 2) return halfDisc(corners[0]!, corners[1]!, center);
  // A weight-one check (only in degenerate layouts): a small disc on its qubit.
  const [x, y] = corners[0] ?? center;
  return `M ${fmt(x - 6)} ${fmt(y)} A 6 6 0 1 0 ${fmt(x + 6)} ${fmt(y)} A 6 6 0 1 0 ${fmt(x - 6)} ${fmt(y)} Z`;
}

/**
 * The half-disc on chord a–b on the side of `towardsPoint`. SVG's sweep flag 1 draws the arc
 * clockwise on screen (y down); that arc's middle lies at m + (−u_y, u_x) for u = a − m, so the
 * flag is 1 exactly when that direction points at `towardsPoint`.
 */
function halfDisc(a: Point, b: Point, towardsPoint: Point): string {
  const m = midpoint([a, b]);
  const ux = a[0] - m[0];
  const uy = a[1] - m[1];
  const radius = Math.hypot(ux, uy);
  const sweep = -uy * (towardsPoint[0] - m[0]) + ux * (towardsPoint[1] - m[1]) > 0 ? 1 : 0;
  return `M ${fmt(a[0])} ${fmt(a[1])} A ${fmt(radius)} ${fmt(radius)} 0 0 ${sweep} ${fmt(b[0])} ${fmt(b[1])} Z`;
}

function midpoint(points: readonly Point[]): Point {
  const n = Math.max(1, points.length);
  return [points.reduce((s, p) => s + p[0], 0) / n, points.reduce((s, p) => s + p[1], 0) / n];
}

function towards(from: Point, to: Point, fraction: number): Point {
  return [from[0] + (to[0] - from[0]) * fraction, from[1] + (to[1] - from[1]) * fraction];
}

function fmt(value: number): string {
  return String(Math.round(value * 100) / 100);
}
