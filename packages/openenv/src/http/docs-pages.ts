import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The interactive API docs at `/docs`, served from the local `swagger-ui-dist` package so they
 * work offline (CDN-based UIs are blank on a closed network), and the landing page at `/`.
 */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const assetCache = new Map<string, Uint8Array>();

export function docsAssetNames(): readonly string[] {
  return Object.keys(ASSETS);
}

export function docsAsset(name: string): Response {
  const type = ASSETS[name];
  if (type === undefined) return new Response(JSON.stringify({ detail: 'Not Found' }), { status: 404, headers: { 'content-type': 'application/json' } });
  let bytes = assetCache.get(name);
  if (bytes === undefined) {
    const root = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    bytes = readFileSync(join(root, name));
    assetCache.set(name, bytes);
  }
  return new Response(bytes, { headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' } });
}

export function docsPage(prefix: string, title: string): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} — API docs</title>
<link rel="stylesheet" href="${prefix}/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="${prefix}/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${prefix}/docs/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: ${JSON.stringify(`${prefix}/openapi.json`)}, dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });
</script>
</body>
</html>
`;
  return html200(html);
}

export interface LandingEntry {
  readonly name: string;
  readonly description: string;
  readonly prefix: string;
}

export function landingPage(entries: readonly LandingEntry[], defaultName: string): Response {
  const rows = entries
    .map(
      (e) => `<li><b>${escapeHtml(e.name)}</b>${e.name === defaultName ? ' (also at the root)' : ''}: ${escapeHtml(e.description)}<br>
<a href="${e.prefix}/docs">docs</a> · <a href="${e.prefix}/metadata">metadata</a> · <a href="${e.prefix}/schema">schema</a> · <a href="${e.prefix}/healthz">healthz</a> · OpenEnv base URL <code>${e.prefix || '/'}</code></li>`,
    )
    .join('\n');
  return html200(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>verilab — OpenEnv server</title>
<style>body{background:#111;color:#ddd;font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:3rem auto;padding:0 1rem}a{color:#7cc4ff}code{color:#ffd27c}</style>
</head>
<body>
<h1>verilab — OpenEnv server</h1>
<p>OpenEnv-compatible environments over HTTP, WebSocket (<code>/ws</code>) and MCP (<code>POST /mcp</code>). API docs: <a href="/docs">/docs</a>.</p>
<ul>
${rows}
</ul>
</body>
</html>
`);
}

function html200(html: string): Response {
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
