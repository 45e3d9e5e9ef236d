import { firstIssue, ok, type Result } from '@verilab/core';
import { Hono, type Context } from 'hono';
import { basePath } from 'hono/route';
import { z } from 'zod';
import type { SessionFailure } from '../episodes/episode-session.ts';
import type { HostedEnvironment, HostedRoute, RouteContext } from '../hosted-environment.ts';
import { mcpDelete, mcpPost } from '../mcp/streamable-http.ts';
import type { ServerRuntime } from '../server-runtime.ts';
import { metadataBody, ObservationResponseModel, ResetRequestModel, StateModel, StepRequestModel } from '../wire/openenv-models.ts';
import { pydanticSchema } from '../wire/pydantic-schema.ts';
import { docsAsset, docsAssetNames, docsPage } from './docs-pages.ts';
import { detail, failureReply, json, observationReply } from './http-replies.ts';
import { documented, openApiDocument } from './openapi.ts';
import { cappedBody, jsonBody } from './request-body.ts';
import { SERVER_VERSION, OPENENV_CONTRACT_VERSION } from './versions.ts';

/**
 * One hosted environment's HTTP surface as a Hono sub-app, mounted by server-app.ts at every
 * prefix it is served under: OpenEnv's routes (docs/wire-contract.md#http), the original
 * Qubit-Medic server's extras (`/healthz`, `POST /state`, `POST /close`;
 * docs/original-qubit-medic.md#server), the environment's own routes, and its API docs. Routes
 * that differ by mount (`/openapi.json`'s `servers`, the docs page's links) read the prefix
 * off the request.
 */
const CloseRequestModel = z
  .looseObject({ episode_id: z.union([z.string(), z.int()]).nullable().optional().meta({ description: 'An episode id (token) to retire unstepped' }) })
  .meta({ title: 'CloseRequest' });

/** `/reset` bodies are checked by the session (with the environment's options); here only that they are objects. */
const AnyObjectModel = z.looseObject({});

/** The prefix this request's mount of the sub-app is served under: '' at the root, else `/envs/<name>`. */
function mountPrefix(c: Context): string {
  const base = basePath(c);
  return base === '/' ? '' : base;
}

export function environmentApp(host: HostedEnvironment, runtime: ServerRuntime, landing: () => Response): Hono {
  const app = new Hono();
  const capped = cappedBody(runtime.config.maxBodyBytes);
  const session = () => runtime.httpSession(host);
  const settle = host.settle?.bind(host);
  const schemas = { action: pydanticSchema(host.action), observation: pydanticSchema(host.observation), state: pydanticSchema(StateModel) };

  app.post(
    '/reset',
    documented({
      summary: 'Reset the environment',
      tag: 'Environment Control',
      request: { model: ResetRequestModel.extend(host.resetOptions.shape), required: false },
      response: ObservationResponseModel,
    }),
    capped,
    jsonBody(AnyObjectModel, { required: false }),
    async (c) => {
      const body = c.req.valid('json');
      const fromQuery = runtime.config.compat === 'original' ? queryResetOptions(c.req.raw, host, body) : {};
      const options = { ...fromQuery, ...body };
      await settle?.(options);
      const result = session().reset(options, ['body']);
      return result.ok ? observationReply(result.value) : failureReply(locatedInQuery(firstIssue(result), Object.keys(fromQuery)));
    },
  );
  app.post(
    '/step',
    documented({
      summary: 'Execute an action in the environment',
      tag: 'Environment Control',
      request: { model: StepRequestModel.extend({ action: host.action }), required: true },
      response: ObservationResponseModel,
    }),
    capped,
    jsonBody(StepRequestModel, { required: true }),
    async (c) => {
      const { action, timeout_s: timeout } = c.req.valid('json');
      const result = await session().stepClaimed(action, timeout == null ? undefined : timeout * 1000);
      return result.ok ? observationReply(result.value) : failureReply(firstIssue(result));
    },
  );
  const state = () => json(session().state());
  app.get('/state', documented({ summary: 'Get current environment state', tag: 'State Management', response: StateModel }), state);
  app.post('/state', documented({ summary: 'Get current environment state (POST alias)', tag: 'State Management', response: StateModel }), state);
  app.get('/health', documented({ summary: 'Health check', tag: 'Health' }), () => json({ status: 'healthy' }));
  app.get('/healthz', documented({ summary: 'Health check with versions', tag: 'Health' }), () =>
    json({ ok: true, service: host.name, version: SERVER_VERSION, openenv_version: OPENENV_CONTRACT_VERSION, node_version: process.version, ...host.health() }),
  );
  app.get('/metadata', documented({ summary: 'Get environment metadata', tag: 'Environment Info' }), () => json(metadataBody(host.metadata)));
  app.get('/schema', documented({ summary: 'Get all JSON schemas', tag: 'Schema' }), () => json(schemas));
  const mcp = { host, runtime };
  app.post(
    '/mcp',
    documented({
      summary: 'MCP: Streamable HTTP (initialize, then Mcp-Session-Id) and OpenEnv JSON-RPC (tools/list, tools/call, openenv/session/create|close)',
      tag: 'MCP',
    }),
    capped,
    (c) => mcpPost(c.req.raw, mcp),
  );
  app.delete('/mcp', documented({ summary: 'MCP Streamable HTTP: end the session named by the Mcp-Session-Id header', tag: 'MCP' }), (c) => mcpDelete(c.req.raw, mcp));
  app.post(
    '/close',
    documented({ summary: 'Retire an unstepped episode token (HTTP episodes are otherwise stateless)', tag: 'Environment Control' }),
    capped,
    jsonBody(CloseRequestModel, { required: false }),
    async (c) => {
      const token = c.req.valid('json').episode_id;
      if (token != null) {
        const retired = await runtime.vault.claim(host.name, String(token), host.episode);
        if (!retired.ok) {
          const refusal = firstIssue(retired);
          return detail(refusal.code === 'unavailable' ? 503 : 400, refusal.message);
        }
      }
      return json({ ok: true, closed: true });
    },
  );
  for (const route of host.routes) mountHostedRoute(app, route, { host, runtime, capped });

  const openApi = new Map<string, string>();
  app.get('/openapi.json', (c) => {
    const prefix = mountPrefix(c);
    let text = openApi.get(prefix);
    if (text === undefined) {
      text = JSON.stringify(openApiDocument(app, host.metadata.description, prefix));
      openApi.set(prefix, text);
    }
    return new Response(text, { headers: { 'content-type': 'application/json' } });
  });
  app.get('/docs', (c) => docsPage(mountPrefix(c), host.metadata.name));
  for (const asset of docsAssetNames()) app.get(`/docs/${asset}`, () => docsAsset(asset));
  // ReDoc needs a CDN; send its users to the offline Swagger UI instead.
  app.get('/redoc', (c) => c.redirect(`${mountPrefix(c)}/docs`, 307));
  app.get('/', landing);
  return app;
}

