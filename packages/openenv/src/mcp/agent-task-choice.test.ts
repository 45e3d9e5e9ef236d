import { describe, expect, it } from 'vitest';
import { createPhysixTestApp } from '../testing/physix-test-server.ts';

// An agent that chooses its own task chooses what it is scored on: a custom Qubit-Medic level
// at p = 1e-12 has empty syndromes, so "no errors" earns the most on every episode (and a large
// custom level costs seconds to build); on PhysiX it could pick the held-out tier3 systems, its
// own fitting and its own turn budget. So the MCP reset tool leaves the task to the server (its
// curriculum, its defaults) unless the operator trusts agents with --agent-seeds; trainers
// choose tasks over HTTP and /ws, which this does not touch.
type Reply = { result?: { tools?: { name: string; inputSchema: { properties: Record<string, unknown> } }[]; data?: any }; error?: { code: number; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

const untrusted = createPhysixTestApp();
const trusting = createPhysixTestApp({ env: { VERILAB_AGENT_SEEDS: '1' } });

const rpc = (app: typeof untrusted, prefix: string) => async (method: string, params?: Record<string, unknown>) =>
  (await app.client(prefix).post('/mcp', { jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) })).json as Reply;

const HOSTILE_LEVEL = 'custom:d=3,r=1,p=1e-12';

const cases: [string, string, Record<string, unknown>[], (data: any) => void][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  [
    'qubit-medic',
    '',
    [{ level: HOSTILE_LEVEL }, { forced_level: HOSTILE_LEVEL }, { level: 'L4_stress' }],
    (data) => expect(data.observation.curriculum_level).toMatch(/^custom:d=3,r=1,p=1e-12,/),
  ],
  [
    'physix',
    '/envs/physix',
    [{ system_id: 'projectile_drag' }, { fit: true }, { fit: false }, { max_turns: 50 }],
    (data) => expect(data.observation).toMatchObject({ system_id: 'projectile_drag', tier: 'tier3', fit: true, max_turns: 50 }),
  ],
];

describe.each(cases)('the %s MCP reset tool', (_name, prefix, choices, chosen) => {
  const withheld = [...new Set(choices.flatMap((choice) => Object.keys(choice)))];
  const everything = Object.assign({}, ...choices.slice().reverse()) as Record<string, unknown>;

  it('lists none of the task options and refuses each, naming it and the option that allows it', async () => {
    const call = rpc(untrusted, prefix);
    const reset = (await call('tools/list')).result!.tools!.find((tool) => tool.name === 'reset')!;
    for (const option of withheld) expect(Object.keys(reset.inputSchema.properties)).not.toContain(option);
    for (const choice of choices) {
      const [option] = Object.keys(choice);
      const refused = await call('tools/call', { name: 'reset', arguments: choice });
      expect(refused.error).toMatchObject({ code: -32602, message: expect.stringMatching(new RegExp(`^Invalid arguments for tool reset: ${option}: .*--agent-seeds`)) });
    }
    const started = await call('tools/call', { name: 'reset', arguments: {} });
    expect(started.error).toBeUndefined();
  });

  it('still takes them from trainers over HTTP, and from agents the server trusts', async () => {
    const overHttp = await untrusted.client(prefix).post('/reset', everything);
    expect(overHttp.status).toBe(200);
    chosen(overHttp.json);
    const trusted = await rpc(trusting, prefix)('tools/call', { name: 'reset', arguments: everything });
    expect(trusted.error).toBeUndefined();
    chosen(trusted.result!.data);
  });
});

it('leaves an agent the server chooses for on the curriculum and the training tiers', async () => {
  const level = await rpc(untrusted, '')('tools/call', { name: 'reset', arguments: {} });
  expect(level.result!.data.observation.curriculum_level).toBe('L1_warmup');
  for (let i = 0; i < 10; i++) {
    const system = await rpc(untrusted, '/envs/physix')('tools/call', { name: 'reset', arguments: {} });
    expect(system.result!.data.observation).toMatchObject({ tier: expect.stringMatching(/^tier[12]$/), fit: false, max_turns: 8 });
  }
});
