import type { HostedEnvironment } from '../hosted-environment.ts';
import type { JsonSchema } from '../wire/pydantic-schema.ts';
import type { RouteDef } from './environment-routes.ts';

/**
 * `/openapi.json` for one mounted environment, built from the same route descriptions the
 * router uses. `openenv validate --url` needs `info.version` and the `/reset`, `/step` and
 * `/state` paths (docs/wire-contract.md#manifest); a `servers` entry points Swagger's "try it out" at the mount
 * prefix (`/envs/<name>`).
 */
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

export function openApiDocument(host: HostedEnvironment, routes: readonly RouteDef[], prefix: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      tags: [route.tag],
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[^a-zA-Z0-9]+/g, '_')}`,
      responses: {
        '200': {
          description: 'Successful Response',
          content: { 'application/json': { schema: route.response ?? {} } },
        },
        ...(route.request === undefined
          ? {}
          : { '422': { description: 'Validation Error', content: { 'application/json': { schema: VALIDATION_ERROR_SCHEMA } } } }),
      },
    };
    if (route.request !== undefined) {
      operation.requestBody = { content: { 'application/json': { schema: route.request } }, required: route.bodyOptional !== true };
    }
    // Router paths name parameters `:id`; OpenAPI writes `{id}` and lists them.
    const parameters = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string', title: name } }));
    if (parameters.length > 0) operation.parameters = parameters;
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'OpenEnv Environment HTTP API',
      version: '1.0.0',
      description: `${host.metadata.description}\n\nOpenEnv-compatible: POST /reset, POST /step, GET /state, WebSocket ${prefix}/ws, POST /mcp. HTTP episodes are stateless: reset returns an encrypted episode_id token that step must quote.`,
    },
    ...(prefix === '' ? {} : { servers: [{ url: prefix }] }),
    paths,
  };
}
