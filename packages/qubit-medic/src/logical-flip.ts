import type { CodeLayout } from './code-layout.ts';

/**
 * A logical operator that flips the observable and nothing else: LLM ids of data qubits whose
 * errors (of the protected kind — X in a Z-basis memory) overlap every memory-basis stabiliser
 * evenly and the observable's support oddly. XOR-ing it into a frame's protected component keeps
 * the frame's net syndrome and flips its implied observable, i.e. moves the frame to the other
 * logical class. For the rotated surface code it is a straight line of d data qubits across the
 * observable's line; the lines of equal x and of equal y coordinate are tried in order and the
 * first that commutes with every stabiliser is returned.
 */
export function logicalFlipOperator(layout: CodeLayout): readonly number[] {
  const lines = new Map<string, number[]>();
  layout.dataCoords.forEach(([x, y], id) => {
    for (const key of [`x=${x}`, `y=${y}`]) {
      const line = lines.get(key);
      if (line === undefined) lines.set(key, [id]);
      else line.push(id);
    }
  });
  const checks = layout.stabilizers.filter((s) => s.type === layout.basis).map((s) => s.support);
  const oddOn = (line: readonly number[], support: readonly number[]) => support.filter((id) => line.includes(id)).length % 2 === 1;
  for (const line of lines.values()) {
    if (oddOn(line, layout.observableSupport) && !checks.some((support) => oddOn(line, support))) return line;
  }
  throw new Error(`no straight logical operator found for this ${layout.distance}-distance layout`);
}
