import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { formatCompletion } from './answer-parser.ts';
import { QubitMedicEnvironment } from './environment.ts';
import { levelNamed } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { frameOverlap } from './rewards.ts';

const physics = createPhysicsCache();
const newEnv = () => new QubitMedicEnvironment({ physics });
const L2 = levelNamed('L2_target');

describe('QubitMedicEnvironment', () => {
  it('gives the same episode for the same (level, seed), on any instance', () => {
    const L3 = levelNamed('L3_stretch');
    const a = newEnv().reset({ seed: 1234, level: L3 });
    const b = newEnv().reset({ seed: 1234, level: L3 });
    expect(b.observation).toEqual(a.observation);
    const c = newEnv().reset({ seed: 1235, level: L3 });
    expect(c.observation.syndromeBits).toHaveLength(120);
    expect(c.observation.demDigest).toMatch(/^[0-9a-f]{8}$/);
  });

  it('keeps ground truth out of the observation and puts it in info after the step', () => {
    const env = newEnv();
    for (let seed = 0; seed < 200; seed++) {
      const { spec, observation } = env.reset({ seed, level: L2 });
      expect(Object.keys(observation).sort()).toEqual(['demDigest', 'distance', 'episodeId', 'level', 'p', 'prompt', 'rounds', 'syndromeBits'].sort());
      const step = unwrap(env.step(spec, { kind: 'completion', completion: 'X_ERRORS=[] Z_ERRORS=[]' }));
      const { info } = step;
      expect(info).toHaveProperty('trueFrame');
      expect(info).toHaveProperty('actualObservableFlip');
      expect(step.observation).toEqual(observation);
    }
  });

  it("scores the true frame perfectly and the decoder's frame by its overlap with the truth", () => {
    const env = newEnv();
    for (let seed = 0; seed < 300; seed++) {
      const { spec } = env.reset({ seed, level: L2 });
      const probe = unwrap(env.step(spec, { kind: 'completion', completion: '' }));
      const { trueFrame, decoderFrame, decoderObservableFlip, actualObservableFlip } = probe.info;
      const imitation = unwrap(env.step(spec, { kind: 'completion', completion: formatCompletion(decoderFrame.x, decoderFrame.z) }));
      expect(imitation.info.rewards.hammingOverlap).toBe(frameOverlap(trueFrame, decoderFrame));
      expect(imitation.info.rewards.logicalCorrection).toBe(decoderObservableFlip === actualObservableFlip ? 1 : 0);
      const truth = unwrap(env.step(spec, { kind: 'parsed', xErrors: trueFrame.x, zErrors: trueFrame.z }));
      expect(truth.info.rewards).toMatchObject({ logicalCorrection: 1, syndromeConsistency: 1, hammingOverlap: 1 });
    }
  });

  it('scores pre-parsed lists as their canonical completion, showing the raw response given', () => {
    const env = newEnv();
    const { spec } = env.reset({ seed: 3, level: L2 });
    const result = unwrap(env.step(spec, { kind: 'parsed', xErrors: [4], zErrors: [] }));
    expect(result.info.answer).toMatchObject({ xErrors: [4], parseSuccess: true, strictFormat: true, rawResponse: 'X_ERRORS=[4] Z_ERRORS=[]' });
    expect(result.info.rewards.formatCompliance).toBe(1);
    const shown = unwrap(env.step(spec, { kind: 'parsed', xErrors: [4], zErrors: [], rawResponse: '' }));
    expect(shown.info.answer).toMatchObject({ xErrors: [4], rawResponse: '' });
    expect(shown.info.rewards).toEqual(result.info.rewards);
  });

  it('scores one pre-parsed list as a completion stating only that list, never the other as empty', () => {
    const env = newEnv();
    for (const level of [L2, levelNamed('L4_stress')]) {
      for (let seed = 0; seed < 40; seed++) {
        const { spec } = env.reset({ seed, level });
        const { trueFrame } = unwrap(env.step(spec, { kind: 'completion', completion: '' })).info;
        const xOnly = unwrap(env.step(spec, { kind: 'parsed', xErrors: trueFrame.x }));
        const written = unwrap(env.step(spec, { kind: 'completion', completion: `X_ERRORS=[${trueFrame.x.join(',')}]` }));
        expect(xOnly.info.rewards).toEqual(written.info.rewards);
        expect(xOnly.info.rewards.formatCompliance).toBe(0.5);
        const zOnly = unwrap(env.step(spec, { kind: 'parsed', zErrors: trueFrame.z }));
        expect(zOnly.info.rewards).toEqual(unwrap(env.step(spec, { kind: 'completion', completion: `Z_ERRORS=[${trueFrame.z.join(',')}]` })).info.rewards);
      }
    }
  });

  it('answers a spec naming an unknown level with a coded issue, not a throw', () => {
    const env = newEnv();
    const { spec } = env.reset({ seed: 3, level: L2 });
    const stepped = env.step({ ...spec, level: 'L9_nowhere' }, { kind: 'completion', completion: '' });
    expect(stepped).toMatchObject({ ok: false, issues: [{ code: 'unknown-level', path: ['level'], message: expect.stringContaining('unknown level') }] });
  });

  it('refuses a seed that is not a non-negative safe integer', () => {
    const env = newEnv();
    for (const seed of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) {
      expect(() => env.reset({ seed }), String(seed)).toThrow(RangeError);
    }
    expect(env.state().episodesStarted).toBe(0);
  });

  it('does not let forced-level episodes move the curriculum', () => {
    const env = newEnv();
    const L1 = levelNamed('L1_warmup');
    for (let seed = 0; seed < 40; seed++) {
      const { spec } = env.reset({ seed, level: L1 });
      env.step(spec, { kind: 'completion', completion: 'X_ERRORS=[] Z_ERRORS=[]' });
    }
    expect(env.state().curriculum['L1_warmup']?.samples).toBe(0);
    const { spec } = env.reset({ seed: 1 });
    expect(spec.level).toBe('L1_warmup');
    env.step(spec, { kind: 'completion', completion: 'X_ERRORS=[] Z_ERRORS=[]' });
    expect(env.state().curriculum['L1_warmup']?.samples).toBe(1);
    expect(env.state()).toMatchObject({ episodesStarted: 41, episodesStepped: 41, cachedLevels: ['L1_warmup'], baseSeed: 42 });
  });

  it('serves the v1 prompt and v1 rewards on request', () => {
    const env = newEnv();
    const { spec, observation } = env.reset({ seed: 9, level: L2, promptFormat: 'v1', rewardProfile: 'v1' });
    expect(observation.prompt).toContain('X-stabilizer count per round: 4');
    const step = unwrap(env.step(spec, { kind: 'completion', completion: 'X_ERRORS: [] Z_ERRORS: []' }));
    expect(step.info.rewards.formatCompliance).toBe(1);
    expect(step.info.rewardProfile).toBe('v1');
  });
});
