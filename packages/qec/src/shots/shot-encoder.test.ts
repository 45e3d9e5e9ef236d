import { describe, expect, it } from 'vitest';
import { encodeShots } from './shot-encoder.ts';

const ascii = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('encodeShots', () => {
  it("writes Stim's 01: one '0'/'1' per bit, LSB of byte 0 first, then a newline", () => {
    const rows = Uint8Array.of(0b0000_0101, 0b1, 0xff, 0);
    expect(ascii(encodeShots('01', rows, 9, 2))).toBe('101000001\n111111110\n');
    expect(ascii(encodeShots('01', new Uint8Array(0), 0, 3))).toBe('\n\n\n');
  });

  it('writes b8 rows with padding bits cleared', () => {
    expect(encodeShots('b8', Uint8Array.of(0xff, 0xff, 0x01, 0xfe), 9, 2)).toEqual(Uint8Array.of(0xff, 0x01, 0x01, 0x00));
    expect(encodeShots('b8', Uint8Array.of(0xab, 0xcd), 8, 1)).toEqual(Uint8Array.of(0xab));
    expect(encodeShots('b8', new Uint8Array(0), 0, 5)).toEqual(new Uint8Array(0));
  });

  it('rejects rows shorter than the shot count needs', () => {
    expect(() => encodeShots('01', new Uint8Array(3), 9, 2)).toThrow(/need 4 bytes, got 3/);
  });
});
