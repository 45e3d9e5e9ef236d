import { describe, expect, it } from 'vitest';
import { unwrap, Xoshiro128 } from '@verilab/core';
import { bytesPerShot, compileFrameSampler, encodeShots, parseCircuit, referenceSample } from '@verilab/qec/sampling';
import { chunkShotsFor } from '../sampling-chunks.ts';
import { runVerilabBytes } from '../testing/run-verilab.ts';

describe('verilab sample', () => {
  it('writes chunk after chunk in order while the next chunk is sampled: the same rows as one sampler call', async () => {
    // 2000 measurements, half of them of |1⟩: 250 bytes a shot, so a chunk is a few thousand
    // shots and this run has three, and the reference sample is not all zero.
    const measurements = 2000;
    const qubits = Array.from({ length: measurements }, (_, q) => q).join(' ');
    const flipped = Array.from({ length: measurements / 2 }, (_, q) => 2 * q).join(' ');
    const text = `X ${flipped}\nX_ERROR(0.01) ${qubits}\nM ${qubits}\n`;
    const shots = 2 * chunkShotsFor(bytesPerShot(measurements)) + 777;
    const run = await runVerilabBytes(['sample', '--shots', String(shots), '--seed', '8', '--out_format', 'b8'], { stdin: text });
    expect([run.code, run.stderr]).toEqual([0, '']);
    const circuit = unwrap(parseCircuit(text));
    const flips = compileFrameSampler(circuit, { randomizeGauge: true }).sample(shots, Xoshiro128.fromSeed(8), { measurementFlips: true }).measurementFlips!;
    const reference = referenceSample(circuit);
    const rowBytes = bytesPerShot(measurements);
    for (let i = 0; i < flips.length; i++) flips[i]! ^= reference[i % rowBytes]!;
    expect(Buffer.compare(run.stdout, Buffer.from(encodeShots('b8', flips, measurements, shots)))).toBe(0);
  });
});
