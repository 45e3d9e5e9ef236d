// The public surface of @verilab/core: pure, no I/O, no clock, no global randomness.
export * from './rng/xoshiro128.ts';
export * from './rng/geometric.ts';
export * from './rng/fresh-seed.ts';
export * from './format/format-g.ts';
export * from './format/python-float.ts';
export * from './hash/sha256.ts';
export * from './stats/descriptive.ts';
export * from './stats/statistics.ts';
export * from './issue.ts';
export * from './result.ts';
