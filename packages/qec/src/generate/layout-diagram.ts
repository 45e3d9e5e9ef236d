/**
 * The ASCII qubit map `stim gen` writes into its header (src/stim/gen/circuit_gen_params.cc,
 * `GeneratedCircuit::layout_str`): one row per y from the top (largest y) down, one cell per x
 * from 0 up to the row's last occupied x, every cell a space followed by its label padded to the
 * longest label anywhere (so rows can end in spaces, as Stim's do).
 */
import type { RotatedSurfaceCodeLayout } from './rotated-surface-code-layout.ts';

export interface DiagramCell {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

/** The diagram's rows as comment texts: what follows the `#` on each line. */
export function layoutDiagramRows(cells: readonly DiagramCell[]): string[] {
  const rows: string[][] = [];
  for (const { x, y, label } of cells) {
    const row = (rows[y] ??= []);
    while (row.length <= x) row.push('');
    row[x] = label;
  }
  const width = Math.max(0, ...cells.map((cell) => cell.label.length));
  const texts: string[] = [];
  for (let y = rows.length - 1; y >= 0; y--) {
    texts.push((rows[y] ?? []).map((label) => ` ${label.padEnd(width)}`).join(''));
  }
  return texts;
}

/**
 * Cells of the rotated surface code: `d`, `X`, `Z` + qubit index, with `L` replacing `d` on the
 * data qubits of the measured logical observable.
 */
export function surfaceCodeDiagramCells(
  layout: RotatedSurfaceCodeLayout,
  basis: 'X' | 'Z',
): DiagramCell[] {
  const observable = new Set(
    (basis === 'X' ? layout.xObservableCoords : layout.zObservableCoords).map((point) =>
      layout.indexOf(point),
    ),
  );
  return layout.qubits.map(({ x, y, index, role }) => {
    const letter =
      role === 'x-measure' ? 'X' : role === 'z-measure' ? 'Z' : observable.has(index) ? 'L' : 'd';
    return { x, y, label: `${letter}${index}` };
  });
}

/** The legend `stim gen` prints under a surface-code diagram, as comment texts. */
export const SURFACE_CODE_LEGEND: readonly string[] = [
  ' Legend:',
  '     d# = data qubit',
  '     L# = data qubit with logical observable crossing',
  '     X# = measurement qubit (X stabilizer)',
  '     Z# = measurement qubit (Z stabilizer)',
];
