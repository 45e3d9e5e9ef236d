import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../equation/grammar.ts';
import { resetEpisode, stepEpisode } from './episode.ts';
import { GRAMMAR_HINT, SYSTEM_PROMPT, buildPrompt, renderObservation } from './prompt.ts';

describe('the prompt', () => {
  it('system message: role, grammar from the table, output contract with the example', () => {
    for (const name of FUNCTION_NAMES) expect(GRAMMAR_HINT).toContain(name);
    expect(GRAMMAR_HINT).toMatch(/t is not allowed/);
    expect(SYSTEM_PROMPT).toMatch(/^You are an expert physicist/);
    expect(SYSTEM_PROMPT).toContain(
      '{"equation": "d2y/dt2 = -9.81", "params": {}, "rationale": "free fall"}',
    );
    expect(SYSTEM_PROMPT).toMatch(
      /Never rename the keys \(not "eqn", "ode", "formula" or "expr"\)/,
    );
  });

  it('user message blocks, as the original test checks them', () => {
    const { state } = resetEpisode({ seed: 3, systemId: 'free_fall_drag' });
    const { observation } = stepEpisode(state, { equation: 'd2y/dt2 = -g', params: { g: 9.81 } });
    const text = renderObservation(observation);
    expect(text).toMatch(
      /^SYSTEM_ID: free_fall_drag\nSTATE_VARIABLES: y, vy\nVELOCITIES: dy\/dt = vy\nHINT: Object thrown straight up/,
    );
    expect(text).toMatch(
      /\nNOISE: Gaussian, sigma = 1% of each variable's standard deviation \(y [\d.]+, vy [\d.]+\)\n/,
    );
    expect(text).toMatch(/\nSTATS: duration=6 y_min=[\d.]+ y_max=[\d.]+ /);
    expect(text).toMatch(/\nTRAJECTORY \(20 of 100 samples\):\nt=0\.00 y=[\d.]+ vy=[\d.]+\n/);
    expect(text).toMatch(
      /\nt=6\.00 y=[\d.]+ vy=-[\d.]+\nHISTORY \(last 1 of 1 turns\):\nturn=1 equation="d2y\/dt2 = -g" params=\{"g":9\.81\} score=0\.\d{3} reward=0\.\d{3} match=0\.\d{3}\n {2}feedback: Predicted /,
    );
    expect(text).not.toContain('eqn=');
    expect(text).toMatch(/\nLATEST_FEEDBACK: Predicted .*\nTURNS_REMAINING: 7$/);
    expect(text.split('\n').filter((line) => line.startsWith('t='))).toHaveLength(20);
  });

  it('states fitting when the episode fits, and caps the history at 5 turns', () => {
    let { state } = resetEpisode({ seed: 1, systemId: 'spring_mass', fit: true });
    for (let turn = 0; turn < 6; turn++)
      state = stepEpisode(state, { equation: 'd2x/dt2 = -w', params: { w: 1 } }).state;
    const [system, user] = buildPrompt(
      resetEpisode({ seed: 1, systemId: 'spring_mass', fit: true }).observation,
    );
    expect(system!.role).toBe('system');
    expect(user!.content).toMatch(/PARAMETER_FITTING: on\. .*fitted to the data before scoring, and the fitted law is also tested on experiments you do not see/);
    const stepped = stepEpisode(state, {
      equation: 'd2x/dt2 = -w*x',
      params: { w: 1 },
    }).observation;
    const text = renderObservation(stepped);
    expect(text).toContain('HISTORY (last 5 of 7 turns):');
    expect(text).not.toContain('turn=2 ');
    expect(text).toMatch(
      /turn=7 equation="d2x\/dt2 = -w\*x" params=\{"w":1\} fitted=\{"w":[\d.]+\}/,
    );
  });
});
