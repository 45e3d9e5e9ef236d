import { Hono } from 'hono';
import type { HostedEnvironment } from '../hosted-environment.ts';
import type { ServerRuntime } from '../server-runtime.ts';
import { docsAsset, docsAssetNames, docsPage, landingPage } from './docs-pages.ts';
import { environmentRoutes, type RouteDef } from './environment-routes.ts';
import { detail, json } from './http-replies.ts';
import { openApiDocument } from './openapi.ts';

/**
 * The whole HTTP surface on web-standard Request/Response (Hono): the default environment at
 * the root and every environment under `/envs/<name>`, each with the full route set, so an
 * OpenEnv client with base URL `http://host:8000/envs/<name>` works. Unknown paths give
 * FastAPI's 404 `{"detail":"Not Found"}`; a known path with another method gives 405
 * `{"detail":"Method Not Allowed"}` with an `Allow` header.
 */
export function environmentPrefix(name: string): string {
  return `/envs/${name}`;
}

export function createServerApp(runtime: ServerRuntime, log: (line: string) => void = () => {}): Hono {
  const app = new Hono();
  const methodsByPath = new Map<string, Set<string>>();
  const add = (method: RouteDef['method'], path: string, handler: RouteDef['handle']) => {
    app.on(method, path, (c) => handler(c.req.raw, c.req.param()));
    const methods = methodsByPath.get(path) ?? new Set<string>();
    methods.add(method);
    methodsByPath.set(path, methods);
  };
  const entries = [...runtime.hosts.values()].map((host) => ({
    name: host.name,
    description: host.metadata.description,
    prefix: environmentPrefix(host.name),
  }));
  const mount = (host: HostedEnvironment, prefix: string) => {
    const routes = environmentRoutes(host, runtime);
    for (const route of routes) add(route.method, `${prefix}${route.path}`, route.handle);
    const openapi = openApiDocument(host, routes, prefix);
    add('GET', `${prefix}/openapi.json`, () => json(openapi));
    add('GET', `${prefix}/docs`, () => docsPage(prefix, host.metadata.name));
    for (const asset of docsAssetNames()) add('GET', `${prefix}/docs/${asset}`, () => docsAsset(asset));
    // ReDoc needs a CDN; send its users to the offline Swagger UI instead.
    add('GET', `${prefix}/redoc`, () => new Response(null, { status: 307, headers: { location: `${prefix}/docs` } }));
    add('GET', prefix === '' ? '/' : prefix, () => landingPage(entries, runtime.defaultHost.name));
  };
  mount(runtime.defaultHost, '');
  for (const host of runtime.hosts.values()) mount(host, environmentPrefix(host.name));

  app.notFound((c) => {
    const allowed = methodsByPath.get(c.req.path);
    if (allowed === undefined) return detail(404, 'Not Found');
    return detail(405, 'Method Not Allowed', { allow: [...allowed].join(', ') });
  });
  app.onError((error) => {
    // Only bugs reach here: client input is answered as 4xx data by the routes.
    log(`verilab: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new Response('Internal Server Error', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });
  return app;
}
