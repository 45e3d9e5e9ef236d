import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { CURRICULUM, type Level } from '@verilab/qubit-medic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { loadServerConfig } from '../server-config.ts';
import { createRuntime } from '../server-runtime.ts';
import { httpClient } from '../testing/http-client.ts';
import { connectSdkHttp } from '../testing/mcp-sdk-client.ts';
import { startTestServer, testConfig, testPhysics, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';
import { runStdioMcp } from './stdio-mcp.ts';
import { agentPolicy } from './tool-catalog.ts';

// No reward oracle in an agent's hands: by default no MCP transport lists a tool that answers
// with the matching decoder's frame (or any other ground truth) before the episode is stepped,
// `decode` is refused by name and POST /decode is 403; `exposeDecoder` turns both back on.
type Rpc = (method: string, params?: Record<string, unknown>) => Promise<{ result?: any; error?: { code: number; message: string } }>; // eslint-disable-line @typescript-eslint/no-explicit-any

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
const sockets: { close(): void | Promise<void> }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  exposed = await startTestServer({ environments: [createQubitMedicHost({ physics: testPhysics(), exposeDecoder: true })] });
});
afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
  await Promise.all([server.close(), exposed.close()]);
});

function httpRpc(url: string): Rpc {
  const api = httpClient(url);
  return async (method, params) => (await api.post('/mcp', { jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) })).json;
}

async function socketRpc(url: string, envelope: boolean): Promise<Rpc> {
  const client = await connectWs(url);
  sockets.push(client);
  return async (method, params) => {
    const request = { jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) };
    const reply = await client.request(envelope ? { type: 'mcp', data: request } : request);
    return (envelope ? reply.data : reply) as Awaited<ReturnType<Rpc>>;
  };
}

/** The MCP SDK's client over Streamable HTTP. */
async function sdkRpc(url: string): Promise<Rpc> {
  const sdk = await connectSdkHttp(url);
  sockets.push(sdk);
  return sdk.rpc;
}

/** `verilab mcp`'s stdio server on its own session, one request at a time. */
function stdioRpc(exposeDecoder: boolean): Rpc {
  const host = createQubitMedicHost({ physics: testPhysics(), exposeDecoder });
  const runtime = createRuntime({ config: testConfig(), environments: [host] });
  const input = new PassThrough();
  const output = new PassThrough();
  void runStdioMcp({ host, session: runtime.openSession(host), policy: agentPolicy(runtime.config), input, output });
  sockets.push({ close: () => void input.end() });
  const lines = createInterface({ input: output })[Symbol.asyncIterator]();
  let id = 0;
  return async (method, params) => {
    input.write(`${JSON.stringify({ jsonrpc: '2.0', id: ++id, method, ...(params === undefined ? {} : { params }) })}\n`);
    return JSON.parse((await lines.next()).value as string);
  };
}

const transports: [string, () => Promise<Rpc> | Rpc][] = [
  ['POST /mcp', () => httpRpc(server.url)],
  ['POST /envs/qubit-medic/mcp', () => httpRpc(`${server.url}/envs/qubit-medic`)],
  ['WebSocket /mcp', () => socketRpc(`${server.wsUrl}/mcp`, false)],
  ['WebSocket /envs/qubit-medic/mcp', () => socketRpc(`${server.wsUrl}/envs/qubit-medic/mcp`, false)],
  ['the /ws "mcp" envelope', () => socketRpc(`${server.wsUrl}/ws`, true)],
  ['stdio (verilab mcp)', () => stdioRpc(false)],
  ['MCP SDK client, Streamable HTTP /mcp', () => sdkRpc(server.url)],
  ['MCP SDK client, Streamable HTTP /envs/qubit-medic/mcp', () => sdkRpc(`${server.url}/envs/qubit-medic`)],
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
    for (const rpc of [httpRpc(exposed.url), stdioRpc(true), await sdkRpc(exposed.url)]) {
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
