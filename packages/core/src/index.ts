// The public surface of @verilab/core: pure, no I/O, no clock, no global randomness.
export * from './issue.ts';
export * from './result.ts';
