// The public surface of @verilab/qec. Modules are re-exported as they land.
export * from './rng/xoshiro128.ts';
export * from './rng/geometric.ts';
export * from './text/text-issue.ts';
export * from './text/format-g.ts';
export * from './circuit/circuit.ts';
export * from './circuit/gate-table.ts';
export * from './dem/dem.ts';
