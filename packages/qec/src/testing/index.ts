// `@verilab/qec/testing`: the test helpers other packages' tests use — Stim and PyMatching
// reference fixtures and sampler rate comparisons. Exported under the `@verilab/source`
// condition only (tests run against sources), never from the main entry nor built to dist/:
// the pure core never reads files.
export * from './stim-fixtures.ts';
export * from './rate-comparison.ts';
