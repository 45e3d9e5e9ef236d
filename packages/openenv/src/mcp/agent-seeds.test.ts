import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { createRuntime } from '../server-runtime.ts';
import { httpClient } from '../testing/http-client.ts';
import { connectSdkHttp } from '../testing/mcp-sdk-client.ts';
import { startPhysixTestServer } from '../testing/physix-test-server.ts';
import { startTestServer, testConfig, testPhysics, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';
import { runStdioMcp } from './stdio-mcp.ts';

// The replay oracle: an agent that names a seed can step an episode once with any answer, read
// the true error the step reveals, reset the same seed and answer with it. By default an MCP
// client cannot name a seed on any transport; `agentSeeds` allows it (and so the replay).
type Reply = { result?: any; error?: { code: number; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Rpc = (method: string, params?: Record<string, unknown>) => Promise<Reply>;

let server: TestServer;
let seeded: TestServer;
const closers: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  server = await startTestServer();
  seeded = await startTestServer({ env: { VERILAB_AGENT_SEEDS: '1' } });
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await Promise.all([server.close(), seeded.close()]);
});

function httpRpc(url: string): Rpc {
  const api = httpClient(url);
  return async (method, params) => (await api.post('/mcp', { jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) })).json as Reply;
}

async function socketRpc(url: string): Promise<Rpc> {
  const client = await connectWs(url);
  closers.push(() => client.close());
  let id = 0;
  return async (method, params) => (await client.request({ jsonrpc: '2.0', id: ++id, method, ...(params === undefined ? {} : { params }) })) as Reply;
}

async function sdkRpc(url: string): Promise<Rpc> {
  const sdk = await connectSdkHttp(url);
  closers.push(sdk.close);
  return sdk.rpc;
}

function stdioRpc(agentSeeds: boolean): Rpc {
  const host = createQubitMedicHost({ physics: testPhysics() });
  const runtime = createRuntime({ config: testConfig(agentSeeds ? { VERILAB_AGENT_SEEDS: '1' } : {}), environments: [host] });
  const input = new PassThrough();
  const output = new PassThrough();
  void runStdioMcp({ host, session: runtime.openSession(host), policy: { chooseSeeds: runtime.config.agentSeeds }, input, output });
  closers.push(() => void input.end());
  const lines = createInterface({ input: output })[Symbol.asyncIterator]();
  let id = 0;
  return async (method, params) => {
    input.write(`${JSON.stringify({ jsonrpc: '2.0', id: ++id, method, ...(params === undefined ? {} : { params }) })}\n`);
    return JSON.parse((await lines.next()).value as string) as Reply;
  };
}

const data = (reply: Reply) => reply.result?.data ?? reply.result?.structuredContent;

/**
 * A refused tool call: OpenEnv's methods answer -32602, standard MCP (stdio, Streamable HTTP) a
 * result flagged isError whose text is the same message.
 */
function refusal(reply: Reply): { code: number | 'isError'; message: string } | undefined {
  if (reply.error !== undefined) return reply.error;
  return reply.result?.isError === true ? { code: 'isError', message: reply.result.content[0].text as string } : undefined;
}

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
  ['POST /mcp', (agentSeeds) => httpRpc((agentSeeds ? seeded : server).url), -32602],
  ['WebSocket /mcp', (agentSeeds) => socketRpc(`${(agentSeeds ? seeded : server).wsUrl}/mcp`), -32602],
  ['stdio (verilab mcp)', (agentSeeds) => stdioRpc(agentSeeds), 'isError'],
  ['MCP SDK client, Streamable HTTP /mcp', (agentSeeds) => sdkRpc((agentSeeds ? seeded : server).url), 'isError'],
];

describe.each(transports)('over %s', (_name, open, refusedAs) => {
  it('lists reset without a seed and refuses one, so a revealed episode cannot be replayed', async () => {
    const rpc = await open(false);
    const listed = await rpc('tools/list');
    const reset = (listed.result.tools as { name: string; inputSchema: { properties: Record<string, unknown> } }[]).find((t) => t.name === 'reset')!;
    expect(Object.keys(reset.inputSchema.properties)).not.toContain('seed');
    expect(Object.keys(reset.inputSchema.properties)).toContain('run_id');

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

  it('lists and takes no task or reward profile either: every transport answers through the one tool catalogue', async () => {
    const rpc = await open(false);
    const listed = await rpc('tools/list');
    const reset = (listed.result.tools as { name: string; inputSchema: { properties: Record<string, unknown> } }[]).find((t) => t.name === 'reset')!;
    for (const [option, value] of [['level', 'custom:d=3,r=1,p=1e-12'], ['forced_level', 'L4_stress'], ['reward_profile', 'v1']]) {
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
      const rpc = httpRpc(`${physix.url}/envs/physix`);
      const refused = await rpc('tools/call', { name: 'reset', arguments: { seed: 7 } });
      expect(refused.error).toMatchObject({ code: -32602, message: expect.stringMatching(/--agent-seeds/) });
      const started = await rpc('tools/call', { name: 'reset', arguments: {} });
      expect(started.error).toBeUndefined();
    } finally {
      await physix.close();
    }
  });
});
