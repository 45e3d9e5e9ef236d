/**
 * Shot data: Stim's `01` and `b8` formats over packed rows (one import for every consumer —
 * samplers, decoders, the CLI's shot files).
 */
export { bytesPerShot, lastByteMask, getRowBit, concatRowBits, sliceRowBits } from './row-bits.ts';
export { type ShotFormat, SHOT_FORMATS, encodeShots } from './shot-encoder.ts';
export { type ShotDecodeIssue, type ShotDecodeResult, ShotDecoder } from './shot-decoder.ts';
