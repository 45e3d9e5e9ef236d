import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPhysixTestServer } from '../testing/physix-test-server.ts';
import { httpMcp, sdkMcp, socketMcp, stdioMcp, toolData as data, toolRefusal as refusal, type Closers, type McpRpc as Rpc } from '../testing/mcp-transports.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// The replay oracle: an agent that names a seed can step an episode once with any answer, read
// the true error the step reveals, reset the same seed and answer with it. By default an MCP
// client cannot name a seed on any transport; `agentSeeds` allows it (and so the replay).
let server: TestServer;
let seeded: TestServer;
const closers: Closers = [];

beforeAll(async () => {
  server = await startTestServer();
  seeded = await startTestServer({ env: { VERILAB_AGENT_SEEDS: '1' } });
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await Promise.all([server.close(), seeded.close()]);
});

const serverOf = (agentSeeds: boolean) => (agentSeeds ? seeded : server);

/** Steps a fresh episode with an empty answer and returns what the step reveals. */
async function playOnce(rpc: Rpc, reset: Record<string, unknown>) {
  const started = await rpc('tools/call', { name: 'reset', arguments: reset });
  const refused = refusal(started);
  if (refused !== undefined) return { refused };
  const episodeId = data(started).observation.episode_id;
  const stepped = await rpc('tools/call', { name: 'step', arguments: { episode_id: episodeId, raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
  const info = data(stepped).observation?.info ?? data(stepped).info;
  return { syndrome: data(started).observation.syndrome_bits as number[], seed: info.seed as number, truth: [info.true_x_errors, info.true_z_errors] };
}

const transports: [string, (agentSeeds: boolean) => Promise<Rpc> | Rpc, number | 'isError'][] = [
  ['POST /mcp', (agentSeeds) => httpMcp(serverOf(agentSeeds).url), -32602],
  ['WebSocket /mcp', (agentSeeds) => socketMcp(`${serverOf(agentSeeds).wsUrl}/mcp`, closers), -32602],
  ['stdio (verilab mcp)', (agentSeeds) => stdioMcp(serverOf(agentSeeds).runtime, serverOf(agentSeeds).runtime.defaultHost, closers), 'isError'],
  ['MCP SDK client, Streamable HTTP /mcp', (agentSeeds) => sdkMcp(serverOf(agentSeeds).url, closers), 'isError'],
];

describe.each(transports)('over %s', (_name, open, refusedAs) => {
  it('lists reset without a seed and refuses one, so a revealed episode cannot be replayed', async () => {
    const rpc = await open(false);
    const listed = await rpc('tools/list');
    const reset = (listed.result.tools as { name: string; inputSchema: { properties: Record<string, unknown> } }[]).find((t) => t.name === 'reset')!;
    expect(Object.keys(reset.inputSchema.properties)).not.toContain('seed');
    // What stays the agent's is still listed: the omission is only of what the server chooses.
    expect(Object.keys(reset.inputSchema.properties)).toContain('prompt_format');

    const first = await playOnce(rpc, {});
    if ('refused' in first) throw new Error(first.refused!.message);
    const replay = await playOnce(rpc, { seed: first.seed });
    expect(replay).toMatchObject({ refused: { code: refusedAs, message: expect.stringMatching(/seed: the server chooses the seed .*--agent-seeds/) } });
    // Unseeded resets draw unpredictable seeds: twenty episodes, twenty seeds.
    const seeds = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const episode = await playOnce(rpc, {});
      if ('refused' in episode) throw new Error(episode.refused!.message);
      seeds.add(episode.seed);
    }
    expect(seeds.size).toBe(20);
  });

  it('lists and takes no task, reward profile or training run either: every transport answers through the one tool catalogue', async () => {
    const rpc = await open(false);
    const listed = await rpc('tools/list');
    const reset = (listed.result.tools as { name: string; inputSchema: { properties: Record<string, unknown> } }[]).find((t) => t.name === 'reset')!;
    for (const [option, value] of [['level', 'custom:d=3,r=1,p=1e-12'], ['forced_level', 'L4_stress'], ['reward_profile', 'v1'], ['run_id', 'a-fresh-run']]) {
      expect(Object.keys(reset.inputSchema.properties)).not.toContain(option);
      const refused = refusal(await rpc('tools/call', { name: 'reset', arguments: { [option]: value } }));
      expect(refused, option).toMatchObject({ code: refusedAs, message: expect.stringMatching(new RegExp(`^Invalid arguments for tool reset: ${option}: .*--agent-seeds`)) });
    }
  });

  it('with agentSeeds, takes the seed and replays the episode (what the option allows)', async () => {
    const rpc = await open(true);
    const first = await playOnce(rpc, { level: 'L4_stress', seed: 12345 });
    const again = await playOnce(rpc, { level: 'L4_stress', seed: 12345 });
    expect(first).not.toHaveProperty('refused');
    expect(again).toEqual(first);
  });
});

describe('the PhysiX MCP tools', () => {
  it('refuse an agent-chosen seed too', async () => {
    const physix = await startPhysixTestServer();
    try {
      const rpc = httpMcp(`${physix.url}/envs/physix`);
      const refused = await rpc('tools/call', { name: 'reset', arguments: { seed: 7 } });
      expect(refused.error).toMatchObject({ code: -32602, message: expect.stringMatching(/--agent-seeds/) });
      const started = await rpc('tools/call', { name: 'reset', arguments: {} });
      expect(started.error).toBeUndefined();
    } finally {
      await physix.close();
    }
  });
});
