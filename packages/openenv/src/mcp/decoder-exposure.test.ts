import { CURRICULUM, type Level } from '@verilab/qubit-medic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { loadServerConfig } from '../server-config.ts';
import { createRuntime } from '../server-runtime.ts';
import { httpClient } from '../testing/http-client.ts';
import { httpMcp, sdkMcp, socketMcp, stdioMcp, type Closers, type McpReply, type McpRpc } from '../testing/mcp-transports.ts';
import { startTestServer, testConfig, testPhysics, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';

// No reward oracle in an agent's hands: by default no MCP transport lists a tool that answers
// with the matching decoder's frame (or any other ground truth) before the episode is stepped,
// `decode` is refused by name and POST /decode is 403; `exposeDecoder` turns both back on.
/** What a step's info reveals: none of it may appear in a tool's answer before the step. */
const GROUND_TRUTH_KEYS = [
  'pymatching_x_errors',
  'pymatching_z_errors',
  'pymatching_observable_flip',
  'pymatching_observable_pred',
  'implied_observable_from_x_errors',
  'true_x_errors',
  'true_z_errors',
  'actual_observable_flip',
  'optimal_observable_pred',
  'posterior_flip_probability',
];
const revealed = (value: unknown) => GROUND_TRUTH_KEYS.filter((key) => JSON.stringify(value).includes(`"${key}":`));

/** Arguments for every tool an agent may call before stepping; a tool missing here fails the test until it is checked too. */
const PRE_STEP_CALLS: Record<string, Record<string, unknown>> = {
  reset: {},
  list_levels: {},
};

let server: TestServer;
let exposed: TestServer;
const closers: Closers = [];

beforeAll(async () => {
  server = await startTestServer();
  exposed = await startTestServer({ environments: [createQubitMedicHost({ physics: testPhysics(), exposeDecoder: true })] });
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await Promise.all([server.close(), exposed.close()]);
});

/** OpenEnv's methods in the /ws "mcp" envelope (the other transports are in testing/mcp-transports.ts). */
async function envelopeMcp(url: string): Promise<McpRpc> {
  const client = await connectWs(url);
  closers.push(() => client.close());
  return async (method, params) => (await client.request({ type: 'mcp', data: { jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) } })).data as McpReply;
}

/** `verilab mcp`'s stdio server on a session of a server of its own. */
function stdioOwnServer(exposeDecoder: boolean): McpRpc {
  const host = createQubitMedicHost({ physics: testPhysics(), exposeDecoder });
  return stdioMcp(createRuntime({ config: testConfig(), environments: [host] }), host, closers);
}

const transports: [string, () => Promise<McpRpc> | McpRpc][] = [
  ['POST /mcp', () => httpMcp(server.url)],
  ['POST /envs/qubit-medic/mcp', () => httpMcp(`${server.url}/envs/qubit-medic`)],
  ['WebSocket /mcp', () => socketMcp(`${server.wsUrl}/mcp`, closers)],
  ['WebSocket /envs/qubit-medic/mcp', () => socketMcp(`${server.wsUrl}/envs/qubit-medic/mcp`, closers)],
  ['the /ws "mcp" envelope', () => envelopeMcp(`${server.wsUrl}/ws`)],
  ['stdio (verilab mcp)', () => stdioOwnServer(false)],
  ['MCP SDK client, Streamable HTTP /mcp', () => sdkMcp(server.url, closers)],
  ['MCP SDK client, Streamable HTTP /envs/qubit-medic/mcp', () => sdkMcp(`${server.url}/envs/qubit-medic`, closers)],
];

