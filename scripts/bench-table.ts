/**
 * One row of the fixed-width text tables the bench reports print (reference comparisons,
 * end-to-end decoding and sampling): indented two spaces, cells one space apart, the first
 * `leftAligned` cells padded on the right and the rest on the left, so numbers line up.
 */
export function tableRow(cells: readonly string[], widths: readonly number[], leftAligned = 1): string {
  return `  ${cells.map((cell, k) => (k < leftAligned ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join(' ')}`;
}
