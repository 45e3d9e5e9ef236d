// The circuit-sampling subset of @verilab/qec (`@verilab/qec/sampling`): circuit text, the
// Pauli-frame sampler, the reference sample and Stim's shot formats. The CLI's `detect` and
// `sample` import this instead of the whole package, so they start without loading (opening and
// compiling) the decoders, the error analysis and the DEM code they never run.
export * from './circuit/circuit.ts';
export * from './circuit/parse-circuit.ts';
export * from './sample/frame-sampler.ts';
export * from './tableau/reference-sample.ts';
export * from './shots/shot-format.ts';
