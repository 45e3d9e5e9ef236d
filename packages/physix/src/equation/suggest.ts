/**
 * "Did you mean" candidates for an unknown name: case-insensitive matches first, then names
 * within a small optimal-string-alignment distance (Damerau's transpositions count as one
 * edit, the commonest typo: `vyx` for `vxy`).
 */
export function suggestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  if (name.length > 64) return [];
  const budget = Math.max(1, Math.floor(name.length / 3));
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === name) continue;
    if (candidate.toLowerCase() === name.toLowerCase()) {
      scored.push({ candidate, score: 0 });
      continue;
    }
    const distance = editDistance(name, candidate, budget);
    if (distance <= budget) scored.push({ candidate, score: distance });
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, max).map((entry) => entry.candidate);
}

/** Optimal string alignment distance, stopping early once it exceeds `budget`. */
export function editDistance(a: string, b: string, budget = Infinity): number {
  if (Math.abs(a.length - b.length) > budget) return budget + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2]! + 1);
      }
      current.push(value);
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > budget) return budget + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}