/** An environment's own route (e.g. Qubit-Medic's `/decode`, PhysiX's `/interactive/*`), its body validated into a 422 first. */
function mountHostedRoute(app: Hono, route: HostedRoute, scope: { host: HostedEnvironment; runtime: ServerRuntime; capped: ReturnType<typeof cappedBody> }): void {
  const { host, runtime, capped } = scope;
  const doc = documented({ summary: route.summary, tag: 'Environment Tools' });
  const peekEpisode = (token: string): Result<unknown> => {
    const peeked = runtime.vault.peek(host.name, token, host.episode);
    return peeked.ok ? ok(peeked.value.episode) : peeked;
  };
  const context = (request: Request): RouteContext => ({ peekEpisode, signal: request.signal });
  const reply = async (result: ReturnType<HostedRoute['handle']>) => {
    const { status, body, headers } = await result;
    return json(body, status, headers);
  };
  if (route.body === undefined) {
    app.on(route.method, route.path, doc, (c) => reply(route.handle(undefined, c.req.param(), context(c.req.raw))));
    return;
  }
  const body = jsonBody(route.body, { required: route.bodyOptional !== true, settle: host.settle?.bind(host) });
  app.on(route.method, route.path, doc, capped, body, (c) => reply(route.handle(c.req.valid('json'), c.req.param(), context(c.req.raw))));
}

/**
 * The environment's own reset options given as query parameters and absent from the body: the
 * original Qubit-Medic client sends `?forced_level=…` (OpenEnv reads only the body, so outside
 * `--compat original` they are ignored as upstream does).
 */
function queryResetOptions(request: Request, host: HostedEnvironment, body: Readonly<Record<string, unknown>>): Record<string, string> {
  const query = new URL(request.url).searchParams;
  return Object.fromEntries(
    Object.keys(host.resetOptions.shape).flatMap((key) => {
      const value = query.get(key);
      return value === null || key in body ? [] : [[key, value]];
    }),
  );
}

/** Errors about options that came from the query string are located there, as FastAPI would. */
function locatedInQuery(failure: SessionFailure, keys: readonly string[]): SessionFailure {
  if (failure.kind !== 'validation' || keys.length === 0) return failure;
  return {
    kind: 'validation',
    errors: failure.errors.map((error) => (error.loc[0] === 'body' && keys.includes(String(error.loc[1])) ? { ...error, loc: ['query', ...error.loc.slice(1)] } : error)),
  };
}
