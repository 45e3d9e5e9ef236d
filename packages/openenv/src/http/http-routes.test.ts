import { CURRICULUM, type Level } from '@verilab/qubit-medic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { createCounterHost } from '../testing/counter-host.ts';
import type { HttpClient } from '../testing/http-client.ts';
import { slowPhysics } from '../testing/slow-physics.ts';
import { createTestApp, testPhysics, type TestApp } from '../testing/test-server.ts';

// OpenEnv's HTTP routes through the Hono app's request(), no socket (docs/wire-contract.md#http,
// #checklist); the Node adapter's part is tested over sockets in node/hostile-clients.test.ts.
let server: TestApp;
let api: HttpClient;
let now = Date.UTC(2030, 0, 1);

beforeAll(() => {
  server = createTestApp({
    env: { VERILAB_MAX_BODY_BYTES: '4096', VERILAB_TOKEN_TTL_S: '600' },
    environments: [createQubitMedicHost({ physics: testPhysics(), maxDetectors: 200 }), createCounterHost()],
    clock: () => now,
  });
  api = server.client();
});
afterAll(() => server.runtime.close());

const L2 = CURRICULUM.find((level) => level.name === 'L2_target') as Level;
const answer = (episode_id: string, raw_response = 'X_ERRORS=[] Z_ERRORS=[]') => ({ action: { raw_response, episode_id, metadata: {} } });

