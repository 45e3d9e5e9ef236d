// Stim's shot formats alone (`@verilab/qec/shots`), for the CLI's shot files, which every
// sampling and decoding command loads (see sampling.ts for why a subset).
export * from './shots/shot-format.ts';
