import { describe, expect, it } from 'vitest';
import { CONVERGENCE_THRESHOLD } from '../constants.ts';
import { instantiate } from '../systems/instance.ts';
import { SYSTEMS, TRAINING_TIERS, listSystems } from '../systems/registry.ts';
import { isDone, observeEpisode, resetEpisode, stepEpisode } from './episode.ts';

describe('resetEpisode', () => {
  it('starts a free-fall episode as the original test expects', () => {
    const { state, observation } = resetEpisode({ seed: 42, systemId: 'free_fall' });
    expect(observation).toMatchObject({
      systemId: 'free_fall',
      tier: 'tier1',
      turn: 0,
      turnsRemaining: 8,
      history: [],
      mismatchSummary: '',
      stateVariables: ['y', 'vy'],
      score: null,
      reward: null,
      done: false,
      converged: false,
      rewardProfile: 'anti-hack',
      fit: false,
    });
    expect(observation.trajectory).toHaveLength(100);
    expect(Object.keys(observation.trajectory[0]!)).toEqual(['t', 'y', 'vy']);
    expect(observation.hint.length).toBeGreaterThan(20);
    expect(observation.noise.relativeSigma).toBe(0.01);
    expect(state).toEqual({
      formatVersion: 6,
      systemId: 'free_fall',
      seed: 42,
      maxTurns: 8,
      rewardProfile: 'anti-hack',
      fit: false,
      history: [],
    });
  });

  it('is deterministic, and a seed alone picks a training system independently of its data', () => {
    expect(resetEpisode({ seed: 7 })).toEqual(resetEpisode({ seed: 7 }));
    const seen = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const { state, observation } = resetEpisode({ seed });
      seen.add(state.systemId);
      expect(resetEpisode({ seed, systemId: state.systemId }).observation).toEqual(observation);
    }
    expect([...seen].sort()).toEqual(
      listSystems(TRAINING_TIERS)
        .map((s) => s.id)
        .sort(),
    );
    expect(resetEpisode({ seed: 3, tiers: ['tier3'] }).state.systemId).toMatch(
      /projectile_drag|charged_particle_b_field/,
    );
  });

  it('rejects bad configuration with specific errors', () => {
    expect(() => resetEpisode({ seed: 1.5 })).toThrow(/seed must be a safe integer/);
    expect(() => resetEpisode({ seed: 1, maxTurns: 0 })).toThrow(/maxTurns/);
    expect(() => resetEpisode({ seed: 1, systemId: 'nope' })).toThrow(/unknown system "nope"/);
  });
});

