/**
 * Where things go in a drawing of a rotated surface code, from the layout read off Stim's
 * circuit (code-layout.ts; Stim's coordinates, y growing downwards as in its diagrams and
 * Crumble): data qubits at their circuit coordinates, each weight-4 stabiliser as the square
 * through its four data qubits, each weight-2 boundary stabiliser as the half-disc on the edge
 * between its two data qubits, bulging towards its measurement qubit, outside the patch (the
 * usual drawing, e.g. Fowler et al., arXiv:1208.0928, Fig. 1). Pure, so any renderer (the CLI's
 * SVG figures, the web view) draws the same picture and tests can check it without a DOM.
 */
import type { CodeLayout } from './code-layout.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlaquetteShape {
  /** Index into layout.stabilizers. */
  readonly stabilizer: number;
  readonly type: 'X' | 'Z';
  /** SVG path data in pixels. */
  readonly path: string;
  /** The measurement qubit, where detection events are marked. */
  readonly ancilla: Point;
  /** A point inside the shape, for its label. */
  readonly label: Point;
}

export interface LatticeGeometry {
  /** Whole pixels, so figures built on it have integral sizes; the drawing spans 0..width × 0..height. */
  readonly width: number;
  readonly height: number;
  /** Pixels per circuit coordinate unit (data qubits are 2 units apart). */
  readonly unit: number;
  /** Data qubits in LLM-id order. */
  readonly data: readonly Point[];
  readonly plaquettes: readonly PlaquetteShape[];
}

export interface LatticeGeometryOptions {
  /** Pixels per circuit coordinate unit. */
  readonly unit?: number;
  /** Blank border around the outermost qubits, in circuit coordinate units. */
  readonly margin?: number;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export function latticeGeometry(layout: CodeLayout, { unit = 28, margin = 1.6 }: LatticeGeometryOptions = {}): LatticeGeometry {
  const xs = [...layout.dataCoords.map((c) => c[0]), ...layout.stabilizers.map((s) => s.coords[0])];
  const ys = [...layout.dataCoords.map((c) => c[1]), ...layout.stabilizers.map((s) => s.coords[1])];
  const minX = Math.min(...xs) - margin;
  const minY = Math.min(...ys) - margin;
  const px = (x: number, y: number): Point => ({ x: round2((x - minX) * unit), y: round2((y - minY) * unit) });
  const data = layout.dataCoords.map(([x, y]) => px(x, y));
  const plaquettes = layout.stabilizers.map((stabilizer, index): PlaquetteShape => {
    const ancilla = px(stabilizer.coords[0], stabilizer.coords[1]);
    const corners = stabilizer.support.map((id) => data[id]!);
    // A half-disc's label sits between its chord and its measurement qubit, inside the arc.
    const label = corners.length >= 3 ? ancilla : towards(midpoint(corners, ancilla), ancilla, 0.55);
    return { stabilizer: index, type: stabilizer.type, path: plaquettePath(corners, ancilla, unit), ancilla, label };
  });
  return {
    width: Math.ceil((Math.max(...xs) + margin - minX) * unit),
    height: Math.ceil((Math.max(...ys) + margin - minY) * unit),
    unit,
    data,
    plaquettes,
  };
}

function plaquettePath(corners: readonly Point[], ancilla: Point, unit: number): string {
  if (corners.length === 2) {
    const [a, b] = corners as [Point, Point];
    // Screen coordinates (y down): sweep-flag 1 turns clockwise, which bulges to the side
    // where the cross product (b − a) × (ancilla − a) is negative.
    const cross = (b.x - a.x) * (ancilla.y - a.y) - (b.y - a.y) * (ancilla.x - a.x);
    const radius = round2(Math.hypot(b.x - a.x, b.y - a.y) / 2);
    return `M${a.x},${a.y} A${radius},${radius} 0 0 ${cross < 0 ? 1 : 0} ${b.x},${b.y} Z`;
  }
  if (corners.length < 2) {
    // Degenerate layouts only: a weight-one check is a disc on its qubit, an empty one on its ancilla.
    const c = corners[0] ?? ancilla;
    const r = round2(unit / 2);
    return `M${round2(c.x - r)},${c.y} a${r},${r} 0 1 0 ${2 * r},0 a${r},${r} 0 1 0 ${-2 * r},0 Z`;
  }
  // Corners in angular order around the measurement qubit make the convex polygon.
  const sorted = [...corners].sort((p, q) => Math.atan2(p.y - ancilla.y, p.x - ancilla.x) - Math.atan2(q.y - ancilla.y, q.x - ancilla.x));
  return `M${sorted.map((p) => `${p.x},${p.y}`).join(' L')} Z`;
}

function midpoint(points: readonly Point[], fallback: Point): Point {
  if (points.length === 0) return fallback;
  return { x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length };
}

function towards(from: Point, to: Point, fraction: number): Point {
  return { x: round2(from.x + (to.x - from.x) * fraction), y: round2(from.y + (to.y - from.y) * fraction) };
}
