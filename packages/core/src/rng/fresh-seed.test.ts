import { describe, expect, it } from 'vitest';
import { freshSeed } from './fresh-seed.ts';

describe('freshSeed', () => {
  it('spans every safe integer: all-zero bytes give 0, all-one bytes 2^53 - 1', () => {
    expect(freshSeed((size) => new Uint8Array(size))).toBe(0);
    expect(freshSeed((size) => new Uint8Array(size).fill(0xff))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads 53 bits big-endian, dropping the first byte\'s top 3', () => {
    const bytes = [0xe1, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07];
    expect(freshSeed(() => Uint8Array.from(bytes))).toBe(0x01_0203_0405_0607);
    expect(freshSeed(() => Uint8Array.from([0x10, 0, 0, 0, 0, 0, 0]))).toBe(2 ** 52);
  });

  it('refuses a source that gives too few bytes', () => {
    expect(() => freshSeed(() => new Uint8Array(6))).toThrow(/7 random bytes, got 6/);
  });
});
