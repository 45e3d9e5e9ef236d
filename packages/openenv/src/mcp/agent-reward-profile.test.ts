import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../testing/http-client.ts';
import { startPhysixTestServer } from '../testing/physix-test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

// An agent that chooses its own reward profile can choose the original's (v1): there an
// unreadable Qubit-Medic answer scores about 0.8 on a quiet syndrome, and a PhysiX law with a
// wrong constant about 0.95. So the MCP reset tool, like its seed, leaves the profile to the
// server unless the operator trusts its agents with --agent-seeds; trainers set it over HTTP
// and /ws, which this does not touch.
type Reply = { result?: { tools?: { name: string; inputSchema: { properties: Record<string, unknown> } }[]; structuredContent?: any }; error?: { code: number; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: TestServer;
let trusting: TestServer;

beforeAll(async () => {
  [server, trusting] = await Promise.all([startPhysixTestServer(), startPhysixTestServer({ env: { VERILAB_AGENT_SEEDS: '1' } })]);
});
afterAll(async () => {
  await Promise.all([server.close(), trusting.close()]);
});

const rpc = (url: string) => async (method: string, params?: Record<string, unknown>) =>
  (await httpClient(url).post('/mcp', { jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) })).json as Reply;

describe.each([
  ['qubit-medic', ''],
  ['physix', '/envs/physix'],
])('the %s MCP reset tool', (_name, prefix) => {
  it('lists no reward profile and refuses one, naming the option that allows it', async () => {
    const call = rpc(`${server.url}${prefix}`);
    const reset = (await call('tools/list')).result!.tools!.find((tool) => tool.name === 'reset')!;
    expect(Object.keys(reset.inputSchema.properties)).not.toContain('reward_profile');
    const refused = await call('tools/call', { name: 'reset', arguments: { reward_profile: 'v1' } });
    expect(refused.error).toMatchObject({ code: -32602, message: expect.stringMatching(/reward_profile: .*--agent-seeds/) });
  });

  it('takes one when the server trusts its agents', async () => {
    const call = rpc(`${trusting.url}${prefix}`);
    const started = await call('tools/call', { name: 'reset', arguments: { reward_profile: 'v1' } });
    expect(started.error).toBeUndefined();
    expect(JSON.stringify(started.result)).toContain('v1');
  });
});