describe('stepEpisode', () => {
  it('the original test: d2y/dt2 = -9.81 scores format 1, match ≥ 0.95, v1 total ≥ 0.5 × 0.93', () => {
    const { state } = resetEpisode({ seed: 42, systemId: 'free_fall', rewardProfile: 'v1' });
    const { observation } = stepEpisode(state, { equation: 'd2y/dt2 = -9.81', params: {} });
    expect(observation.score).toMatchObject({ format: 1 });
    expect(observation.score!.match).toBeGreaterThanOrEqual(0.95);
    expect(observation.score!.total).toBeGreaterThanOrEqual(0.5 * CONVERGENCE_THRESHOLD);
    expect(observation).toMatchObject({ turn: 1, turnsRemaining: 7, done: true, converged: true });
  });

  it('"not a real equation" short-circuits to format 0 with every component 0', () => {
    const { state } = resetEpisode({ seed: 42, systemId: 'free_fall' });
    const { observation, verification } = stepEpisode(state, { equation: 'not a real equation' });
    expect(observation.score).toMatchObject({
      format: 0,
      match: 0,
      simplicity: 0,
      progress: 0,
      match_dense: 0,
      correctness: 0,
      total: 0,
    });
    expect(observation.reward).toBe(0);
    expect(observation.done).toBe(false);
    expect(verification.issues[0]!.code).toBe('bad-left-side');
    expect(observation.mismatchSummary).toMatch(
      /^The equation was rejected\. line 1, column 1: not an equation/,
    );
  });

  it('plays a multi-turn episode: history, progress, feedback, convergence', () => {
    let { state } = resetEpisode({ seed: 5, systemId: 'free_fall_drag' });
    const turns = [
      { equation: 'd2y/dt2 = -g', params: { g: 9.81 }, rationale: 'gravity only' },
      { equation: 'd2y/dt2 = -g - c*vy', params: { g: 9.81, c: 0.3 } },
      { equation: 'd2y/dt2 = -g - k*vy*abs(vy)', params: { g: 9.81, k: 0.05 } },
    ];
    const results = turns.map((action) => {
      const outcome = stepEpisode(state, action);
      state = outcome.state;
      return outcome;
    });
    const last = results[2]!.observation;
    expect(last.history.map((entry) => entry.turn)).toEqual([1, 2, 3]);
    expect(last.history[0]).toMatchObject({
      equation: 'd2y/dt2 = -g',
      params: { g: 9.81 },
      rationale: 'gravity only',
      accepted: true,
      fittedParams: null,
    });
    expect(last.history[0]!.mismatchSummary).toMatch(/diverges from the observed/);
    expect(results[1]!.observation.score!.progress).toBeCloseTo(
      Math.max(0, results[1]!.verification.match - results[0]!.verification.match),
      12,
    );
    expect(results[2]!.predictedTrajectory).toHaveLength(100);
    expect(results[2]!.predictedTrajectory![0]).toMatchObject({ t: 0 });
    if (last.converged) expect(last.done).toBe(true);
  });

  it('the budget ends the episode; stepping a finished episode is an error', () => {
    let { state } = resetEpisode({ seed: 1, systemId: 'spring_mass', maxTurns: 3 });
    for (let turn = 0; turn < 3; turn++) {
      expect(isDone(state)).toBe(false);
      state = stepEpisode(state, { equation: 'd2x/dt2 = 0' }).state;
    }
    expect(observeEpisode(state)).toMatchObject({
      done: true,
      converged: false,
      turn: 3,
      turnsRemaining: 0,
    });
    expect(() => stepEpisode(state, { equation: 'd2x/dt2 = 0' })).toThrow(/is done/);
  });

  it('states are plain JSON: a serialised state continues identically', () => {
    const { state } = resetEpisode({ seed: 9, systemId: 'damped_spring', fit: true });
    const first = stepEpisode(state, { equation: 'd2x/dt2 = -w*x', params: { w: 5 } });
    const revived = JSON.parse(JSON.stringify(first.state)) as typeof first.state;
    const action = { equation: 'd2x/dt2 = -(k/m)*x - (b/m)*dx', params: { k: 5, m: 1, b: 0.2 } };
    expect(stepEpisode(revived, action)).toEqual(stepEpisode(first.state, action));
    expect(first.observation.history[0]!.fittedParams).not.toBeNull();
    expect(JSON.parse(JSON.stringify(first.observation))).toEqual(first.observation);
  });

  it('with fitting, every ground truth converges from guesses 20 % off the true values', () => {
    for (const system of SYSTEMS) {
      const { state } = resetEpisode({ seed: 2, systemId: system.id, fit: true });
      const truth = instantiate(system, 2).parameters;
      const params = Object.fromEntries(
        Object.entries(truth).map(([name, value]) => [name, value * 1.2]),
      );
      const { observation, verification } = stepEpisode(state, {
        equation: system.groundTruth,
        params,
      });
      expect(observation.converged, system.id).toBe(true);
      expect(verification.fit?.converged, system.id).toBe(true);
    }
  });

  it('untrusted action fields are tolerated', () => {
    const { state } = resetEpisode({ seed: 1, systemId: 'free_fall' });
    const outcome = stepEpisode(state, {
      equation: 42 as unknown as string,
      params: 'x',
      rationale: {} as unknown as string,
    });
    expect(outcome.observation.history[0]).toMatchObject({
      equation: '',
      params: {},
      rationale: '',
      accepted: false,
    });
    const huge = stepEpisode(state, {
      equation: 'x'.repeat(1 << 20),
      rationale: 'y'.repeat(1 << 20),
    });
    expect(huge.verification.issues[0]!.code).toBe('too-long');
    expect(huge.state.history[0]!.equation).toHaveLength(2000);
    expect(huge.state.history[0]!.rationale).toHaveLength(500);
  });
});
