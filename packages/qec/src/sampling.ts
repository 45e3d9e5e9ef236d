// The sampling subset of @verilab/qec (`@verilab/qec/sampling`): circuit and DEM text, the
// Pauli-frame and DEM samplers, the reference sample and Stim's shot formats. The CLI's sampling
// commands import this instead of the whole package, so `verilab detect` starts without loading
// (opening and compiling) the decoders and the error analysis it never runs: a third of the
// package's modules.
export * from './circuit/circuit.ts';
export * from './dem/dem.ts';
export * from './circuit/parse-circuit.ts';
export * from './sample/frame-sampler.ts';
export * from './tableau/reference-sample.ts';
export * from './shots/shot-format.ts';
export * from './dem/parse-dem.ts';
export * from './dem/flatten-dem.ts';
export * from './dem/sample-dem.ts';