describe('OpenEnv info routes', () => {
  it('GET /health is {"status":"healthy"}', async () => {
    const reply = await api.get('/health');
    expect([reply.status, reply.text]).toEqual([200, '{"status":"healthy"}']);
  });

  it('GET /metadata has all six keys in order', async () => {
    const reply = await api.get('/metadata');
    expect(Object.keys(reply.json)).toEqual(['name', 'description', 'readme_content', 'version', 'author', 'documentation_url']);
    expect(reply.json).toMatchObject({ name: 'QubitMedicEnvironment', version: '1.0.0', author: null });
  });

  it('GET /schema has action, observation and the base State schema', async () => {
    const { json } = await api.get('/schema');
    expect(Object.keys(json)).toEqual(['action', 'observation', 'state']);
    expect(json.action.title).toBe('QubitMedicAction');
    expect(Object.keys(json.action.properties)).toEqual(['metadata', 'raw_response', 'parsed_x_errors', 'parsed_z_errors', 'episode_id']);
    expect(Object.keys(json.observation.properties)).toEqual([
      'done', 'reward', 'metadata', 'prompt', 'syndrome_bits', 'distance', 'rounds', 'p', 'curriculum_level', 'episode_id', 'dem_digest', 'info',
    ]);
    expect(json.state).toMatchObject({ title: 'State', additionalProperties: true });
  });

  it('GET /openapi.json passes openenv validate (info.version, the simulation paths)', async () => {
    const { status, json } = await api.get('/openapi.json');
    expect(status).toBe(200);
    expect(json.info.version).toBe('1.0.0');
    for (const path of ['/reset', '/step', '/state', '/health', '/schema', '/metadata', '/mcp', '/decode']) expect(json.paths).toHaveProperty(path);
    expect(json.servers).toBeUndefined();
    const prefixed = await api.get('/envs/counter/openapi.json');
    expect(prefixed.json.servers).toEqual([{ url: '/envs/counter' }]);
    expect(prefixed.json.paths).not.toHaveProperty('/decode');
  });

  it('serves Swagger UI from local files, the landing page, and redirects /redoc', async () => {
    const docs = await api.get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('/docs/swagger-ui-bundle.js');
    expect(docs.text).not.toMatch(/https?:\/\//);
    const bundle = await api.get('/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect(bundle.text.length).toBeGreaterThan(100_000);
    expect((await api.get('/envs/counter/docs')).text).toContain('"/envs/counter/openapi.json"');
    const landing = await api.get('/');
    expect(landing.text).toContain('href="/docs"');
    expect(landing.text).toContain('/envs/counter');
    expect((await api.fetch('/redoc')).headers.get('location')).toBe('/docs');
    expect((await server.client('/envs/counter').fetch('/redoc')).headers.get('location')).toBe('/envs/counter/docs');
    expect((await api.get('/envs/counter')).text).toContain('verilab — OpenEnv server');
  });

  it('answers unknown routes 404 and wrong methods 405, FastAPI-style', async () => {
    expect([(await api.get('/nope')).status, (await api.get('/nope')).text]).toEqual([404, '{"detail":"Not Found"}']);
    const wrong = await api.get('/reset');
    expect([wrong.status, wrong.text, wrong.headers.get('allow')]).toEqual([405, '{"detail":"Method Not Allowed"}', 'POST']);
    expect((await api.post('/health')).status).toBe(405);
    expect((await api.get('/mcp')).status).toBe(405);
    expect((await api.get('/ws')).status).toBe(404);
  });

  it('GET /healthz reports versions', async () => {
    const { json } = await api.get('/healthz');
    expect(json).toMatchObject({ ok: true, service: 'qubit-medic', openenv_version: '0.2.3' });
    expect(typeof json.version).toBe('string');
  });
});

describe('POST /reset and /step', () => {
  it('resets with an optional body into {observation, reward, done} in upstream key order', async () => {
    const reply = await api.post('/reset');
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.json)).toEqual(['observation', 'reward', 'done']);
    expect(reply.text.startsWith('{"observation":{"prompt":')).toBe(true);
    expect(Object.keys(reply.json.observation)).toEqual([
      'prompt', 'syndrome_bits', 'distance', 'rounds', 'p', 'curriculum_level', 'episode_id', 'dem_digest', 'info',
    ]);
    expect([reply.json.reward, reply.json.done]).toEqual([null, false]);
    expect(reply.json.observation.episode_id).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
  });

  it('is deterministic in (level, seed), and accepts the original forced_level and extra keys', async () => {
    const a = await api.post('/reset', { seed: 7, level: 'L3_stretch', something_else: true });
    const b = await api.post('/reset', { seed: 7, forced_level: 'L3_stretch', episode_id: 'mine' });
    expect(a.json.observation.curriculum_level).toBe('L3_stretch');
    expect(a.json.observation.distance).toBe(5);
    expect(b.json.observation.syndrome_bits).toEqual(a.json.observation.syndrome_bits);
    expect(b.json.observation.prompt).toBe(a.json.observation.prompt);
    expect(b.json.observation.episode_id).not.toBe(a.json.observation.episode_id);
  });

  it('rejects bad reset bodies with 422 in FastAPI’s shape', async () => {
    const negative = await api.post('/reset', { seed: -1 });
    expect([negative.status, negative.text]).toEqual([
      422,
      '{"detail":[{"type":"greater_than_equal","loc":["body","seed"],"msg":"Input should be greater than or equal to 0","input":-1,"ctx":{"ge":0}}]}',
    ]);
    const broken = await api.post('/reset', '{"seed": ');
    expect([broken.status, broken.json]).toEqual([
      422,
      { detail: [{ type: 'json_invalid', loc: ['body', 9], msg: 'JSON decode error', input: {}, ctx: { error: 'Unexpected end of JSON input' } }] },
    ]);
    expect((await api.post('/reset', ' ')).json.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', 1] });
    // V8 names an unexpected character but not where; the location is found all the same.
    expect((await api.post('/reset', '{"seed": [1, x]}')).json.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', 13], ctx: { error: "Unexpected token 'x'" } });
    expect((await api.post('/reset', [1])).json.detail[0].type).toBe('model_attributes_type');
    expect((await api.post('/reset', { episode_id: 'x'.repeat(256) })).json.detail[0].type).toBe('string_too_long');
    const level = await api.post('/reset', { level: 'L9' });
    expect(level.status).toBe(422);
    expect(level.json.detail[0]).toMatchObject({ type: 'value_error', loc: ['body', 'level'] });
    expect(level.json.detail[0].msg).toContain('unknown level "L9"');
    expect((await api.post('/reset', { level: 'custom:d=9,r=3,p=0.001' })).json.detail[0].msg).toContain('larger than this server serves');
    expect((await api.post('/reset', { prompt_format: 'v3' })).json.detail[0]).toMatchObject({ type: 'literal_error', loc: ['body', 'prompt_format'] });
    expect((await api.post('/reset', { seed: 'abc' })).text).toBe(
      '{"detail":[{"type":"int_parsing","loc":["body","seed"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}',
    );
  });

  it('coerces inputs as pydantic’s lax mode does, and reads a null body as an absent one (FastAPI)', async () => {
    const typed = await api.post('/reset', { seed: 7, level: 'L3_stretch' });
    const lax = await api.post('/reset', { seed: ' 7 ', level: 'L3_stretch' });
    expect(lax.json.observation.syndrome_bits).toEqual(typed.json.observation.syndrome_bits);
    const step = await api.post('/step', { action: { parsed_x_errors: ['1'], parsed_z_errors: [], episode_id: lax.json.observation.episode_id }, timeout_s: '30' });
    expect(step.status).toBe(200);
    expect(step.json.observation.info.parsed_action).toMatchObject({ x_error_qubits: [1] });
    expect((await api.post('/reset', 'null')).status).toBe(200);
    // Bytes as json.loads(bytes) reads them: a byte-order mark is dropped, malformed UTF-8 is FastAPI's 400.
    const bytes = async (path: string, body: number[]) => {
      const response = await api.fetch(path, { method: 'POST', body: new Uint8Array(body) });
      return [response.status, await response.text()];
    };
    expect((await bytes('/reset', [0xef, 0xbb, 0xbf, 0x7b, 0x7d]))[0]).toBe(200);
    expect(await bytes('/reset', [0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])).toEqual([400, '{"detail":"There was an error parsing the body"}']);
    expect((await bytes('/mcp', [0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))[1]).toBe('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error","data":null}}');
    expect((await api.post('/step', 'null')).json).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
  });

  it('writes the reward as a float over HTTP, as Optional[float] does', async () => {
    const counter = server.client('/envs/counter');
    const reset = await counter.post('/reset', { target: 3 });
    expect(reset.text).toMatch(/^\{"observation":\{"count":0,"episode_id":"v1\.[\w-]+"\},"reward":null,"done":false\}$/);
    const step = await counter.post('/step', { action: { add: 2, episode_id: reset.json.observation.episode_id } });
    expect(step.text).toBe(`{"observation":{"count":2,"episode_id":"${step.json.observation.episode_id}"},"reward":2.0,"done":false}`);
  });

  it('steps a token once, with the full info after the step', async () => {
    const reset = await api.post('/reset', { seed: 11, level: 'L2_target' });
    const id = reset.json.observation.episode_id;
    const step = await api.post('/step', answer(id));
    expect(step.status).toBe(200);
    expect(Object.keys(step.json)).toEqual(['observation', 'reward', 'done']);
    expect(step.json.done).toBe(true);
    expect(typeof step.json.reward).toBe('number');
    expect(step.json.observation.episode_id).toBe(id);
    expect(step.json.observation.syndrome_bits).toEqual(reset.json.observation.syndrome_bits);
    expect(Object.keys(step.json.observation.info)).toEqual(expect.arrayContaining(['rewards', 'parsed_action', 'true_x_errors', 'actual_observable_flip']));
    const again = await api.post('/step', answer(id));
    expect(again.status).toBe(400);
    expect(again.json.detail).toMatch(/already stepped/);
  });

  it('scores the pre-parsed bypass as the canonical answer', async () => {
    const physics = testPhysics()(L2);
    const truth = physics.sample(12).trueFrame;
    const reset = await api.post('/reset', { seed: 12, level: 'L2_target' });
    const step = await api.post('/step', {
      action: { parsed_x_errors: truth.x, parsed_z_errors: truth.z, episode_id: reset.json.observation.episode_id },
    });
    expect(step.json.observation.info.parsed_action).toMatchObject({ parse_success: true, strict_format: true, x_error_qubits: truth.x });
    expect(step.json.observation.info.rewards).toMatchObject({ logical_correction: 1, format_compliance: 1 });
  });

  it('rejects bad step bodies with 422: body errors under "body", action errors relative to the action with url', async () => {
    expect((await api.post('/step')).json).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
    expect((await api.post('/step', {})).json.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'action'] });
    expect((await api.post('/step', { action: {}, timeout_s: 0 })).json.detail[0]).toMatchObject({ type: 'greater_than', loc: ['body', 'timeout_s'] });
    const extra = await api.post('/step', { action: { message: 'hi' } });
    expect(extra.status).toBe(422);
    expect(extra.json.detail).toEqual([
      { type: 'extra_forbidden', loc: ['message'], msg: 'Extra inputs are not permitted', input: 'hi', url: 'https://errors.pydantic.dev/2.13/v/extra_forbidden' },
    ]);
    expect((await api.post('/step', { action: { raw_response: 5 } })).json.detail[0]).toMatchObject({ type: 'string_type', loc: ['raw_response'] });
  });

  it('answers unknown, altered and missing episodes with 400 and a clear message', async () => {
    const none = await api.post('/step', { action: { raw_response: '' } });
    expect([none.status, none.json.detail]).toEqual([400, expect.stringMatching(/episode_id is required/)]);
    const unknown = await api.post('/step', answer('42'));
    expect([unknown.status, unknown.json.detail]).toEqual([400, expect.stringMatching(/not an episode token/)]);
    const id: string = (await api.post('/reset')).json.observation.episode_id;
    const altered = id.slice(0, -3) + (id.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await api.post('/step', answer(altered))).status).toBe(400);
    expect((await api.post('/step', answer(id))).status).toBe(200);
  });

  it('rejects a token past its lifetime with 400', async () => {
    const id = (await api.post('/reset')).json.observation.episode_id;
    now += 601_000;
    const late = await api.post('/step', answer(id));
    expect([late.status, late.json.detail]).toEqual([400, expect.stringMatching(/expired/)]);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const big = await api.post('/step', { action: { raw_response: 'x'.repeat(5000) } });
    expect([big.status, big.json.detail]).toEqual([413, 'Request body too large: the limit is 4096 bytes']);
    expect((await api.post('/mcp', 'x'.repeat(5000))).status).toBe(413);
    // Chunked, with no Content-Length to go by: the limit holds while streaming.
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        controller.close();
      },
    });
    const streamed = await api.fetch('/reset', { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});

describe('Qubit-Medic extra routes', () => {
  it('GET and POST /state return ground-truth-free state', async () => {
    for (const reply of [await api.get('/state'), await api.post('/state')]) {
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.json).slice(0, 2)).toEqual(['episode_id', 'step_count']);
      expect(reply.json).toMatchObject({ episode_id: null, step_count: 0 });
    }
  });

  it('POST /close retires an unstepped token', async () => {
    const id = (await api.post('/reset')).json.observation.episode_id;
    expect((await api.post('/close', { episode_id: id })).json).toEqual({ ok: true, closed: true });
    expect((await api.post('/step', answer(id))).status).toBe(400);
    expect((await api.post('/close', { episode_id: id })).status).toBe(400);
    expect((await api.post('/close')).json).toEqual({ ok: true, closed: true });
  });

  it('POST /decode answers 403 by default, whatever the body, saying how to enable it', async () => {
    for (const body of [{ syndrome: [0] }, { syndrome: 'x' }]) {
      const refused = await api.post('/decode', body);
      expect(refused.status).toBe(403);
      expect(refused.json.detail).toMatch(/--expose-decoder/);
    }
  });
});

