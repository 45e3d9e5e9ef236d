import { MAX_BATCH_SHOTS } from '@verilab/qec/sampling';

/**
 * Sampled bytes per chunk that `detect` and `sample` aim for. A fresh array is mapped and
 * zeroed by the kernel page by page; 64 batches of a d = 13 circuit (18 MB a chunk) spent
 * 0.5 s of system time per 1M shots on that, more than writing the file, and ~1 MB chunks
 * brought it to 0.15 s (d = 5, 15 bytes a shot, keeps its 64 batches). `detect` now samples
 * into two sets of chunk rows in turn, so it maps them once.
 */
const CHUNK_BYTES = 1 << 20;

/**
 * Shots per chunk for a frame sampler returning `rowBytes` bytes per shot: a whole number of
 * sampler batches, so the chunks' output equals one big sample call.
 */
export function chunkShotsFor(rowBytes: number): number {
  return MAX_BATCH_SHOTS * Math.max(1, Math.floor(CHUNK_BYTES / (MAX_BATCH_SHOTS * Math.max(1, rowBytes))));
}
