import { describe, expect, it } from 'vitest';
import { resetEpisode, stepEpisode } from './episode.ts';
import { episodeStateFromWire, observationFromWire, wireEpisodeState, wireObservation, wireVerificationReport, type WireHistoryEntry } from './wire.ts';

describe('the wire mapping', () => {
  const { state } = resetEpisode({ seed: 7, systemId: 'free_fall_drag', maxTurns: 3, fit: true });
  const first = stepEpisode(state, { equation: 'd2y/dt2 = -g', params: { g: 9.5 }, rationale: 'gravity' });
  const second = stepEpisode(first.state, { equation: 'd2y/dt2 = -g - c*vy', params: { g: 9.81, c: 0.3 } });

  it('names a state as the original does, in its order, and reads it back unchanged', () => {
    const wire = wireEpisodeState(second.state);
    expect(Object.keys(wire)).toEqual(['format_version', 'system_id', 'seed', 'max_turns', 'reward_profile', 'fit', 'history']);
    expect(Object.keys(wire.history[0]!)).toEqual([
      'turn', 'equation', 'params', 'fitted_params', 'rationale', 'accepted', 'r_match', 'reward_total', 'reward_paid', 'reward_components', 'mismatch_summary',
    ]);
    expect(episodeStateFromWire(JSON.parse(JSON.stringify(wire)))).toEqual(second.state);
  });

  it("spells a turn's score as the original's r_match, reward_total and reward_components, and OpenEnv's reward as what it paid", () => {
    const [earlier, entry] = wireEpisodeState(second.state).history as [WireHistoryEntry, WireHistoryEntry];
    expect(entry.r_match).toBe(second.verification.match);
    expect(entry.reward_total).toBe(second.verification.rewards['anti-hack'].total);
    expect(entry.reward_components).toEqual(second.verification.rewards['anti-hack']);
    expect(entry.reward_paid).toBe(Math.max(0, entry.reward_total - earlier.reward_total));
    expect(earlier.reward_paid).toBe(earlier.reward_total);
    const observation = wireObservation(second.observation);
    expect(observation.reward).toBe(entry.reward_paid);
    expect(observation.reward_breakdown).toEqual(entry.reward_components);
    expect(wireObservation(resetEpisode({ seed: 7 }).observation)).toMatchObject({ reward: null, reward_breakdown: null });
  });

  it('sends no seed, and a received observation reads back as the domain one given its seed', () => {
    const wire = JSON.parse(JSON.stringify(wireObservation(second.observation)));
    expect(wire).not.toHaveProperty('seed');
    expect(observationFromWire(wire, 7)).toEqual(second.observation);
  });

  it("gives the verifier's report the original's names, in its order", () => {
    const wire = wireVerificationReport(second.verification);
    expect(Object.keys(wire)).toEqual([
      'equation', 'issues', 'failure', 'operator_count', 'complexity', 'parameters', 'fit', 'fit_skipped', 'mismatch_summary', 'rewards',
      'integration', 'accepted', 'noise_errors', 'r2', 'mean_r2', 'min_r2', 'r_match', 'residuals',
    ]);
    expect(Object.keys(wire.fit!)).toEqual(['parameters', 'initial', 'window', 'cost_before', 'cost_after', 'iterations', 'simulations', 'converged']);
    expect(Object.keys(wire.noise_errors!)).toEqual(['shown', 'held_out', 'held_out_failure']);
    expect(Object.keys(wire.residuals!['y']!)).toEqual(['max_abs', 't_of_max', 'windows', 'relative_rms']);
    expect(wire).toMatchObject({ r_match: second.verification.match, mean_r2: second.verification.meanR2, operator_count: second.verification.operatorCount });
    expect(Object.keys(wireObservation(second.observation).noise)).toEqual(['model', 'relative_sigma', 'sigma', 'decimals']);
  });
});
