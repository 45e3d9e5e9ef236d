import { ok, unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitWidths, packedRows } from '../testing/packed-rows.ts';
import { readFixture, readFixtureStats, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import { ShotDecoder, type ShotDecodeResult } from './shot-decoder.ts';
import { encodeShots, type ShotFormat } from './shot-encoder.ts';

const text = (s: string) => new TextEncoder().encode(s);

/** Decodes `data` fed as the given chunks; returns all rows or the first issue. */
function decodeChunks(format: ShotFormat, bits: number, chunks: readonly Uint8Array[]): ShotDecodeResult {
  const decoder = new ShotDecoder(format, bits);
  const parts: Uint8Array[] = [];
  let shots = 0;
  for (const chunk of [...chunks, undefined]) {
    const result = chunk === undefined ? decoder.finish() : decoder.push(chunk);
    if (!result.ok) return result;
    parts.push(result.value.rows);
    shots += result.value.shots;
  }
  const rows = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    rows.set(part, offset);
    offset += part.length;
  }
  expect(decoder.shots).toBe(shots);
  return ok({ rows, shots });
}

const splitAt = (data: Uint8Array, cuts: readonly number[]): Uint8Array[] => {
  const points = [0, ...[...cuts].map((c) => c % (data.length + 1)).sort((a, b) => a - b), data.length];
  return points.slice(1).map((end, i) => data.subarray(points[i], end));
};

const issueOf = (format: ShotFormat, bits: number, data: string | Uint8Array) => {
  const result = decodeChunks(format, bits, [typeof data === 'string' ? text(data) : data]);
  if (result.ok) throw new Error('expected an issue');
  expect(result.issues).toHaveLength(1);
  return result.issues[0]!;
};

describe('ShotDecoder round trips', () => {
  const cases = fc
    .record({
      format: fc.constantFrom<ShotFormat>('01', 'b8'),
      bits: bitWidths(),
      shots: fc.integer({ min: 0, max: 12 }),
    })
    .filter(({ format, bits }) => !(format === 'b8' && bits === 0))
    .chain((c) => fc.record({ ...c, format: fc.constant(c.format), bits: fc.constant(c.bits), shots: fc.constant(c.shots), rows: packedRows(c.bits, c.shots), cuts: fc.array(fc.nat(), { maxLength: 6 }) }));

  it('decode(encode(rows)) == rows for chunks split anywhere', () => {
    fc.assert(
      fc.property(cases, ({ format, bits, shots, rows, cuts }) => {
        const data = encodeShots(format, rows, bits, shots);
        expect(decodeChunks(format, bits, splitAt(data, cuts))).toEqual(ok({ rows, shots }));
      }),
      { numRuns: 500 },
    );
  });

  it('survives a split at every byte boundary and byte-by-byte feeding', () => {
    for (const format of ['01', 'b8'] as const) {
      for (const bits of [1, 7, 8, 9, 64]) {
        const shots = 5;
        const rows = fc.sample(packedRows(bits, shots), { seed: bits, numRuns: 1 })[0]!;
        const data = encodeShots(format, rows, bits, shots);
        for (let cut = 0; cut <= data.length; cut++) {
          expect(decodeChunks(format, bits, splitAt(data, [cut]))).toEqual(ok({ rows, shots }));
        }
        const bytes = Array.from(data, (_, i) => data.subarray(i, i + 1));
        expect(decodeChunks(format, bits, bytes)).toEqual(ok({ rows, shots }));
      }
    }
  });

  it('reads 0-bit 01 shots as empty lines, and 0-bit b8 as no shots (as Stim does)', () => {
    expect(decodeChunks('01', 0, [text('\n\n\r\n')])).toEqual(ok({ rows: new Uint8Array(0), shots: 3 }));
    expect(decodeChunks('b8', 0, [])).toEqual(ok({ rows: new Uint8Array(0), shots: 0 }));
    expect(issueOf('b8', 0, Uint8Array.of(0)).message).toMatch(/0 bits per shot/);
  });

  it('accepts CRLF line endings', () => {
    expect(decodeChunks('01', 3, [text('101\r'), text('\n011\r\n')])).toEqual(ok({ rows: Uint8Array.of(0b101, 0b110), shots: 2 }));
  });

  for (const fixture of STIM_FIXTURES) {
    it(`decodes and re-encodes ${fixture.name}'s dets.01 and obs.01 byte for byte`, () => {
      const stats = readFixtureStats(fixture);
      for (const [file, bits] of [
        ['dets.01', stats.detector_rates.length],
        ['obs.01', stats.observable_rates.length],
      ] as const) {
        const data = Buffer.from(readFixture(fixture, file));
        const decoded = unwrap(decodeChunks('01', bits, splitAt(data, [4099, 65536, 12345])));
        expect(decoded.shots).toBe(10_000);
        // Buffer.equals: vitest's deep equality is slow on megabyte arrays.
        expect(Buffer.from(encodeShots('01', decoded.rows, bits, decoded.shots)).equals(data)).toBe(true);
        // And through b8.
        const b8 = encodeShots('b8', decoded.rows, bits, decoded.shots);
        const again = unwrap(decodeChunks('b8', bits, splitAt(b8, [777])));
        expect(again.shots === decoded.shots && Buffer.from(again.rows).equals(decoded.rows)).toBe(true);
      }
    });
  }
});

