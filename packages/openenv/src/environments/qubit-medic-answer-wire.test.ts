import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../testing/http-client.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// Over the wire, as a trainer sees it: the true answer with an explanation after it scores as the
// bare true answer (a lenient key in the prose, "the Z errors: (…)", once voided it), a key inside
// a word is no key, and the beat pays half on a tie with the decoder and all of it only when the
// answer is right where the decoder is wrong, so the truth scores 0.95 or 1.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('Qubit-Medic answers on the wire', () => {
  it('scores the truth with an explanation, or with a decoy key inside a word, as the truth', async () => {
    const api = httpClient(server.url);
    const play = async (seed: number, raw: string) => {
      const reset = await api.post('/reset', { seed, level: 'L4_stress' });
      const step = await api.post('/step', { action: { raw_response: raw, episode_id: reset.json.observation.episode_id } });
      return step.json as { reward: number; observation: { info: Record<string, any> } }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    let decoderWrong = 0;
    for (let seed = 0; seed < 40; seed++) {
      const { info } = (await play(seed, '')).observation;
      const truth = `X_ERRORS=[${info.true_x_errors.join(',')}] Z_ERRORS=[${info.true_z_errors.join(',')}]`;
      const bare = await play(seed, truth);
      const tie = info.pymatching_observable_pred === info.actual_observable_flip;
      if (!tie) decoderWrong++;
      expect({ seed, beat: bare.observation.info.rewards.pymatching_beat }).toEqual({ seed, beat: tie ? 0.5 : 1 });
      expect(bare.reward, `seed ${seed}`).toBeCloseTo(tie ? 0.95 : 1, 12);
      for (const written of [`${truth}\nWhy: the X errors: (those above) and the Z errors: (none visible) explain it.`, `MAX_ERRORS=[0] ${truth} (matrix errors: (0))`]) {
        const scored = await play(seed, written);
        expect({ seed, written, rewards: scored.observation.info.rewards }).toEqual({ seed, written, rewards: bare.observation.info.rewards });
      }
    }
    // L4 has episodes where matching fails: both branches of the beat are on the wire.
    expect(decoderWrong).toBeGreaterThan(0);
  });
});
