/**
 * The random stream of one chunk of one task: xoshiro128** seeded with 128 bits of
 * SHA-256("verilab-collect/v1", seed, strong id, chunk index). Every (task, chunk) gets its own
 * stream, independent of which worker samples it or when, which is what makes sweep results
 * independent of the thread count and resumable chunk by chunk. (Jumping one generator by
 * 2^64 per chunk would also give disjoint streams, but needs an ordering of all tasks' chunks;
 * hashing needs none.) Changing this derivation changes every sweep's bits: bump the tag.
 */
import { createHash } from 'node:crypto';
import { Xoshiro128 } from '@verilab/core';

export function chunkRng(seed: number, strongId: string, chunk: number): Xoshiro128 {
  const digest = createHash('sha256').update(`verilab-collect/v1\n${seed}\n${strongId}\n${chunk}`).digest();
  const words = [0, 4, 8, 12].map((offset) => digest.readUInt32LE(offset)) as [number, number, number, number];
  // An all-zero state (probability 2^-128) is the one state xoshiro cannot start from.
  if (words.every((word) => word === 0)) words[0] = 1;
  return new Xoshiro128(words);
}
