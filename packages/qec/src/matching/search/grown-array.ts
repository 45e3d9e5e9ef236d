/** A copy of `old` in a fresh array of `capacity` elements (≥ old.length), for scratch arrays that grow by doubling. */
export function grown<T extends Int32Array | Float64Array>(old: T, capacity: number): T {
  const fresh = (old instanceof Int32Array ? new Int32Array(capacity) : new Float64Array(capacity)) as T;
  fresh.set(old);
  return fresh;
}
