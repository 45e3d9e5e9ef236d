import { describe, expect, it } from 'vitest';
import { LEVEL_LIMITS } from '@verilab/qubit-medic';
import { defaultEnvironments } from '../environments/default-environments.ts';
import { DEFAULT_MAX_LEVEL_DETECTORS } from '../environments/level-limits.ts';
import { createRuntime } from '../server-runtime.ts';
import { startServer } from './start-server.ts';
import { httpClient } from '../testing/http-client.ts';
import { testConfig } from '../testing/test-server.ts';

// The default limit serves every level @verilab/qubit-medic supports, d = 25 included: the
// largest, d = 25 with r = 13 (8112 detectors), is built in the server's worker and played.
describe('the largest level a default server serves', () => {
  it('states the library limit in /healthz and plays d = 25, r = 13', async () => {
    expect(DEFAULT_MAX_LEVEL_DETECTORS).toBe(LEVEL_LIMITS.maxDetectors);
    const config = testConfig();
    const served = await startServer({ runtime: createRuntime({ config, environments: defaultEnvironments(config) }) });
    try {
      const client = httpClient(served.url);
      const health = await client.get('/healthz');
      expect(health.json).toMatchObject({ max_level_detectors: LEVEL_LIMITS.maxDetectors, level_limits: { distance: { maximum: 25 }, detectors: { maximum: LEVEL_LIMITS.maxDetectors } } });

      const reset = await client.post('/reset', { level: 'custom:d=25,r=13,p=0.001', seed: 3 });
      expect(reset.status).toBe(200);
      expect(reset.json.observation.syndrome_bits).toHaveLength(24 * 26 * 13);
      const step = await client.post('/step', { action: { episode_id: reset.json.observation.episode_id, raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
      expect(step.status).toBe(200);
      expect(step.json.done).toBe(true);
      expect(step.json.reward).toBeGreaterThanOrEqual(0);
      expect(step.json.reward).toBeLessThanOrEqual(1);
    } finally {
      await served.close();
    }
  }, 120_000);
});
