import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expandSweep, metadataFromFileName, pythonJsonDumps, readSweepMetadata, strongIdText, sweepMetadata } from './sweep-config.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('expandSweep', () => {
  it('is distance-major, drops duplicates and ties rounds to d or fixes them', () => {
    const grid = { distances: [5, 3, 5], ps: [0.002, 0.001], basis: 'Z', noise: 'si1000-like', decoder: 'matching' } as const;
    const byD = expandSweep({ ...grid, rounds: 'd' });
    expect(byD.map((c) => [c.distance, c.rounds, c.p])).toEqual([
      [5, 5, 0.002],
      [5, 5, 0.001],
      [3, 3, 0.002],
      [3, 3, 0.001],
    ]);
    expect(expandSweep({ ...grid, rounds: 10 }).every((c) => c.rounds === 10)).toBe(true);
  });

  it('round-trips its metadata through JSON', () => {
    const [config] = expandSweep({ distances: [7], ps: [0.004], rounds: 'd', basis: 'X', noise: 'uniform', decoder: 'matching' });
    const metadata = sweepMetadata(config!);
    expect(metadata).toEqual({ basis: 'X', d: 7, noise: 'uniform', p: 0.004, r: 7 });
    expect(readSweepMetadata(JSON.parse(JSON.stringify(metadata)))).toEqual(metadata);
    expect(readSweepMetadata({ d: 3 })).toBeUndefined();
    expect(readSweepMetadata('x')).toBeUndefined();
  });
});

describe('pythonJsonDumps', () => {
  it("writes what Python's json.dumps writes (checked against CPython 3)", () => {
    // python3 -c "import json; print(json.dumps({'a': 1e-05, 'b': [1, 2.5, None, True], 'c': 'é\n\"x', 'z': 0.002}))"
    expect(pythonJsonDumps({ a: 1e-5, b: [1, 2.5, null, true], c: 'é\n"x', z: 0.002 })).toBe(
      '{"a": 1e-05, "b": [1, 2.5, null, true], "c": "\\u00e9\\n\\"x", "z": 0.002}',
    );
    // json.dumps(m, separators=(',', ':'), sort_keys=True): Sinter's json_metadata column.
    expect(pythonJsonDumps({ p: 0.002, d: 3, basis: 'Z', noise: 'si1000-like', r: 3 }, true)).toBe(
      '{"basis":"Z","d":3,"noise":"si1000-like","p":0.002,"r":3}',
    );
  });

  it("hashes to Sinter's documented strong id for an empty task", () => {
    // sinter.Task(circuit=stim.Circuit(), detector_error_model=stim.DetectorErrorModel(),
    // decoder='pymatching').strong_id(), from Sinter's docstring (_task.py).
    const text = strongIdText({ circuit: '', decoder: 'pymatching', dem: '', metadata: null });
    expect(text).toBe('{"circuit": "", "decoder": "pymatching", "decoder_error_model": "", "postselection_mask": null, "json_metadata": null}');
    expect(sha256(text)).toBe('7424ea021693d4abc1c31c12e655a48779f61a7c2969e457ae4fe400c852bee5');
  });
});

describe('metadataFromFileName', () => {
  it("reads key=value terms as sinter.comma_separated_key_values does (its docstring's example)", () => {
    expect(metadataFromFileName('folder/d=5,r=3.5,x=abc.stim')).toEqual({ d: 5, r: 3.5, x: 'abc' });
    expect(metadataFromFileName('d=3,p=0.001,r=3.stim')).toEqual({ d: 3, p: 0.001, r: 3 });
    expect(() => metadataFromFileName('surface.stim')).toThrow(/expected comma-separated key=value terms/);
  });
});
