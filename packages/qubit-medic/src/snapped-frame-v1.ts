import type { CodeLayout } from './code-layout.ts';
import type { DataFrame } from './rewards.ts';

/**
 * The original's reference frame for the `v1` hamming reward (docs/original-qubit-medic.md#reference-frame), kept only so `v1`
 * scores stay comparable with published numbers: each matched edge is "snapped" to the data
 * qubit nearest its midpoint (ties to the lowest id), typed by its first endpoint (an X-type
 * detector records a Z error, a Z-type one an X error), collected as sets. It invents errors
 * for time-like and boundary edges; the `exact` profile uses the decoder's true frame instead.
 */
export function snappedFrameV1(
  pathEdges: readonly (readonly [number, number])[],
  layout: CodeLayout,
): DataFrame {
  const x = new Set<number>();
  const z = new Set<number>();
  const valid = (d: number) => d >= 0 && d < layout.detectors.length;
  const position = (d: number): [number, number] => {
    const coords = layout.detectors[d]?.coords ?? [];
    return [coords[0] ?? 0, coords[1] ?? 0];
  };
  const isXType = (d: number) => layout.stabilizers[layout.detectors[d]?.stabilizer ?? -1]?.type === 'X';
  for (const [a, b] of pathEdges) {
    if (!valid(a) && !valid(b)) continue;
    let point: [number, number];
    if (valid(a) && valid(b)) {
      const [ax, ay] = position(a);
      const [bx, by] = position(b);
      point = [(ax + bx) / 2, (ay + by) / 2];
    } else {
      point = position(valid(a) ? a : b);
    }
    let nearest = -1;
    let best = Number.POSITIVE_INFINITY;
    layout.dataCoords.forEach(([qx, qy], id) => {
      const distance = (qx - point[0]) ** 2 + (qy - point[1]) ** 2;
      if (distance < best) {
        best = distance;
        nearest = id;
      }
    });
    if (nearest < 0) continue;
    (isXType(valid(a) ? a : b) ? z : x).add(nearest);
  }
  const sorted = (set: Set<number>) => [...set].sort((p, q) => p - q);
  return { x: sorted(x), z: sorted(z) };
}
