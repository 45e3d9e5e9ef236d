/**
 * Shot data: Stim's six shot formats over packed rows (one import for every consumer —
 * samplers, decoders, the CLI's shot files).
 */
export { bytesPerShot, lastByteMask, getRowBit, concatRowBits, sliceRowBits } from './row-bits.ts';
export { type ShotFormat, type BitSegment, type DetsLayout, SHOT_FORMATS, PTB64_GROUP_SHOTS, encodeShots } from './shot-encoder.ts';
export { type DecodedShots, type ShotDecodeIssue, type ShotDecodeResult, ShotDecoder } from './shot-decoder.ts';