describe('several environments in one server', () => {
  it('serves each environment under /envs/<name>, with multi-step episodes over stateless HTTP', async () => {
    const counter = server.client('/envs/counter');
    expect((await counter.get('/metadata')).json.name).toBe('CounterEnvironment');
    const reset = await counter.post('/reset', { target: 3 });
    let id = reset.json.observation.episode_id;
    const first = await counter.post('/step', { action: { add: 2, episode_id: id } });
    expect(first.json).toEqual({ observation: { count: 2, episode_id: expect.stringMatching(/^v1\./) }, reward: 2, done: false });
    expect((await counter.post('/step', { action: { add: 1, episode_id: id } })).status).toBe(400);
    id = first.json.observation.episode_id;
    expect((await counter.post('/step', { action: { add: 1, episode_id: id } })).json).toMatchObject({ reward: 3, done: true });
    // A counter token is no Qubit-Medic token: the environment is authenticated too.
    const other = (await counter.post('/reset')).json.observation.episode_id;
    expect((await api.post('/step', answer(other))).status).toBe(400);
    const qm = server.client('/envs/qubit-medic');
    const qmReset = await qm.post('/reset');
    expect((await api.post('/step', answer(qmReset.json.observation.episode_id))).status).toBe(200);
  });

  it('holds the per-step time budget with 503 (server budget or the request’s timeout_s)', async () => {
    const slow = createTestApp({
      env: { VERILAB_STEP_BUDGET_MS: '5' },
      environments: [createQubitMedicHost({ physics: slowPhysics(testPhysics(), 15) })],
    });
    const slowApi = slow.client();
    const id = (await slowApi.post('/reset')).json.observation.episode_id;
    const reply = await slowApi.post('/step', answer(id));
    expect([reply.status, reply.json.detail]).toEqual([503, expect.stringMatching(/over its time budget of 5 ms/)]);
    const fresh = (await api.post('/reset')).json.observation.episode_id;
    expect((await api.post('/step', { ...answer(fresh), timeout_s: 1e-9 })).status).toBe(503);
  });
});
