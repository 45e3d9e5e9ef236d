import { LIMITS, MAX_RATIONALE_LENGTH } from '@verilab/physix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../testing/http-client.ts';
import { startPhysixTestServer } from '../testing/physix-test-server.ts';
import { testConfig, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
type Json = any;

/**
 * The bounds the README states (packages/openenv/README.md, "PhysiX limits"): after 30 turns
 * of the largest inputs the API accepts, one step's reply stays under REPLY_BOUND bytes on
 * every transport; the HTTP episode token, after the 64 turns an episode may last, stays
 * under TOKEN_BOUND characters, inside the 1 MiB request body limit with the action beside it.
 */
const TURNS = 30;
const REPLY_BOUND = 600_000;
const TOKEN_BOUND = 900_000;

let server: TestServer;
beforeAll(async () => {
  server = await startPhysixTestServer();
});
afterAll(async () => {
  await server.close();
});

/** The longest parameter names the API accepts, 16 of them. */
const NAMES = Array.from({ length: LIMITS.maxParameters }, (_, i) =>
  `p${String(i).padStart(2, '0')}`.padEnd(LIMITS.maxNameLength, 'x'),
);
/** A value whose JSON is as long as a double's gets (17 digits, sign and exponent). */
const VALUE = -(0.1 + 0.2) * 1e-300;

/**
 * The largest action: every parameter, a 2,000-character equation and a 500-character
 * rationale of three-byte characters (the most bytes per character printable text allows).
 * Odd turns send an equation that parses and uses every parameter, so the verifier reports
 * them all; even turns send text it rejects.
 */
function maximalAction(turn: number): Json {
  const uses = NAMES.slice(0, -1).map((name) => `${name}*0`).join(' + ');
  const parsing = `d2y/dt2 = -g + ${uses}`;
  const equation =
    turn % 2 === 1 ? parsing.padEnd(LIMITS.maxTextLength, ' ') : '€'.repeat(LIMITS.maxTextLength);
  return {
    equation,
    params: Object.fromEntries([...NAMES.slice(0, -1).map((name) => [name, VALUE]), ['g', VALUE]]),
    rationale: '€'.repeat(MAX_RATIONALE_LENGTH),
  };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('PhysiX input limits at the API', () => {
  it('refuses over-long equations, rationales and parameter names, and too many parameters, naming the field and the limit', async () => {
    const api = httpClient(server.url);
    const reset = await api.post('/envs/physix/reset', { system_id: 'free_fall' });
    const episodeId = reset.json.observation.episode_id;
    const step = (action: Json) => api.post('/envs/physix/step', { action: { ...action, episode_id: episodeId } });

    const longEquation = await step({ equation: 'x'.repeat(LIMITS.maxTextLength + 1) });
    expect(longEquation.status).toBe(422);
    expect(longEquation.json.detail[0]).toMatchObject({ type: 'string_too_long', loc: ['equation'], ctx: { max_length: LIMITS.maxTextLength } });
    const longRationale = await step({ equation: 'd2y/dt2 = -9.81', rationale: 'r'.repeat(MAX_RATIONALE_LENGTH + 1) });
    expect(longRationale.json.detail[0]).toMatchObject({ type: 'string_too_long', loc: ['rationale'], ctx: { max_length: MAX_RATIONALE_LENGTH } });
    const longName = await step({ equation: 'd2y/dt2 = -g', params: { ['g'.repeat(LIMITS.maxNameLength + 1)]: 9.81 } });
    expect(longName.status).toBe(422);
    expect(JSON.stringify(longName.json.detail)).toMatch(/params/);
    expect(JSON.stringify(longName.json.detail)).toMatch(new RegExp(`at most ${LIMITS.maxNameLength} characters`));
    const tooMany = await step({ equation: 'd2y/dt2 = -g', params: Object.fromEntries(Array.from({ length: LIMITS.maxParameters + 1 }, (_, i) => [`p${i}`, 1])) });
    expect(tooMany.json.detail[0]).toMatchObject({ loc: ['params'], msg: expect.stringMatching(new RegExp(`at most ${LIMITS.maxParameters} parameters`)) });
    const control = await step({ equation: 'd2y/dt2 = -9.81\u0000' });
    expect(control.json.detail[0]).toMatchObject({ loc: ['equation'], msg: expect.stringMatching(/printable/) });
    // None of them was a turn: the token still plays turn 1.
    expect((await step({ equation: 'd2y/dt2 = -9.81' })).json.observation.turn).toBe(1);

    // The same limits over MCP (a JSON-RPC error) and the WebSocket (an error frame).
    const mcp = await api.post('/envs/physix/mcp', {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'step', arguments: { equation: 'x'.repeat(LIMITS.maxTextLength + 1), episode_id: episodeId } },
    });
    expect(mcp.json.error).toMatchObject({ code: -32602 });
    expect(JSON.stringify(mcp.json.error)).toMatch(new RegExp(`at most ${LIMITS.maxTextLength} characters`));
    const ws = await connectWs(`${server.wsUrl}/envs/physix/ws`);
    await ws.request({ type: 'reset', data: { system_id: 'free_fall' } });
    const refused = (await ws.request({ type: 'step', data: { equation: 'd2y/dt2 = -g', params: { ['g'.repeat(40)]: 1 } } })) as Json;
    expect(refused.type).toBe('error');
    expect(JSON.stringify(refused.data)).toMatch(new RegExp(`at most ${LIMITS.maxNameLength} characters`));
    ws.close();
  });
});

describe(`PhysiX state stays bounded: ${TURNS} turns of maximal inputs`, () => {
  it('over HTTP with tokens: replies within the bound, and the token within the body limit through all 64 turns', async () => {
    const api = httpClient(server.url);
    const reset = await api.post('/envs/physix/reset', { system_id: 'projectile_drag', max_turns: 64, fit: true });
    let token = reset.json.observation.episode_id as string;
    let largest = 0;
    for (let turn = 1; turn <= 64; turn++) {
      const body = JSON.stringify({ action: { ...maximalAction(turn), episode_id: token } });
      expect(bytes(body)).toBeLessThan(testConfig().maxBodyBytes);
      const reply = await api.post('/envs/physix/step', body);
      expect(reply.status, reply.text.slice(0, 300)).toBe(200);
      expect(reply.json.observation.turn).toBe(turn);
      if (turn <= TURNS) largest = Math.max(largest, bytes(reply.text));
      if (turn < 64) token = reply.json.observation.episode_id;
    }
    expect(largest).toBeLessThan(REPLY_BOUND);
    expect(token.length).toBeLessThan(TOKEN_BOUND);
  });

  it('over a WebSocket session', async () => {
    const ws = await connectWs(`${server.wsUrl}/envs/physix/ws`);
    await ws.request({ type: 'reset', data: { system_id: 'charged_particle_b_field', max_turns: 64 } });
    let largest = 0;
    for (let turn = 1; turn <= TURNS; turn++) {
      ws.send({ type: 'step', data: maximalAction(turn) });
      const text = await ws.nextText();
      expect((JSON.parse(text) as Json).data.observation.turn).toBe(turn);
      largest = Math.max(largest, bytes(text));
    }
    ws.close();
    expect(largest).toBeLessThan(REPLY_BOUND);
  });

  it('over the interactive API, whose step also returns the verification and predicted trajectory', async () => {
    const api = httpClient(`${server.url}/envs/physix`);
    const started = await api.post('/interactive/sessions', { system_id: 'damped_pendulum', max_turns: 64, fit: true });
    const id = started.json.session_id as string;
    let largest = 0;
    for (let turn = 1; turn <= TURNS; turn++) {
      const reply = await api.post(`/interactive/sessions/${id}/step`, maximalAction(turn));
      expect(reply.status, reply.text.slice(0, 300)).toBe(200);
      expect(reply.json.observation.turn).toBe(turn);
      largest = Math.max(largest, bytes(reply.text));
    }
    const inspected = await api.get(`/interactive/sessions/${id}`);
    largest = Math.max(largest, bytes(inspected.text));
    expect(largest).toBeLessThan(REPLY_BOUND);
  });
});
