import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFrameSampler, encodeShots, parseCircuit } from '@verilab/qec';
import { bytesPerShot } from '@verilab/qec/sampling';
import { fixturePath, readFixture } from '@verilab/qec/testing';
import { chunkShotsFor } from '../sampling-chunks.ts';
import { runVerilabBytes } from '../testing/run-verilab.ts';
import { unwrap, Xoshiro128 } from '@verilab/core';

const FIXTURE = 'si1000_d3_r3_p0.001'; // 24 detectors, 1 observable
const work = mkdtempSync(path.join(tmpdir(), 'verilab-detect-'));
const file = (name: string) => path.join(work, name);

const verilab = (args: readonly string[], stdin = '') => runVerilabBytes(args, { stdin });

/** b8 rows → 01 text, to compare the two formats. */
function b8To01(bytes: Uint8Array, bits: number): string {
  const rowBytes = (bits + 7) >>> 3;
  let text = '';
  for (let r = 0; r < bytes.length; r += rowBytes) {
    for (let k = 0; k < bits; k++) text += (bytes[r + (k >>> 3)]! >>> (k & 7)) & 1;
    text += '\n';
  }
  return text;
}

describe('verilab detect', () => {
  it('writes 01 detection events and observable flips, reproducibly, and b8 agrees with 01', async () => {
    const circuit = fixturePath(FIXTURE, 'circuit.stim');
    const common = ['detect', '--in', circuit, '--shots', '3000', '--seed', '5'];
    const [a, b, c] = await Promise.all([
      verilab([...common, '--out', file('a.01'), '--out_format', '01', '--obs_out', file('a.obs.01')]),
      verilab([...common, '--out', file('b.01'), '--obs_out', file('b.obs.01'), '--obs_out_format', '01']),
      verilab([...common, '--out', file('c.b8'), '--out_format', 'b8', '--obs_out', file('c.obs.b8'), '--obs_out_format', 'b8']),
    ]);
    for (const run of [a, b, c]) expect([run.code, run.stderr, run.stdout.length]).toEqual([0, '', 0]);
    const dets = readFileSync(file('a.01'), 'utf8');
    const obs = readFileSync(file('a.obs.01'), 'utf8');
    const lines = dets.split('\n');
    expect(lines.length).toBe(3001);
    expect(lines.slice(0, 3000).every((line) => /^[01]{24}$/.test(line))).toBe(true);
    expect(dets).toMatch(/1/);
    expect(obs.split('\n').slice(0, 3000).every((line) => /^[01]$/.test(line))).toBe(true);
    expect(readFileSync(file('b.01'))).toEqual(readFileSync(file('a.01')));
    expect(readFileSync(file('b.obs.01'))).toEqual(readFileSync(file('a.obs.01')));
    const b8 = readFileSync(file('c.b8'));
    expect(b8.length).toBe(3000 * 3);
    expect(b8To01(b8, 24)).toBe(dets);
    expect(b8To01(readFileSync(file('c.obs.b8')), 1)).toBe(obs);
  });

  it('reads stdin, writes stdout, appends observables, and streams exactly like one sampler call', async () => {
    const text = readFixture('si1000_d3_r1_p0.0005', 'circuit.stim'); // 8 detectors, 1 observable
    const shots = 70_000; // many sampler batches, the last one partial (one chunk: see the next test)
    const run = await verilab(['detect', '--shots', String(shots), '--seed', '12', '--out_format', 'b8', '--append_observables'], text);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const batch = compileFrameSampler(unwrap(parseCircuit(text))).sample(shots, Xoshiro128.fromSeed(12));
    // 9 bits per row: detector k at bit k, the observable at bit 8.
    const rows = new Uint8Array(shots * 2);
    for (let s = 0; s < shots; s++) {
      rows[2 * s] = batch.detectors[s]!;
      rows[2 * s + 1] = batch.observables[s]!;
    }
    expect(new Uint8Array(run.stdout)).toEqual(encodeShots('b8', rows, 9, shots));
  });

  it('writes chunk after chunk in order, both outputs, while the next chunk is sampled', async () => {
    // 2000 detectors: 251 bytes a shot, so a chunk is a few thousand shots and this run has three.
    const detectors = 2000;
    const qubits = Array.from({ length: detectors }, (_, q) => q).join(' ');
    const detectorLines = Array.from({ length: detectors }, (_, k) => `DETECTOR rec[-${k + 1}]\n`).join('');
    const text = `X_ERROR(0.01) ${qubits}\nM ${qubits}\n${detectorLines}OBSERVABLE_INCLUDE(0) rec[-1]\n`;
    const chunkShots = chunkShotsFor(bytesPerShot(detectors) + bytesPerShot(1));
    const shots = 2 * chunkShots + 777;
    const run = await verilab(['detect', '--shots', String(shots), '--seed', '3', '--out_format', 'b8', '--obs_out', file('chunks.obs.b8'), '--obs_out_format', 'b8'], text);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const batch = compileFrameSampler(unwrap(parseCircuit(text))).sample(shots, Xoshiro128.fromSeed(3));
    expect(Buffer.compare(run.stdout, Buffer.from(encodeShots('b8', batch.detectors, detectors, shots)))).toBe(0);
    expect(Buffer.compare(readFileSync(file('chunks.obs.b8')), Buffer.from(encodeShots('b8', batch.observables, 1, shots)))).toBe(0);
  });

  it('draws a fresh seed without --seed (as Stim does), keeps a given seed reproducible, and takes one shot by default', async () => {
    const circuit = fixturePath(FIXTURE, 'circuit.stim');
    const [first, second, seeded, again] = await Promise.all([
      verilab(['detect', '--in', circuit, '--shots', '500']),
      verilab(['detect', '--in', circuit, '--shots', '500']),
      verilab(['detect', '--in', circuit, '--shots', '500', '--seed', '0']),
      verilab(['detect', '--in', circuit, '--shots', '500', '--seed', '0']),
    ]);
    // 500 shots of 24 detectors firing at ~1%: two independent runs agreeing is vanishingly unlikely.
    expect(first.stdout).not.toEqual(second.stdout);
    expect(seeded.stdout).toEqual(again.stdout);
    const one = await verilab(['detect', '--in', circuit]);
    expect(one.stdout.toString('utf8')).toMatch(/^[01]{24}\n$/);
  });

  it('reports circuit errors with file, line and column, exit 2, no stack trace', async () => {
    writeFileSync(file('bad.stim'), 'R 0\nM 0\nDETECTOR rec[-1]\nFOO 1\n');
    const run = await verilab(['detect', '--in', file('bad.stim'), '--shots', '10']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^verilab: ${file('bad.stim').replace(/[.]/g, '\\.')}:line 4, column 1: .*FOO`));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout.length).toBe(0);
  });

  it.each([
    [['--out_format', 'r9']],
    [['--shots', '-3']],
    [['--seed', 'x']],
    [['--bogus']],
  ])('rejects bad flags %j with a usage message and exit 2', async (flags) => {
    const run = await verilab(['detect', '--in', fixturePath(FIXTURE, 'circuit.stim'), ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error|invalid|unknown/i);
    expect(run.stdout.length).toBe(0);
  });
});
