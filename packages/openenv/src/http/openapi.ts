import type { Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { pydanticSchema, type JsonSchema } from '../wire/pydantic-schema.ts';
import { bodyModelOf } from './request-body.ts';

/**
 * `/openapi.json` for one environment sub-app, read off its Hono routes: each documented route
 * carries a `documented(...)` middleware with its summary and tag, its request body comes from
 * its `jsonBody` middleware, so the router and the document cannot drift. `openenv validate
 * --url` needs `info.version` and the `/reset`, `/step` and `/state` paths
 * (docs/wire-contract.md#manifest); a `servers` entry points Swagger's "try it out" at the mount
 * prefix (`/envs/<name>`).
 */
export interface RouteDoc {
  readonly summary: string;
  readonly tag: string;
  /** The documented request body, where it is not the `jsonBody` model (e.g. `/reset`'s, checked by the session). */
  readonly request?: { readonly model: z.ZodType; readonly required: boolean };
  readonly response?: z.ZodType;
}

const routeDocs = new WeakMap<MiddlewareHandler, RouteDoc>();

/** A pass-through middleware that documents its route. */
export function documented(doc: RouteDoc): MiddlewareHandler {
  const middleware: MiddlewareHandler = (_c, next) => next();
  routeDocs.set(middleware, doc);
  return middleware;
}

const VALIDATION_ERROR_SCHEMA: JsonSchema = {
  title: 'HTTPValidationError',
  type: 'object',
  properties: {
    detail: {
      title: 'Detail',
      type: 'array',
      items: {
        title: 'ValidationError',
        type: 'object',
        required: ['loc', 'msg', 'type'],
        properties: {
          loc: { title: 'Location', type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
          msg: { title: 'Message', type: 'string' },
          type: { title: 'Error Type', type: 'string' },
          input: { title: 'Input' },
          ctx: { title: 'Context', type: 'object' },
        },
      },
    },
  },
};

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly doc: RouteDoc;
  request: RouteDoc['request'];
}

/** The documented operations of `app`, in registration order. */
function operationsOf(app: Hono): Operation[] {
  const operations = new Map<string, Operation>();
  for (const route of app.routes) {
    const key = `${route.method} ${route.path}`;
    const doc = routeDocs.get(route.handler);
    if (doc !== undefined) operations.set(key, { method: route.method, path: route.path, doc, request: doc.request });
    const body = bodyModelOf(route.handler);
    const operation = operations.get(key);
    if (body !== undefined && operation !== undefined) operation.request ??= body;
  }
  return [...operations.values()];
}

/** Schemas are built once per app; only the prefix differs between its mounts. */
const pathsCache = new WeakMap<Hono, Record<string, Record<string, unknown>>>();

function pathsOf(app: Hono): Record<string, Record<string, unknown>> {
  const cached = pathsCache.get(app);
  if (cached !== undefined) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path, doc, request } of operationsOf(app)) {
    const operation: Record<string, unknown> = {
      tags: [doc.tag],
      summary: doc.summary,
      operationId: `${method.toLowerCase()}${path.replace(/[^a-zA-Z0-9]+/g, '_')}`,
      responses: {
        '200': {
          description: 'Successful Response',
          content: { 'application/json': { schema: doc.response === undefined ? {} : pydanticSchema(doc.response) } },
        },
        ...(request === undefined ? {} : { '422': { description: 'Validation Error', content: { 'application/json': { schema: VALIDATION_ERROR_SCHEMA } } } }),
      },
    };
    if (request !== undefined) {
      operation.requestBody = { content: { 'application/json': { schema: pydanticSchema(request.model) } }, required: request.required };
    }
    // Router paths name parameters `:id`; OpenAPI writes `{id}` and lists them.
    const parameters = [...path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string', title: name } }));
    if (parameters.length > 0) operation.parameters = parameters;
    const openApiPath = path.replace(/:(\w+)/g, '{$1}');
    paths[openApiPath] = { ...paths[openApiPath], [method.toLowerCase()]: operation };
  }
  pathsCache.set(app, paths);
  return paths;
}

export function openApiDocument(app: Hono, description: string, prefix: string): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'OpenEnv Environment HTTP API',
      version: '1.0.0',
      description: `${description}\n\nOpenEnv-compatible: POST /reset, POST /step, GET /state, WebSocket ${prefix}/ws, POST /mcp. HTTP episodes are stateless: reset returns an encrypted episode_id token that step must quote.`,
    },
    ...(prefix === '' ? {} : { servers: [{ url: prefix }] }),
    paths: pathsOf(app),
  };
}
