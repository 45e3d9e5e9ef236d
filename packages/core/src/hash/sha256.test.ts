import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexOfChunks } from './sha256.ts';

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on arbitrary text, every padding length included', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
    );
  });

  it('agrees with node:crypto on ASCII text and on text that leaves ASCII late', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'grapheme-ascii' }), fc.string({ maxLength: 4, unit: 'binary' }), (ascii, tail) => {
        expect(sha256Hex(ascii)).toBe(createHash('sha256').update(ascii, 'utf8').digest('hex'));
        expect(sha256Hex(ascii + tail)).toBe(createHash('sha256').update(ascii + tail, 'utf8').digest('hex'));
      }),
    );
  });

  it('hashes bytes in place, a view into a larger buffer included, at every length around the block and padding edges', () => {
    const buffer = Uint8Array.from({ length: 300 }, (_, k) => (k * 37 + 11) & 0xff);
    for (let offset = 0; offset < 3; offset++) {
      for (let length = 0; length <= 260; length++) {
        const bytes = buffer.subarray(offset, offset + length);
        expect(sha256HexOfChunks([bytes])).toBe(createHash('sha256').update(bytes).digest('hex'));
      }
    }
  });

  it('hashes chunks as their bytes joined, whatever the chunks\' sizes (empty ones, blocks split across them)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 150 }), { maxLength: 6 }), (chunks) => {
        const joined = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
        chunks.reduce((at, chunk) => (joined.set(chunk, at), at + chunk.length), 0);
        expect(sha256HexOfChunks(chunks)).toBe(createHash('sha256').update(joined).digest('hex'));
      }),
    );
  });
});