describe.each(transports)('by default, over %s', (_name, open) => {
  it('lists no decoder, refuses it by name, and no tool answers with ground truth before a step', async () => {
    const rpc = await open();
    const { result } = await rpc('tools/list');
    const names = (result.tools as { name: string }[]).map((tool) => tool.name);
    expect(names).toEqual(['reset', 'step', 'list_levels']);
    expect(revealed(result)).toEqual([]);
    const refused = await rpc('tools/call', { name: 'decode', arguments: { syndrome: [0], level: 'L1_warmup' } });
    expect(refused.error?.code).toBe(-32602);
    expect(refused.error?.message).toMatch(/^Tool not found: decode \(.*--expose-decoder/);

    let episodeId: unknown;
    for (const name of names.filter((n) => n !== 'step')) {
      expect(PRE_STEP_CALLS, `tool ${name} is new: check that it reveals no ground truth, then add it here`).toHaveProperty(name);
      const called = await rpc('tools/call', { name, arguments: PRE_STEP_CALLS[name] });
      expect(called.error).toBeUndefined();
      expect(revealed(called.result)).toEqual([]);
      if (name === 'reset') episodeId = (called.result.data ?? called.result.structuredContent).observation.episode_id;
    }
    // The check can fail: the step's info does carry the decoder's frame, once the answer is in.
    const stepped = await rpc('tools/call', { name: 'step', arguments: { episode_id: episodeId, raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
    expect(revealed(stepped.result)).toEqual(expect.arrayContaining(['pymatching_x_errors', 'true_x_errors']));
  });
});

describe('POST /decode', () => {
  it('is 403 by default at the root and under /envs/qubit-medic, naming the option', async () => {
    for (const path of ['/decode', '/envs/qubit-medic/decode']) {
      const refused = await httpClient(server.url).post(path, { syndrome: [0] });
      expect(refused.status).toBe(403);
      expect(refused.json.detail).toMatch(/verilab serve --expose-decoder/);
    }
  });

  it('with exposeDecoder decodes in LLM ids, with 400 for a wrong length or level and 422 for bad bits', async () => {
    const api = httpClient(exposed.url);
    const physics = testPhysics()(CURRICULUM.find((level) => level.name === 'L2_target') as Level);
    const syndrome = physics.sample(3).syndromeBits;
    const decoded = await api.post('/decode', { syndrome });
    expect(decoded.status).toBe(200);
    const expected = physics.decode(syndrome);
    expect(decoded.json).toEqual({
      level: 'L2_target',
      syndrome,
      pymatching_observable_flip: expected.observableFlip,
      pymatching_x_errors: expected.frame.x,
      pymatching_z_errors: expected.frame.z,
      implied_observable_from_x_errors: expected.observableFlip,
    });
    const short = await api.post('/decode', { syndrome: [0, 1] });
    expect([short.status, short.json.detail]).toEqual([400, `syndrome length 2 != ${syndrome.length} expected for L2_target`]);
    expect((await api.post('/decode', { syndrome, level: 'nope' })).status).toBe(400);
    expect((await api.post('/decode', { syndrome: [2] })).status).toBe(422);
    expect((await api.get('/healthz')).json.decoder_exposed).toBe(true);
    expect((await httpClient(server.url).get('/healthz')).json.decoder_exposed).toBe(false);
  });
});

describe('exposeDecoder', () => {
  it('lists and runs decode over POST /mcp, stdio and Streamable HTTP', async () => {
    const physics = testPhysics()(CURRICULUM[0] as Level);
    const syndrome = physics.sample(5).syndromeBits;
    for (const rpc of [httpMcp(exposed.url), stdioOwnServer(true), await sdkMcp(exposed.url, closers)]) {
      const { result } = await rpc('tools/list');
      expect((result.tools as { name: string }[]).map((tool) => tool.name)).toEqual(['reset', 'step', 'decode', 'list_levels']);
      const called = await rpc('tools/call', { name: 'decode', arguments: { syndrome, level: 'L1_warmup' } });
      expect((called.result.data ?? called.result.structuredContent).pymatching_x_errors).toEqual(physics.decode(syndrome).frame.x);
    }
  });

  it('is read from --expose-decoder or VERILAB_EXPOSE_DECODER, off by default', () => {
    const read = (env: Record<string, string>, flag?: boolean) => loadServerConfig(env, flag === undefined ? {} : { exposeDecoder: flag });
    expect(read({})).toMatchObject({ ok: true, value: { exposeDecoder: false } });
    expect(read({}, true)).toMatchObject({ ok: true, value: { exposeDecoder: true } });
    expect(read({ VERILAB_EXPOSE_DECODER: 'yes' })).toMatchObject({ ok: true, value: { exposeDecoder: true } });
    expect(read({ VERILAB_EXPOSE_DECODER: '0' })).toMatchObject({ ok: true, value: { exposeDecoder: false } });
    expect(read({ VERILAB_EXPOSE_DECODER: 'maybe' })).toMatchObject({ ok: false, issues: [{ code: 'invalid-setting', path: ['exposeDecoder'], message: expect.stringMatching(/^VERILAB_EXPOSE_DECODER="maybe": must be one of/) }] });
  });
});
