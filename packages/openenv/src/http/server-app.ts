import { Hono } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { ServerRuntime } from '../server-runtime.ts';
import { landingPage } from './docs-pages.ts';
import { environmentApp } from './environment-app.ts';
import { detail } from './http-replies.ts';

/**
 * The whole HTTP surface on web-standard Request/Response (Hono): one sub-app per hosted
 * environment (environment-app.ts), mounted under `/envs/<name>` and, for the default
 * environment, at the root too, so an OpenEnv client with base URL
 * `http://host:8000/envs/<name>` works. Unknown paths give FastAPI's 404
 * `{"detail":"Not Found"}`; a known path with another method gives 405
 * `{"detail":"Method Not Allowed"}` with an `Allow` header.
 */
export function environmentPrefix(name: string): string {
  return `/envs/${name}`;
}

export function createServerApp(runtime: ServerRuntime, log: (line: string) => void = () => {}): Hono {
  const app = new Hono();
  app.use(
    methodNotAllowed({
      app,
      // Hono serves HEAD wherever GET is served; the header lists the methods routes declare, as before.
      onMethodNotAllowed: (_c, methods) => detail(405, 'Method Not Allowed', { allow: methods.filter((method) => method !== 'HEAD').join(', ') }),
    }),
  );
  const entries = [...runtime.hosts.values()].map((host) => ({ name: host.name, description: host.metadata.description, prefix: environmentPrefix(host.name) }));
  const landing = () => landingPage(entries, runtime.defaultHost.name);
  for (const host of runtime.hosts.values()) {
    const sub = environmentApp(host, runtime, landing);
    if (host === runtime.defaultHost) app.route('/', sub);
    app.route(environmentPrefix(host.name), sub);
  }
  app.notFound(() => detail(404, 'Not Found'));
  app.onError((error) => {
    // Only bugs reach here: client input is answered as 4xx data by the routes.
    log(`verilab: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new Response('Internal Server Error', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });
  return app;
}
