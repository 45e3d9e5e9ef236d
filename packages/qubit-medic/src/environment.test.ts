import { describe, expect, it } from 'vitest';
import { formatCompletion } from './answer-parser.ts';
import { QubitMedicEnvironment, type EpisodeSpec } from './environment.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { frameOverlap } from './rewards.ts';

const physics = createPhysicsCache();
const newEnv = () => new QubitMedicEnvironment({ physics });

function reset(env: QubitMedicEnvironment, options: Parameters<QubitMedicEnvironment['reset']>[0]) {
  const result = env.reset(options);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe('QubitMedicEnvironment', () => {
  it('gives the same episode for the same (level, seed), on any instance', () => {
    const a = reset(newEnv(), { seed: 1234, level: 'L3_stretch' });
    const b = reset(newEnv(), { seed: 1234, level: 'L3_stretch' });
    expect(b.observation).toEqual(a.observation);
    const c = reset(newEnv(), { seed: 1235, level: 'L3_stretch' });
    expect(c.observation.syndrome_bits).toHaveLength(120);
    expect(c.observation.dem_digest).toMatch(/^[0-9a-f]{8}$/);
  });

  it('keeps ground truth out of the observation and puts it in info after the step', () => {
    const env = newEnv();
    for (let seed = 0; seed < 200; seed++) {
      const { spec, observation } = reset(env, { seed, level: 'L2_target' });
      expect(Object.keys(observation).sort()).toEqual(
        ['curriculum_level', 'dem_digest', 'distance', 'episode_id', 'p', 'prompt', 'rounds', 'syndrome_bits'].sort(),
      );
      const step = env.step(spec, { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' });
      if (!step.ok) throw new Error('step failed');
      const { info } = step.value;
      expect(info).toHaveProperty('true_x_errors');
      expect(info).toHaveProperty('actual_observable_flip');
      expect(step.value.observation).toEqual(observation);
    }
  });

  it('scores the true frame perfectly and the decoder\'s frame by its overlap with the truth', () => {
    const env = newEnv();
    for (let seed = 0; seed < 300; seed++) {
      const { spec } = reset(env, { seed, level: 'L2_target' });
      const probe = env.step(spec, { raw_response: '' });
      if (!probe.ok) throw new Error('step failed');
      const { info } = probe.value;
      const trueFrame = { x: info.true_x_errors, z: info.true_z_errors };
      const decoderFrame = { x: info.pymatching_x_errors, z: info.pymatching_z_errors };
      const imitation = env.step(spec, { raw_response: formatCompletion(decoderFrame.x, decoderFrame.z) });
      if (!imitation.ok) throw new Error('step failed');
      expect(imitation.value.info.rewards.hamming_overlap).toBe(frameOverlap(trueFrame, decoderFrame));
      expect(imitation.value.info.rewards.logical_correction).toBe(
        info.pymatching_observable_pred === info.actual_observable_flip ? 1 : 0,
      );
      const truth = env.step(spec, { parsed_x_errors: trueFrame.x, parsed_z_errors: trueFrame.z });
      if (!truth.ok) throw new Error('step failed');
      expect(truth.value.info.rewards).toMatchObject({ logical_correction: 1, syndrome_consistency: 1, hamming_overlap: 1 });
    }
  });

  it('scores pre-parsed lists as their canonical completion', () => {
    const env = newEnv();
    const { spec } = reset(env, { seed: 3, level: 'L2_target' });
    const result = env.step(spec, { parsed_x_errors: [4], parsed_z_errors: [] });
    if (!result.ok) throw new Error('step failed');
    expect(result.value.info.parsed_action).toMatchObject({ x_error_qubits: [4], parse_success: true, strict_format: true });
    expect(result.value.info.rewards.format_compliance).toBe(1);
  });

  it('rejects bad reset input with issues naming the field', () => {
    const env = newEnv();
    const cases: [Parameters<QubitMedicEnvironment['reset']>[0], string][] = [
      [{ seed: -1 }, 'seed'],
      [{ seed: 1.5 }, 'seed'],
      [{ level: 'L9' }, 'level'],
      [{ forced_level: 'nope' }, 'forced_level'],
      [{ level: 'custom:d=1,r=1,p=0.001' }, 'level'],
      [{ prompt_format: 'v3' }, 'prompt_format'],
      [{ reward_profile: 'lenient' }, 'reward_profile'],
    ];
    for (const [options, field] of cases) {
      const result = env.reset(options);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues[0]?.path).toEqual([field]);
    }
  });

  it('does not let forced-level episodes move the curriculum', () => {
    const env = newEnv();
    for (let seed = 0; seed < 40; seed++) {
      const { spec } = reset(env, { seed, level: 'L1_warmup' });
      env.step(spec, { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' });
    }
    expect((env.state()['curriculum'] as Record<string, { samples: number }>)['L1_warmup']?.samples).toBe(0);
    const { spec } = reset(env, { seed: 1 });
    expect(spec.level).toBe('L1_warmup');
    env.step(spec, { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' });
    expect((env.state()['curriculum'] as Record<string, { samples: number }>)['L1_warmup']?.samples).toBe(1);
  });

  it('serves the v1 prompt and v1 rewards on request', () => {
    const env = newEnv();
    const { spec, observation } = reset(env, { seed: 9, level: 'L2_target', prompt_format: 'v1', reward_profile: 'v1' });
    expect(observation.prompt).toContain('X-stabilizer count per round: 4');
    const step = env.step(spec as EpisodeSpec, { raw_response: 'X_ERRORS: [] Z_ERRORS: []' });
    if (!step.ok) throw new Error('step failed');
    expect(step.value.info.rewards.format_compliance).toBe(1);
    expect(step.value.info.reward_profile).toBe('v1');
  });
});
