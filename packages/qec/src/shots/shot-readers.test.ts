import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { ShotDecoder } from './shot-decoder.ts';
import type { DetsLayout, ShotFormat } from './shot-encoder.ts';

const LAYOUT: DetsLayout = [{ prefix: 'D', count: 3 }, { prefix: 'L', count: 1 }];

function issueOf(format: ShotFormat, bits: number, data: string | Uint8Array) {
  const decoder = new ShotDecoder(format, bits, LAYOUT);
  const pushed = decoder.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  const result = pushed.ok ? decoder.finish() : pushed;
  if (result.ok) throw new Error('expected an issue');
  expect(result.issues).toHaveLength(1);
  return result.issues[0]!;
}

describe('malformed r8, ptb64, hits and dets data', () => {
  it('names the shot, and the line and column for text formats', () => {
    expect(issueOf('hits', 4, '1,2\n\n7\n')).toMatchObject({ shot: 2, line: 3, message: expect.stringMatching(/hit 7 is out of range/) });
    expect(issueOf('hits', 4, '1,,2\n')).toMatchObject({ shot: 0, line: 1, column: 3 });
    expect(issueOf('hits', 4, '1 2\n')).toMatchObject({ shot: 0, column: 2, message: expect.stringMatching(/unexpected space/) });
    expect(issueOf('hits', 4, '1,2')).toMatchObject({ shot: 0, message: expect.stringMatching(/does not end with a newline/) });
    expect(issueOf('dets', 4, 'shot D1\nshot D3\n')).toMatchObject({ shot: 1, line: 2, message: expect.stringMatching(/D3 is out of range/) });
    expect(issueOf('dets', 4, 'shot D1\nshot M0\n')).toMatchObject({ shot: 1, line: 2, column: 6, message: expect.stringMatching(/D0 or L0/) });
    expect(issueOf('dets', 4, 'shto\n')).toMatchObject({ shot: 0, column: 3 });
    expect(issueOf('dets', 4, 'shot D\n')).toMatchObject({ message: expect.stringMatching(/has no index/) });
  });

  it('names the shot and byte for binary formats', () => {
    expect(issueOf('r8', 4, Uint8Array.of(4, 5))).toMatchObject({ shot: 1, message: expect.stringMatching(/byte 1 .*past the end of the 4-bit shot/) });
    expect(issueOf('r8', 4, Uint8Array.of(1))).toMatchObject({ shot: 0, message: expect.stringMatching(/ended in the middle of shot 0/) });
    expect(issueOf('ptb64', 4, new Uint8Array(33))).toMatchObject({ shot: 64, message: expect.stringMatching(/shot 64: 1 of 32 bytes/) });
  });

  it('accepts what the formats allow: empty shots, 255-runs, blank dets lines, CRLF', () => {
    const decode = (format: ShotFormat, bits: number, data: Uint8Array) => {
      const decoder = new ShotDecoder(format, bits, LAYOUT);
      const { rows } = unwrap(decoder.push(data));
      unwrap(decoder.finish());
      return [...rows];
    };
    expect(decode('r8', 300, Uint8Array.of(255, 44, 0))).toEqual([...new Uint8Array(38).fill(0, 0)].map((_, i) => (i === 37 ? 0b1000 : 0)));
    expect(decode('hits', 4, new TextEncoder().encode('\n3\r\n'))).toEqual([0, 8]);
    expect(decode('dets', 4, new TextEncoder().encode('shot\n\nshot L0 D0\n'))).toEqual([0, 9]);
  });
});