describe('ShotDecoder issues', () => {
  it('names the shot, line and length of a short or long 01 line', () => {
    const lines = Array.from({ length: 17 }, () => '0'.repeat(24) + '\n').join('');
    expect(issueOf('01', 24, lines + '1'.repeat(23) + '\n')).toEqual({
      shot: 17,
      line: 18,
      column: 24,
      message: 'shot 17 (line 18) has 23 bits, expected 24',
    });
    expect(issueOf('01', 3, '000\n0101\n')).toEqual({
      shot: 1,
      line: 2,
      column: 5,
      message: 'shot 1 (line 2) has 4 bits, expected 3',
    });
    // An overlong line split across chunks still reports its full length.
    const split = decodeChunks('01', 2, [text('01'), text('11'), text('1\n')]);
    expect(split.ok ? undefined : split.issues[0]?.message).toBe('shot 0 (line 1) has 5 bits, expected 2');
    expect(issueOf('01', 3, '000\n\n').message).toBe('shot 1 (line 2) has 0 bits, expected 3');
  });

  it('names the line and column of a character other than 0 and 1', () => {
    expect(issueOf('01', 4, '0000\n01x0\n')).toEqual({
      shot: 1,
      line: 2,
      column: 3,
      message: "shot 1 (line 2) has unexpected character 'x' at column 3; 01 data holds only '0' and '1', one line per shot",
    });
    expect(issueOf('01', 4, '01 0\n').message).toMatch(/an unexpected space at column 3/);
    expect(issueOf('01', 4, Uint8Array.of(0x30, 0xff)).message).toMatch(/unexpected byte 0xff at column 2/);
  });

  it('requires the final newline, as Stim does, and a newline after a carriage return', () => {
    expect(issueOf('01', 3, '000\n101')).toEqual({
      shot: 1,
      line: 2,
      column: 4,
      message: 'shot 1 (line 2) does not end with a newline',
    });
    expect(issueOf('01', 3, '000\n10')).toMatchObject({ shot: 1, message: 'shot 1 (line 2) has 2 bits, expected 3' });
    expect(issueOf('01', 3, '101\r0').message).toBe('shot 0 (line 1) has a carriage return not followed by a newline');
  });

  it('rejects a truncated b8 row and set padding bits', () => {
    expect(issueOf('b8', 9, Uint8Array.of(1, 1, 2, 0, 7))).toEqual({
      shot: 2,
      message: 'b8 data ended in the middle of shot 2: 1 of 2 bytes (9 bits padded to whole bytes)',
    });
    expect(issueOf('b8', 9, Uint8Array.of(1, 1, 2, 0b10)).shot).toBe(1);
    expect(issueOf('b8', 9, Uint8Array.of(1, 1, 2, 0b10)).message).toMatch(/padding bits set/);
    // Whole bytes have no padding.
    expect(decodeChunks('b8', 8, [Uint8Array.of(0xff)])).toEqual(ok({ rows: Uint8Array.of(0xff), shots: 1 }));
  });

  it('hands b8 rows that start a chunk back as a view of the chunk, and a shot split across chunks as a copy', () => {
    const decoder = new ShotDecoder('b8', 16);
    const whole = Uint8Array.of(1, 2, 3, 4, 5);
    const first = decoder.push(whole);
    expect(first.ok && first.value.rows).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(first.ok && first.value.rows.buffer).toBe(whole.buffer);
    const second = decoder.push(Uint8Array.of(6, 7, 8));
    expect(second.ok && second.value).toEqual({ rows: Uint8Array.of(5, 6, 7, 8), shots: 2 });
  });

  it('keeps reporting its first issue', () => {
    const decoder = new ShotDecoder('01', 2);
    const first = decoder.push(text('2'));
    expect(first.ok).toBe(false);
    expect(decoder.push(text('00\n'))).toBe(first);
    expect(decoder.finish()).toBe(first);
    expect(() => decoder.push(text(''))).toThrow(/after finish/);
  });
});
