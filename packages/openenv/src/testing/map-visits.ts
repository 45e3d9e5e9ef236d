/**
 * Test support: how many entries Map iterations (for…of, spread, keys/values/entries) visit while
 * `body` runs. Work that scans a collection kept in a Map shows here as its size, so a test can
 * say that a request's work does not grow with the state held, without timing anything.
 */
export function mapEntriesVisited(body: () => void): number {
  const iterator = Object.getPrototypeOf(new Map().entries()) as { next: (this: unknown) => unknown };
  const next = iterator.next;
  let visited = 0;
  iterator.next = function (this: unknown) {
    visited++;
    return next.call(this);
  };
  try {
    body();
  } finally {
    iterator.next = next;
  }
  return visited;
}
