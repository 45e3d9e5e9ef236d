import { describe, expect, it } from 'vitest';
import { isNoiseProfileName, NOISE_PROFILE_NAMES, noiseProfile } from './noise-profiles.ts';

describe('noise profiles', () => {
  it("si1000-like is Qubit-Medic's p, p/10, 5p, 2p, as the doubles a command line would parse", () => {
    expect(noiseProfile('si1000-like', 0.001)).toEqual({
      afterCliffordDepolarization: 0.001,
      beforeRoundDataDepolarization: 0.0001,
      beforeMeasureFlipProbability: 0.005,
      afterResetFlipProbability: 0.002,
    });
    // 0.0005 / 10 and 3 * 0.1 style binary artefacts are normalised to the typed decimal.
    expect(noiseProfile('si1000-like', 0.0005).beforeRoundDataDepolarization).toBe(Number('5e-05'));
    expect(noiseProfile('si1000-like', 0.0003).beforeMeasureFlipProbability).toBe(0.0015);
    expect(5 * 0.0003).not.toBe(0.0015);
  });

  it('uniform sets every knob to p', () => {
    expect(Object.values(noiseProfile('uniform', 0.003))).toEqual([0.003, 0.003, 0.003, 0.003]);
  });

  it('rejects base rates whose knobs leave [0, 1], and unknown names', () => {
    expect(() => noiseProfile('si1000-like', 0.25)).toThrow(/beforeMeasureFlipProbability/);
    expect(() => noiseProfile('uniform', -0.1)).toThrow(RangeError);
    expect(() => noiseProfile('uniform', Number.NaN)).toThrow(RangeError);
    expect(() => noiseProfile('si1000' as never, 0.1)).toThrow(/known: si1000-like, uniform/);
    expect(NOISE_PROFILE_NAMES).toEqual(['si1000-like', 'uniform']);
    expect(isNoiseProfileName('uniform')).toBe(true);
    expect(isNoiseProfileName('toString')).toBe(false);
  });
});
