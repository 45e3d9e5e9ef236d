import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { truthFrom } from '../testing/agent-policies.ts';
import { httpClient } from '../testing/http-client.ts';
import { daemonsAvailable, startRedis } from '../testing/loopback-daemons.ts';
import { httpMcp, httpSessionMcp, sdkMcp, socketMcp, stdioMcp, toolData, toolRefusal, type Closers, type McpRpc } from '../testing/mcp-transports.ts';
import { redisRunStore, startRunStoreServer } from '../testing/run-store-server.ts';
import { startTestServer, testPhysics, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';

// Qubit-Medic's curriculum moves a training run to harder levels as it succeeds, and L1 is the
// easiest, best-paying level. An MCP agent that could start a fresh run (a run_id of its own, a
// new session, a sessionless call) would be back on L1 whenever it liked. So unless the server
// trusts agents (--agent-seeds), every agent episode counts toward the one run the operator
// names (VERILAB_AGENT_RUN_ID); trainers keep naming runs over HTTP and /ws, but not that one,
// which only the agents' own episodes move.
const AGENT_RUN = 'operator-run';

let counted: TestServer;
let promoted: TestServer;
let trusting: TestServer;
const closers: Closers = [];

beforeAll(async () => {
  [counted, promoted, trusting] = await Promise.all([
    startTestServer({ env: { VERILAB_AGENT_RUN_ID: AGENT_RUN } }),
    startTestServer({ env: { VERILAB_AGENT_RUN_ID: AGENT_RUN } }),
    startTestServer({ env: { VERILAB_AGENT_SEEDS: '1' } }),
  ]);
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await Promise.all([counted.close(), promoted.close(), trusting.close()]);
});

/** Each call opens what an agent would open to start over: a new session, connection, client or process. */
const freshAgents: [string, (server: TestServer) => McpRpc | Promise<McpRpc>][] = [
  ['POST /mcp without a session', (server) => httpMcp(server.url)],
  ['POST /mcp, openenv/session/create', (server) => httpSessionMcp(server.url)],
  ['WebSocket /mcp', (server) => socketMcp(`${server.wsUrl}/mcp`, closers)],
  ['stdio (verilab mcp)', (server) => stdioMcp(server.runtime, server.runtime.defaultHost, closers)],
  ['MCP SDK client, Streamable HTTP /mcp', (server) => sdkMcp(server.url, closers)],
];

/** Plays an episode with a wrong answer; the samples its run's curriculum holds at its level afterwards. */
async function samplesAfterEpisode(rpc: McpRpc, reset: Record<string, unknown> = {}): Promise<number> {
  const started = toolData(await rpc('tools/call', { name: 'reset', arguments: reset }));
  const stepped = toolData(await rpc('tools/call', { name: 'step', arguments: { episode_id: started.observation.episode_id, raw_response: 'no idea' } }));
  return stepped.observation.info.curriculum_stats[started.observation.curriculum_level].samples as number;
}

describe.each(freshAgents)('an agent over %s', (_name, open) => {
  it("counts every episode toward the operator's run, refusing a run of its own", async () => {
    const before = await samplesAfterEpisode(await open(counted));
    // A new session is the same run: its episode is one more sample of the same curriculum.
    const again = await open(counted);
    expect(await samplesAfterEpisode(again)).toBe(before + 1);
    const refused = toolRefusal(await again('tools/call', { name: 'reset', arguments: { run_id: 'a-fresh-run' } }));
    expect(refused?.message).toMatch(/^Invalid arguments for tool reset: run_id: the server names the training run .*--agent-seeds/);
    const reset = ((await again('tools/list')).result.tools as { name: string; inputSchema: { properties: object } }[]).find((tool) => tool.name === 'reset')!;
    expect(Object.keys(reset.inputSchema.properties)).not.toContain('run_id');
  });
});

/** Agents answer with the truth until the curriculum promotes their run: 30 correct L1 episodes. */
async function promote(server: TestServer): Promise<void> {
  const truth = truthFrom(server.runtime);
  for (let i = 0; i < 30; i++) expect((await truth(httpMcp(server.url)))?.info.rewards.logical_correction).toBe(1);
}

/**
 * The levels of resets until one draws L2 (at most ten): a promoted run draws L2 70 % of the time
 * (its generator is seeded by its id, so the draws are fixed). Each episode is skipped, so each
 * counts as a failure of the run (at most a few, which the promoted run's 30 successes outweigh).
 */
async function levelsDrawn(rpc: McpRpc): Promise<Set<string>> {
  const levels = new Set<string>();
  for (let i = 0; i < 10 && !levels.has('L2_target'); i++) levels.add(toolData(await rpc('tools/call', { name: 'reset', arguments: {} })).observation.curriculum_level as string);
  return levels;
}

describe("once the operator's run is promoted past L1", () => {
  beforeAll(() => promote(promoted));

  it.each(freshAgents)('an agent starting over %s still draws its harder levels', async (_name, open) => {
    expect(await levelsDrawn(await open(promoted))).toContain('L2_target');
  });
});

/** The samples of the agents' run at L1, as an agent's session state shows them. */
async function agentRunSamples(server: TestServer): Promise<number> {
  const rpc = httpMcp(server.url);
  const state = toolData(await rpc('tools/call', { name: 'reset', arguments: {} }));
  expect(state.observation.curriculum_level).toBe('L1_warmup');
  const stepped = toolData(await rpc('tools/call', { name: 'step', arguments: { episode_id: state.observation.episode_id, raw_response: 'no idea' } }));
  return stepped.observation.info.curriculum_stats.L1_warmup.samples as number;
}

describe("the agents' run is theirs alone", () => {
  it('refuses HTTP and /ws resets naming it, by field, so a trainer cannot steer the agents back to L1', async () => {
    const server = await startTestServer({ env: { VERILAB_AGENT_RUN_ID: AGENT_RUN } });
    try {
      const before = await agentRunSamples(server);
      for (const path of ['/reset', '/envs/qubit-medic/reset']) {
        const refused = await httpClient(server.url).post(path, { run_id: AGENT_RUN });
        expect(refused.status).toBe(422);
        expect(refused.json.detail).toEqual([
          expect.objectContaining({ type: 'value_error', loc: ['body', 'run_id'], msg: expect.stringMatching(/^Value error, run_id "operator-run" is the run of this server's MCP agents \(VERILAB_AGENT_RUN_ID\)/) }),
        ]);
      }
      const socket = await connectWs(`${server.wsUrl}/ws`);
      closers.push(() => socket.close());
      const wsRefused = await socket.request({ type: 'reset', data: { run_id: AGENT_RUN } });
      expect(wsRefused).toMatchObject({ type: 'error', data: { code: 'VALIDATION_ERROR', errors: [{ loc: ['data', 'run_id'], msg: expect.stringContaining('MCP agents') }] } });
      // Other runs are the trainer's to name, over both channels.
      expect((await httpClient(server.url).post('/reset', { run_id: 'trainer-run' })).status).toBe(200);
      expect(await socket.request({ type: 'reset', data: { run_id: 'trainer-run' } })).toMatchObject({ type: 'observation' });
      // Nothing the trainer sent reached the agents' run; their own episodes still move it.
      expect(await agentRunSamples(server)).toBe(before + 1);
      await promote(server);
      expect(await levelsDrawn(httpMcp(server.url))).toContain('L2_target');
    } finally {
      await server.close();
    }
  });
});

describe("the agents' run is theirs alone", () => {
  it('stays when a client names more fresh runs than the server keeps, so no flood of run ids restarts the agents at L1', async () => {
    const keepsFour = createQubitMedicHost({ physics: testPhysics(), maxRuns: 4, agentRun: AGENT_RUN });
    const server = await startTestServer({ env: { VERILAB_AGENT_RUN_ID: AGENT_RUN }, environments: [keepsFour] });
    try {
      const before = await agentRunSamples(server);
      for (let k = 0; k < 8; k++) expect((await httpClient(server.url).post('/reset', { run_id: `fresh-run-${k}` })).status).toBe(200);
      expect(await agentRunSamples(server)).toBe(before + 1);
    } finally {
      await server.close();
    }
  });
});

const redisState = daemonsAvailable(['redis-server']);

describe.skipIf(redisState.skip)(`replicas sharing Redis${redisState.skip ? ` (skipped: ${redisState.missing})` : ''}`, () => {
  it("serve agents one run: a replica reads the run back before an agent's reset", async () => {
    if (redisState.missing !== undefined) throw new Error(redisState.missing);
    const redis = await startRedis();
    const log: string[] = [];
    const replica = () => startRunStoreServer(redisRunStore(redis.port, (line) => log.push(line)), (line) => log.push(line));
    const [trained, other] = await Promise.all([replica(), replica()]);
    try {
      await promote(trained);
      expect(await levelsDrawn(httpMcp(other.url))).toContain('L2_target');
      expect(log).toEqual([]);
    } finally {
      await Promise.all([trained.close(), other.close()]);
      await redis.stop();
    }
  });
});

describe('with --agent-seeds', () => {
  it.each(freshAgents)('an agent over %s names its own runs (what the option allows)', async (name, open) => {
    const rpc = await open(trusting);
    const run = `agent-run-${name}`;
    expect(await samplesAfterEpisode(rpc, { run_id: run })).toBe(1);
    expect(await samplesAfterEpisode(rpc, { run_id: run })).toBe(2);
    expect(await samplesAfterEpisode(rpc, { run_id: `${run}-2` })).toBe(1);
  });
});
