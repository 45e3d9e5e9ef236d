// The decoding subset of @verilab/qec (`@verilab/qec/decoding`): DEM text, its flattening, the
// matching graph, the plain and correlated matching decoders and Stim's shot formats. The CLI's
// `predict` and `count_mistakes` (and each `predict --threads` worker) import this instead of the
// whole package, so they start without loading the circuit code, samplers, error analysis and
// maximum-likelihood decoder they never run (see sampling.ts).
export * from './dem/dem.ts';
export * from './dem/parse-dem.ts';
export * from './dem/flatten-dem.ts';
export * from './matching/graph/matching-graph.ts';
export * from './matching/decoder.ts';
export { NoMatchingError } from './matching/matcher/event-matcher.ts';
export { CorrelatedMatchingDecoder } from './matching/correlations/correlated-decoder.ts';
export * from './shots/shot-format.ts';
