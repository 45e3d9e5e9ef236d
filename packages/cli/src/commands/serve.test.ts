import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../main.ts';
import { spawnServe, type ServeProcess } from '../testing/serve-process.ts';

// `verilab serve` as real processes: stateless HTTP episodes move between replicas that share
// a key and keep spent tokens (here each in its own journal), survive a restart, and are stepped
// at most once per process; with no record of spent tokens they are bound to the process.
// (Exactly once across replicas, with a shared Redis store: serve-scale-out.test.ts.)
const KEY = Buffer.alloc(32, 42).toString('base64');
const running: ServeProcess[] = [];

async function serve(env: Record<string, string>): Promise<ServeProcess> {
  const served = await spawnServe(env);
  running.push(served);
  return served;
}

async function post(url: string, body: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, json: await response.json() };
}

const step = (url: string, episode_id: string) => post(`${url}/step`, { action: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]', episode_id, metadata: {} } });

afterAll(async () => {
  await Promise.all(running.map((served) => served.stop()));
});

describe('verilab serve', () => {
  it('steps an episode reset on another process with the same key, once, and after a restart', async () => {
    const journals = mkdtempSync(join(tmpdir(), 'verilab-serve-'));
    const journaled = (name: string) => ({ VERILAB_TOKEN_KEY: KEY, VERILAB_REPLAY_FILE: join(journals, name) });
    const [a, b, other, unrecorded] = await Promise.all([
      serve(journaled('a.log')),
      serve(journaled('b.log')),
      serve({ VERILAB_TOKEN_KEY: '' }),
      serve({ VERILAB_TOKEN_KEY: KEY }),
    ]);
    expect(a.stderr()).not.toMatch(/development key|VERILAB_REPLAY_STORE/);
    expect(unrecorded.stderr()).toMatch(/neither VERILAB_REPLAY_STORE nor VERILAB_REPLAY_FILE is set/);
    const bound = await step(unrecorded.url, (await post(`${a.url}/reset`, {})).json.observation.episode_id);
    expect([bound.status, bound.json.detail]).toEqual([400, expect.stringMatching(/issued by another run of this server/)]);
    expect(other.stderr()).toMatch(/VERILAB_TOKEN_KEY is not set; using a random development key/);
    const first = await post(`${a.url}/reset`, { seed: 5, level: 'L2_target' });
    const token: string = first.json.observation.episode_id;
    const onB = await step(b.url, token);
    expect(onB.status).toBe(200);
    expect(onB.json.observation.syndrome_bits).toEqual(first.json.observation.syndrome_bits);
    expect(onB.json.observation.info.seed).toBe(5);
    const replay = await step(b.url, token);
    expect([replay.status, replay.json.detail]).toEqual([400, expect.stringMatching(/already stepped/)]);

    const altered = token.slice(0, 20) + (token[20] === 'x' ? 'y' : 'x') + token.slice(21);
    expect((await step(b.url, altered)).status).toBe(400);
    const foreign = await step(other.url, (await post(`${a.url}/reset`, {})).json.observation.episode_id);
    expect([foreign.status, foreign.json.detail]).toEqual([400, expect.stringMatching(/not an episode token/)]);

    const pending: string = (await post(`${a.url}/reset`, { seed: 6 })).json.observation.episode_id;
    expect(await a.stop()).toBe(0);
    const restarted = await serve(journaled('a.log'));
    expect((await step(restarted.url, pending)).status).toBe(200);
    
  });

  it('exits 2 with the offending setting named on bad configuration', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.stubEnv('VERILAB_MAX_SESSIONS', 'many');
    try {
      expect(await main(['serve', '--port', '99999'])).toBe(2);
      const printed = stderr.mock.calls.map(([text]) => String(text)).join('');
      expect(printed).toMatch(/verilab: bad server configuration:/);
      expect(printed).toMatch(/--port="99999": Too big/);
      expect(printed).toMatch(/VERILAB_MAX_SESSIONS="many"/);
    } finally {
      vi.unstubAllEnvs();
      stderr.mockRestore();
    }
  });
});
