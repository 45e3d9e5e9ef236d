import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStaticUi, withStaticUi } from './static-ui.ts';

// The built UI in front of the API: files the build made are served, anything else is the API's.
const root = mkdtempSync(join(tmpdir(), 'verilab-ui-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>ui</title>');
writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
const bigScript = `${'export const answer = 42;\n'.repeat(200)}`;
writeFileSync(join(root, 'assets', 'big-def.js'), bigScript);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const api = (request: Request) => new Response(`api ${request.method} ${new URL(request.url).pathname}`);
const get = (path: string, method = 'GET') => new Request(`http://127.0.0.1${path}`, { method });

describe('static UI', () => {
  const ui = loadStaticUi(root);
  const fetch = withStaticUi(api, ui);

  it('serves index.html at / (revalidated) and hashed assets (immutable)', async () => {
    const index = await fetch(get('/'));
    expect(await index.text()).toBe('<!doctype html><title>ui</title>');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const script = await fetch(get('/assets/index-abc.js?v=1'));
    expect([await script.text(), script.headers.get('content-type')]).toEqual(['console.log(1)', 'text/javascript; charset=utf-8']);
    expect(script.headers.get('cache-control')).toContain('immutable');
    const head = await fetch(get('/', 'HEAD'));
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('serves the same page at /web and /web/, where Hugging Face Spaces open the UI', async () => {
    for (const path of ['/web', '/web/']) {
      const page = await fetch(get(path));
      expect([page.status, await page.text(), page.headers.get('cache-control')]).toEqual([200, '<!doctype html><title>ui</title>', 'no-cache']);
    }
    expect(await (await fetch(get('/web/assets/index-abc.js'))).text()).toBe('api GET /web/assets/index-abc.js');
  });

  it('leaves API paths, other methods and missing files to the API', async () => {
    expect(await (await fetch(get('/health'))).text()).toBe('api GET /health');
    expect(await (await fetch(get('/', 'POST'))).text()).toBe('api POST /');
    expect(await (await fetch(get('/assets/missing.js'))).text()).toBe('api GET /assets/missing.js');
    expect(await (await fetch(get('/assets/../index.html'))).text()).toBe('<!doctype html><title>ui</title>');
    expect(await (await fetch(get('/%2e%2e/package.json'))).text()).toBe('api GET /package.json');
  });

  it('sends text compressed as the client accepts, with an ETag that answers 304', async () => {
    const request = (encoding: string, etag?: string) =>
      fetch(new Request('http://127.0.0.1/assets/big-def.js', { headers: { 'accept-encoding': encoding, ...(etag === undefined ? {} : { 'if-none-match': etag }) } }));
    const br = await request('gzip, deflate, br');
    expect([br.headers.get('content-encoding'), br.headers.get('vary')]).toEqual(['br', 'accept-encoding']);
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(bigScript.length / 10);
    expect(brotliDecompressSync(brBytes).toString()).toBe(bigScript);
    const gzip = await request('gzip, br;q=0');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(bigScript);
    const plain = await request('identity');
    expect([plain.headers.get('content-encoding'), await plain.text()]).toEqual([null, bigScript]);
    // Each encoding has its own tag; a matching If-None-Match gets an empty 304.
    expect(new Set([br, gzip, plain].map((r) => r.headers.get('etag'))).size).toBe(3);
    const again = await request('br', br.headers.get('etag')!);
    expect([again.status, await again.text()]).toEqual([304, '']);
    const index = await fetch(get('/'));
    const revalidated = await fetch(new Request('http://127.0.0.1/', { headers: { 'if-none-match': index.headers.get('etag')! } }));
    expect(revalidated.status).toBe(304);
  });

  it('is absent when the UI is not built', () => {
    expect(loadStaticUi(join(root, 'nowhere'))).toBeUndefined();
    expect(withStaticUi(api, undefined)).toBe(api);
  });
});
