import { unwrap } from '@verilab/core';
import { CURRICULUM, type Level } from '@verilab/qubit-medic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpisodeTokenCodec, parseTokenKey } from '../episodes/episode-tokens.ts';
import { httpClient } from '../testing/http-client.ts';
import { startTestServer, TEST_TOKEN_KEY, testPhysics, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';

// Before the step, nothing a client can read exposes the ground truth: not the true frame, not
// the observable flip, not the decoder's frame, and not the seed they follow from.
const GROUND_TRUTH_KEYS = [
  'true_x_errors',
  'true_z_errors',
  'trueFrame',
  'actual_observable_flip',
  'observableFlip',
  'pymatching_observable_pred',
  'optimal_observable_pred',
  'posterior_flip_probability',
  'pymatching_x_errors',
  'pymatching_z_errors',
  'rewards',
];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      into.add(key);
      keysOf(child, into);
    }
  }
  return into;
}

const exposed = (documents: readonly unknown[]) => GROUND_TRUTH_KEYS.filter((key) => documents.some((doc) => keysOf(doc).has(key)));

describe('ground truth before the step', () => {
  it('appears in no response, schema or state, and the seed is nowhere in sight', async () => {
    const api = httpClient(server.url);
    const documents: unknown[] = [];
    const texts: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are arbitrary JSON
    const keep = (reply: { json: any; text: string }): any => {
      documents.push(reply.json);
      texts.push(reply.text);
      return reply.json;
    };
    for (const prefix of ['', '/envs/qubit-medic']) {
      for (const path of ['/', '/health', '/healthz', '/metadata', '/schema', '/openapi.json', '/state', '/docs']) keep(await api.get(`${prefix}${path}`));
      keep(await api.post(`${prefix}/state`));
      keep(await api.post(`${prefix}/mcp`, { jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    }
    // Unseeded resets over HTTP, MCP and WebSocket; the server picks a hidden seed.
    const http = keep(await api.post('/reset', { level: 'L2_target' }));
    const mcp = keep(await api.post('/mcp', { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'reset', arguments: {} } }));
    const ws = await connectWs(`${server.wsUrl}/ws`);
    const wsReset = await ws.request({ type: 'reset', data: { level: 'L2_target' } });
    documents.push(wsReset, await ws.request({ type: 'state' }));
    texts.push(JSON.stringify(documents.slice(-2)));
    keep(await api.get('/state'));

    expect(exposed(documents)).toEqual([]);
    expect(http.observation.info).toEqual({ event: 'reset' });
    expect((wsReset.data as { observation: { info: unknown } }).observation.info).toEqual({ event: 'reset' });

    // The seeds live only inside the encrypted tokens: open them with the key and look for them.
    const codec = new EpisodeTokenCodec({ key: parseTokenKey(TEST_TOKEN_KEY) as Uint8Array, lifetimeSeconds: 3600, now: () => Date.now() / 1000 });
    for (const token of [http.observation.episode_id, mcp.result.data.observation.episode_id]) {
      const seed = String((unwrap(codec.open('qubit-medic', token)).episode as { seed: number }).seed);
      expect(seed.length).toBeGreaterThan(6);
      for (const text of texts) expect(text).not.toContain(seed);
    }

    // The detector is real: after the step the same walk finds the truth, and it is the physics'.
    const stepped = await api.post('/step', { action: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]', episode_id: http.observation.episode_id } });
    expect(exposed([stepped.json])).toEqual(GROUND_TRUTH_KEYS.filter((key) => key !== 'trueFrame' && key !== 'observableFlip'));
    const info = stepped.json.observation.info;
    const l2 = testPhysics()(CURRICULUM.find((level) => level.name === 'L2_target') as Level);
    const shot = l2.sample(info.seed);
    expect([info.true_x_errors, info.true_z_errors, info.actual_observable_flip]).toEqual([shot.trueFrame.x, shot.trueFrame.z, shot.observableFlip]);
    const optimal = l2.decodeOptimal(shot.syndromeBits);
    expect([info.optimal_observable_pred, info.posterior_flip_probability]).toEqual([optimal?.observableFlip, optimal?.posteriorFlipProbability]);
    ws.close();
  });
});
