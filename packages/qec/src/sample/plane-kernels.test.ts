import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '@verilab/core';
import { OP_CLEAR, OP_SNAPSHOT, OP_XOR } from './frame-program.ts';
import { createPlaneKernels, planeKernelsModule, TRANSPOSE_EXTRA_ROWS, transposeReadSlack, usePlaneKernelsModule } from './plane-kernels.ts';

/** An opcode the program format does not have. */
const CORRUPT = 99;

describe('transposeToRows', () => {
  it.each([
    [1, 1, 0],
    [7, 33, 2],
    [8, 64, 0],
    [9, 100, 5],
    [16, 1024, 1],
    [45, 1000, 3],
    [120, 1024, 0],
    [131, 999, 4],
  ])('writes %i planes of %i shots (first plane %i) as b8 rows, bits past the count zero', (count, shots, firstPlane) => {
    const rng = Xoshiro128.fromSeed(count * 1000 + shots);
    const words = (shots + 31) >>> 5;
    const planeBytes = 4 * words;
    const rowBytes = (count + 7) >>> 3;
    const planes = firstPlane + count + 1;
    const rowsAt = planes * planeBytes + transposeReadSlack(planeBytes);
    const kernels = createPlaneKernels(rowsAt + (shots + TRANSPOSE_EXTRA_ROWS) * rowBytes);
    // Random bits everywhere, the slack included: the kernel must mask what it reads past the planes.
    const memory = new Uint32Array(kernels.buffer, 0, rowsAt / 4);
    for (let i = 0; i < memory.length; i++) memory[i] = rng.nextUint32();
    kernels.transposeToRows(firstPlane * planeBytes, planeBytes, count, shots, rowsAt, rowBytes);
    const rows = new Uint8Array(kernels.buffer, rowsAt, shots * rowBytes);
    const expected = new Uint8Array(shots * rowBytes);
    for (let shot = 0; shot < shots; shot++) {
      for (let k = 0; k < count; k++) {
        const bit = (memory[(firstPlane + k) * words + (shot >>> 5)]! >>> (shot & 31)) & 1;
        expected[shot * rowBytes + (k >>> 3)]! |= bit << (k & 7);
      }
    }
    expect(rows).toEqual(expected);
  });
});

describe('runProgram', () => {
  /** The program's plane operations by hand, word by word. */
  function reference(planes: Uint32Array, words: number, code: readonly number[], snapshots: boolean): number {
    for (let pc = 0; pc < code.length; ) {
      const [op, a, b] = [code[pc]!, code[pc + 1]!, code[pc + 2]!];
      if (op === OP_XOR || (op === OP_SNAPSHOT && snapshots)) {
        for (let w = 0; w < words; w++) planes[a * words + w]! ^= planes[b * words + w]!;
        pc += 3;
      } else if (op === OP_SNAPSHOT) {
        pc += 3;
      } else if (op === OP_CLEAR) {
        planes.fill(0, a * words, (a + 1) * words);
        pc += 2;
      } else {
        return pc;
      }
    }
    return code.length;
  }

  it.each([
    [32, false],
    [32, true],
    [12, false],
    [7, true],
    [6, false],
    [1, true],
  ])('runs XOR, CLEAR and SNAPSHOT over planes of %i words (snapshots %s) and stops at a corrupt op', (words, snapshots) => {
    const code = [OP_XOR, 2, 0, OP_SNAPSHOT, 3, 1, OP_CLEAR, 1, OP_XOR, 1, 2, OP_XOR, 0, 3, CORRUPT, 0, OP_XOR, 0, 1];
    const planeCount = 4;
    const codeAt = planeCount * words * 4;
    const kernels = createPlaneKernels(codeAt + 4 * code.length);
    new Int32Array(kernels.buffer, codeAt, code.length).set(code);
    const rng = Xoshiro128.fromSeed(words);
    const planes = new Uint32Array(kernels.buffer, 0, planeCount * words);
    for (let i = 0; i < planes.length; i++) planes[i] = rng.nextUint32();
    const expected = planes.slice();
    const stop = reference(expected, words, code, snapshots);
    // No noise opcodes: the noise tables (here the code's own bytes) are never read.
    const run = (pc: number) => kernels.runProgram(codeAt, pc, code.length, 4 * words, snapshots, codeAt, 'xoshiro');
    expect(run(0)).toBe(stop);
    expect(code[stop]).toBe(CORRUPT);
    expect(planes).toEqual(expected);
    expect(run(stop + 2)).toBe(code.length);
  });
});

describe('planeKernelsModule', () => {
  it('is compiled once per thread, and a handed-over module must be a WebAssembly module', () => {
    const module = planeKernelsModule();
    // (The root typecheck has Node's types, which declare no WebAssembly value: the tag says it.)
    expect(Object.prototype.toString.call(module)).toBe('[object WebAssembly.Module]');
    expect(planeKernelsModule()).toBe(module);
    expect(() => usePlaneKernelsModule({})).toThrow(TypeError);
    usePlaneKernelsModule(module);
    expect(planeKernelsModule()).toBe(module);
  });
});
