/**
 * A value now, or a promise of it: what a step answers when it may have to wait for the shared
 * replay store. Answers that need no wait stay synchronous, so they go out in arrival order and
 * unchanged; only a claim in the store is awaited.
 */
export type Awaitable<T> = T | Promise<T>;

/** `use(value)` now if it is here, else once it arrives. */
export function whenReady<T, U>(value: Awaitable<T>, use: (ready: T) => U): Awaitable<U> {
  return value instanceof Promise ? value.then(use) : use(value);
}
