// The DEM-sampling subset of @verilab/qec (`@verilab/qec/dem-sampling`): DEM text, flattening,
// the DEM sampler and Stim's shot formats, for the CLI's `sample_dem` (see sampling.ts for why
// a subset).
export * from './dem/dem.ts';
export * from './dem/parse-dem.ts';
export * from './dem/flatten-dem.ts';
export * from './dem/sample-dem.ts';
export * from './shots/shot-format.ts';
