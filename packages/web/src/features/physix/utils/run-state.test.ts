import { getSystem, groundTruthAction, instantiate } from '@verilab/physix';
import { describe, expect, it } from 'vitest';
import { browserBackend } from '../api/physix-backend.ts';
import { applyStep, bestMatch, episodeReturn, startRun } from './run-state.ts';

describe('run state', () => {
  it('records each turn with its report and prediction (browser backend, real verifier)', async () => {
    const backend = browserBackend();
    const config = { system_id: 'free_fall', seed: 5, max_turns: 4, reward_profile: 'anti-hack' as const, fit: false };
    let run = startRun(await backend.start(config));
    expect([run.seed, run.turns.length, run.observation.turn]).toEqual([5, 0, 0]);
    run = applyStep(run, await backend.step(run.session, { equation: 'd2y/dt2 = 0' }));
    run = applyStep(run, await backend.step(run.session, groundTruthAction(instantiate(getSystem('free_fall')!, 5))));
    expect(run.turns.map((turn) => turn.entry.turn)).toEqual([1, 2]);
    expect(run.turns[1]!.report.accepted).toBe(true);
    expect(run.turns[1]!.predicted).toHaveLength(run.observation.trajectory.length);
    expect(run.observation.converged).toBe(true);
    expect(bestMatch(run)).toBe(run.turns[1]!.entry.r_match);
    // The second turn is paid its gain on the first, so the return is the truth's score.
    expect(run.turns.map((turn) => turn.entry.reward_paid)).toEqual([run.turns[0]!.entry.reward_total, run.turns[1]!.entry.reward_total - run.turns[0]!.entry.reward_total]);
    expect(episodeReturn(run)).toBeCloseTo(run.turns[1]!.entry.reward_total, 12);
    expect(run.turns[0]!.llm).toBeUndefined();
    await backend.end(run.session);
    await expect(backend.step(run.session, { equation: 'd2y/dt2 = 0' })).rejects.toThrow(/no episode/);
  });
});
