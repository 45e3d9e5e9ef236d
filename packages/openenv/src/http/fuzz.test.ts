import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, startTestServer, type TestApp, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';

// Client input never earns a 5xx or a dead socket: a few hundred malformed bodies and frames,
// drawn with fixed seeds, against every route that reads input (HTTP through the app's
// request(), the WebSockets over loopback).
const LIMITS = { VERILAB_MAX_BODY_BYTES: '65536', VERILAB_MAX_MESSAGE_BYTES: '65536' };
let app: TestApp;
let server: TestServer;

beforeAll(async () => {
  app = createTestApp({ env: LIMITS });
  server = await startTestServer({ env: LIMITS });
});
afterAll(async () => {
  app.runtime.close();
  await server.close();
});

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const HANDPICKED: readonly string[] = [
  '',
  ' ',
  '{',
  '}',
  'null',
  'true',
  '1e999',
  '-0',
  '"\\ud800"',
  '[]',
  '{"__proto__": {"polluted": 1}}',
  '{"constructor": {"prototype": {}}}',
  '{"type": "toString"}',
  '{"type": "constructor", "data": {}}',
  '{"action": null}',
  '{"action": []}',
  '{"action": {"raw_response": null}}',
  '{"action": {"episode_id": {"$gt": ""}}}',
  '{"action": {"parsed_x_errors": [1e308, -1, 2.5]}}',
  '{"action": {"parsed_x_errors": [99999999999]}, "timeout_s": -1}',
  '{"seed": 9007199254740993}',
  '{"seed": "5", "level": ["L1_warmup"]}',
  '{"level": "custom:d=99999,r=1,p=0.001"}',
  '{"level": "custom:d=3,r=3,p=NaN"}',
  '{"syndrome": "0101"}',
  '{"syndrome": [0, 1, 2]}',
  `{"action": {"metadata": ${deep(40)}}}`,
  deep(5000),
  `{"action": {"raw_response": ${deep(2000)}}}`,
  '\u0000\u0001\u0002',
  '{"jsonrpc": "2.0", "method": "tools/call", "params": {"name": "step", "arguments": []}, "id": {}}',
  '{"jsonrpc": "2.0", "method": "tools/call", "params": {"name": "reset", "arguments": {"seed": -5}}, "id": 1}',
  '{"jsonrpc": "2.0", "method": "openenv/session/close", "params": {"session_id": {}}, "id": 1}',
  '{"type": "mcp", "data": {"jsonrpc": "2.0", "method": "tools/call", "params": {"name": "decode", "arguments": {"syndrome": [0]}}, "id": 1}}',
];

function bodies(seed: number, count: number): string[] {
  const json = fc.sample(fc.jsonValue({ maxDepth: 4 }), { seed, numRuns: count }).map((value) => JSON.stringify(value));
  const shaped = fc.sample(
    fc.record({ action: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), type: fc.constantFrom('reset', 'step', 'state', 'mcp', 'close', 'x') }, { requiredKeys: [] }),
    { seed: seed + 1, numRuns: count },
  ).map((value) => JSON.stringify(value));
  const broken = fc.sample(fc.string({ maxLength: 40 }), { seed: seed + 2, numRuns: count });
  return [...HANDPICKED, ...json, ...shaped, ...broken];
}

describe('malformed input', () => {
  it('never gets a 5xx over HTTP', async () => {
    const routes = ['/reset', '/step', '/mcp', '/decode', '/close', '/state', '/envs/qubit-medic/step'];
    const inputs = bodies(2024, 40);
    const statuses = new Map<number, number>();
    for (const [index, body] of inputs.entries()) {
      const route = routes[index % routes.length] as string;
      const response = await app.client().fetch(route, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status, `${route} ${body.slice(0, 80)} → ${text.slice(0, 200)}`).toBeLessThan(500);
      expect(() => JSON.parse(text)).not.toThrow();
    }
    for (const path of ['/%E0%A4%A', '/..%2f..%2fetc/passwd', '/envs/%00/reset', '/docs/../../package.json', `/${'a'.repeat(5000)}`]) {
      expect((await app.client().fetch(path)).status).toBeLessThan(500);
    }
    expect(inputs.length).toBeGreaterThan(150);
    expect(statuses.get(422)).toBeGreaterThan(20);
  });

  it('never kills a WebSocket session with an unexplained error', async () => {
    let client = await connectWs(`${server.wsUrl}/ws`);
    const inputs = bodies(7, 40);
    let closes = 0;
    for (const frame of inputs) {
      client.send(frame);
      // A valid {"type": "close"} closes without a reply; everything else gets one.
      const reply = await Promise.race([client.next(), client.closed.then(() => undefined)]);
      if (reply === undefined) {
        expect(JSON.parse(frame)).toEqual({ type: 'close' });
        closes++;
        client = await connectWs(`${server.wsUrl}/ws`);
        continue;
      }
      expect(['observation', 'state', 'error', 'mcp'], frame.slice(0, 80)).toContain(reply.type);
      const data = reply.data as { code?: string; message?: string };
      if (reply.type === 'error') expect(data.message, frame.slice(0, 80)).not.toBe('internal error');
      if (reply.type === 'error' && data.code === 'SESSION_ERROR') {
        await client.closed;
        client = await connectWs(`${server.wsUrl}/ws`);
      }
    }
    expect(closes).toBeLessThan(inputs.length / 4);
    expect(await client.request({ type: 'state' })).toMatchObject({ type: 'state' });
    client.close();
  });

  it('answers every WebSocket /mcp frame with JSON-RPC, closing only after a -32000', async () => {
    let client = await connectWs(`${server.wsUrl}/mcp`);
    for (const frame of bodies(11, 40)) {
      const reply = (await client.request(frame)) as { jsonrpc?: string; error?: { code: number; message: string } };
      expect(reply.jsonrpc, frame.slice(0, 80)).toBe('2.0');
      expect(reply.error?.message, frame.slice(0, 80)).not.toBe('internal error');
      if (reply.error?.code === -32000) {
        await client.closed;
        client = await connectWs(`${server.wsUrl}/mcp`);
      }
    }
    expect((await client.request({ jsonrpc: '2.0', id: 1, method: 'tools/list' })).result).toBeDefined();
    client.close();
  });
});
