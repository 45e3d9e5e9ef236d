import { z } from 'zod';
import type { HostedEnvironment, RouteContext } from '../hosted-environment.ts';
import { mcpDelete, mcpPost } from '../mcp/streamable-http.ts';
import type { SessionFailure } from '../episodes/episode-session.ts';
import type { ServerRuntime } from '../server-runtime.ts';
import { isPlainObject, modelAttributesError } from '../wire/json-body.ts';
import { metadataBody, ObservationResponseModel, ResetRequestModel, StateModel, StepRequestModel } from '../wire/openenv-models.ts';
import { pydanticSchema, type JsonSchema } from '../wire/pydantic-schema.ts';
import { detail, failureReply, json, observationReply, readJsonBody, readModelBody } from './http-replies.ts';
import { SERVER_VERSION, OPENENV_CONTRACT_VERSION } from './versions.ts';

/**
 * The HTTP routes of one hosted environment: OpenEnv's (docs/wire-contract.md#http) and the original
 * Qubit-Medic server's extras (`/healthz`, `POST /state`, `POST /close`; docs/original-qubit-medic.md#server),
 * plus the environment's own. Each is described once, for the router and for `/openapi.json`.
 */
export interface RouteDef {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** `:name` segments are path parameters. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly request?: JsonSchema;
  /** The request body may be empty (read as `{}`). */
  readonly bodyOptional?: boolean;
  readonly response?: JsonSchema;
  handle(request: Request, params: Readonly<Record<string, string>>): Response | Promise<Response>;
}

const CloseRequestModel = z
  .looseObject({ episode_id: z.union([z.string(), z.int()]).nullable().optional().meta({ description: 'An episode id (token) to retire unstepped' }) })
  .meta({ title: 'CloseRequest' });

export function environmentRoutes(host: HostedEnvironment, runtime: ServerRuntime): RouteDef[] {
  const limit = runtime.config.maxBodyBytes;
  const session = () => runtime.httpSession(host);
  const schemas = {
    action: pydanticSchema(host.action),
    observation: pydanticSchema(host.observation),
    state: pydanticSchema(StateModel),
  };
  const observationResponse = pydanticSchema(ObservationResponseModel);
  const routes: RouteDef[] = [
    {
      method: 'POST',
      path: '/reset',
      summary: 'Reset the environment',
      tag: 'Environment Control',
      request: pydanticSchema(ResetRequestModel.extend(host.resetOptions.shape)),
      bodyOptional: true,
      response: observationResponse,
      handle: async (request) => {
        const body = await readJsonBody(request, limit, false);
        if (!body.ok) return body.response;
        if (!isPlainObject(body.value)) return detail(422, [modelAttributesError(body.value)]);
        const fromQuery = runtime.config.compat === 'original' ? queryResetOptions(request, host, body.value) : {};
        const options = { ...fromQuery, ...body.value };
        await host.settle?.(options);
        const result = session().reset(options, ['body']);
        return result.ok ? observationReply(result.value) : failureReply(locatedInQuery(result.failure, Object.keys(fromQuery)));
      },
    },
    {
      method: 'POST',
      path: '/step',
      summary: 'Execute an action in the environment',
      tag: 'Environment Control',
      request: pydanticSchema(StepRequestModel.extend({ action: host.action })),
      response: observationResponse,
      handle: async (request) => {
        const body = await readModelBody(request, limit, StepRequestModel, true);
        if (!body.ok) return body.response;
        const timeout = body.value.timeout_s;
        const result = await session().stepClaimed(body.value.action, timeout == null ? undefined : timeout * 1000);
        return result.ok ? observationReply(result.value) : failureReply(result.failure);
      },
    },
    { method: 'GET', path: '/state', summary: 'Get current environment state', tag: 'State Management', response: schemas.state, handle: () => json(session().state()) },
    { method: 'POST', path: '/state', summary: 'Get current environment state (POST alias)', tag: 'State Management', response: schemas.state, handle: () => json(session().state()) },
    { method: 'GET', path: '/health', summary: 'Health check', tag: 'Health', handle: () => json({ status: 'healthy' }) },
    {
      method: 'GET',
      path: '/healthz',
      summary: 'Health check with versions',
      tag: 'Health',
      handle: () =>
        json({
          ok: true,
          service: host.name,
          version: SERVER_VERSION,
          openenv_version: OPENENV_CONTRACT_VERSION,
          node_version: process.version,
          ...host.health(),
        }),
    },
    { method: 'GET', path: '/metadata', summary: 'Get environment metadata', tag: 'Environment Info', handle: () => json(metadataBody(host.metadata)) },
    { method: 'GET', path: '/schema', summary: 'Get all JSON schemas', tag: 'Schema', handle: () => json(schemas) },
    {
      method: 'POST',
      path: '/mcp',
      summary: 'MCP: Streamable HTTP (initialize, then Mcp-Session-Id) and OpenEnv JSON-RPC (tools/list, tools/call, openenv/session/create|close)',
      tag: 'MCP',
      handle: (request) => mcpPost(request, { host, runtime, maxBodyBytes: limit }),
    },
    {
      method: 'DELETE',
      path: '/mcp',
      summary: 'MCP Streamable HTTP: end the session named by the Mcp-Session-Id header',
      tag: 'MCP',
      handle: (request) => mcpDelete(request, { host, runtime, maxBodyBytes: limit }),
    },
    {
      method: 'POST',
      path: '/close',
      summary: 'Retire an unstepped episode token (HTTP episodes are otherwise stateless)',
      tag: 'Environment Control',
      request: pydanticSchema(CloseRequestModel),
      handle: async (request) => {
        const body = await readModelBody(request, limit, CloseRequestModel, false);
        if (!body.ok) return body.response;
        const token = body.value.episode_id;
        if (token != null) {
          const retired = await runtime.vault.claim(host.name, String(token), host.episode);
          if (!retired.ok) return detail(retired.unavailable === true ? 503 : 400, retired.message);
        }
        return json({ ok: true, closed: true });
      },
    },
  ];
  const context: RouteContext = { peekEpisode: (token) => runtime.vault.peek(host.name, token, host.episode) };
  for (const route of host.routes) {
    routes.push({
      method: route.method,
      path: route.path,
      summary: route.summary,
      tag: 'Environment Tools',
      ...(route.body === undefined ? {} : { request: pydanticSchema(route.body), bodyOptional: route.bodyOptional === true }),
      handle: async (request, params) => {
        if (route.body === undefined) return reply(await route.handle(undefined, params, context));
        const body = await readModelBody(request, limit, route.body, route.bodyOptional !== true);
        if (!body.ok) return body.response;
        if (isPlainObject(body.value)) await host.settle?.(body.value);
        return reply(await route.handle(body.value, params, context));
      },
    });
  }
  return routes;
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

function reply(result: { status: number; body: unknown }): Response {
  return json(result.body, result.status);
}
