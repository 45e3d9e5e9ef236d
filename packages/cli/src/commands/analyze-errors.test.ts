import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath, readFixture } from '@verilab/qec/testing';
import { runVerilab } from '../testing/run-verilab.ts';

const FIXTURE = 'si1000_d3_r3_p0.001';
const work = mkdtempSync(path.join(tmpdir(), 'verilab-analyze-'));
const file = (name: string) => path.join(work, name);

const verilab = (args: readonly string[], stdin = '') => runVerilab(args, { stdin });

describe('verilab analyze_errors', () => {
  it("prints Stim's models for a fixture circuit, to a file or to stdout, from a file or stdin", async () => {
    const circuit = fixturePath(FIXTURE, 'circuit.stim');
    const [decomposed, plain, piped] = await Promise.all([
      verilab(['analyze_errors', '--in', circuit, '--decompose_errors', '--out', file('dem.dem')]),
      verilab(['analyze_errors', '--in', circuit]),
      verilab(['analyze_errors', '--decompose_errors'], readFixture(FIXTURE, 'circuit.stim')),
    ]);
    expect([decomposed.code, decomposed.stderr, decomposed.stdout]).toEqual([0, '', '']);
    expect(readFileSync(file('dem.dem'), 'utf8')).toBe(readFixture(FIXTURE, 'dem.dem'));
    expect([plain.code, plain.stderr, plain.stdout]).toEqual([0, '', readFixture(FIXTURE, 'dem_nodecomp.dem')]);
    expect([piped.code, piped.stderr, piped.stdout]).toEqual([0, '', readFixture(FIXTURE, 'dem.dem')]);
  });

  it('reports bad input with exit code 2 and no stack trace', async () => {
    writeFileSync(file('bad.stim'), 'R 0\nX_ERROR(2) 0\n');
    writeFileSync(file('random.stim'), 'R 0\nH 0\nM 0\nDETECTOR rec[-1]\n');
    writeFileSync(file('hyper.stim'), 'R 0 1 2\nX_ERROR(0.1) 0\nCX 0 1 0 2\nM 0 1 2\nDETECTOR rec[-3]\nDETECTOR rec[-2]\nDETECTOR rec[-1]\n');
    const [bad, random, hyper, missing, flag] = await Promise.all([
      verilab(['analyze_errors', '--in', file('bad.stim')]),
      verilab(['analyze_errors', '--in', file('random.stim')]),
      verilab(['analyze_errors', '--in', file('hyper.stim'), '--decompose_errors']),
      verilab(['analyze_errors', '--in', file('nope.stim')]),
      verilab(['analyze_errors', '--bogus']),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^verilab: ${file('bad.stim')}:line 2, column 9: .*probability`));
    expect(random.code).toBe(2);
    expect(random.stderr).toMatch(/^verilab: cannot analyze .*random\.stim: the circuit has non-deterministic detectors or observables: D0/);
    expect(hyper.code).toBe(2);
    expect(hyper.stderr).toMatch(/^verilab: cannot analyze .*hyper\.stim: failed to decompose errors into graph-like components/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^verilab: cannot read circuit ".*nope\.stim": no such file/);
    expect(flag.code).toBe(2);
    for (const run of [bad, random, hyper, missing, flag]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
