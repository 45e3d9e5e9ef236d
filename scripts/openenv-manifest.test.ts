/**
 * `openenv.yaml` and the Hugging Face Space front matter of README.md: both parse, agree with
 * each other and with the Dockerfile, and every route the manifest names answers on a live
 * `verilab serve` (the real environments, as the container runs them) at the root and under
 * each environment's prefix.
 */
import { unwrap } from '@verilab/core';
import { createRuntime, defaultEnvironments, defaultWebRoot, loadServerConfig, loadStaticUi, startServer, type RunningServer } from '@verilab/openenv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Manifest {
  spec_version: number;
  name: string;
  type: string;
  runtime: string;
  app: string;
  port: number;
  description: string;
  environments: { name: string; prefix: string; default?: boolean }[];
  endpoints: Record<string, { method: 'GET' | 'POST' | 'WEBSOCKET'; path: string }>;
  web: { path: string };
}

const manifest = parse(read('openenv.yaml')) as Manifest;

/** The README's YAML front matter and the Markdown after it. */
function frontMatter(readme: string): { data: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(readme);
  if (match === null) throw new Error('README.md does not start with a --- front matter block');
  return { data: parse(match[1]!) as Record<string, unknown>, body: readme.slice(match[0].length) };
}

describe('openenv.yaml', () => {
  it('has the hub manifest keys (spec_version 1, a Docker Space on the port the Dockerfile exposes)', () => {
    expect(manifest).toMatchObject({ spec_version: 1, name: 'verilab', type: 'space', port: 8000 });
    expect(manifest.app).toContain('verilab serve --host 0.0.0.0');
    expect(manifest.description.length).toBeGreaterThan(20);
    expect(read('Dockerfile')).toMatch(new RegExp(`^EXPOSE ${manifest.port}$`, 'm'));
  });
});

describe('README.md Space front matter', () => {
  const { data, body } = frontMatter(read('README.md'));

  it('declares a Docker Space tagged openenv on the manifest port, opening the UI at its web path', () => {
    expect(data).toMatchObject({ sdk: 'docker', app_port: manifest.port, base_path: manifest.web.path });
    expect(data['tags']).toContain('openenv');
    expect(typeof data['title']).toBe('string');
  });

  it('keeps the two commands as the first content after the title', () => {
    const lines = body.trimStart().split('\n');
    expect(lines[0]).toBe('# verilab');
    const firstContent = lines.slice(1).find((line) => line.trim() !== '');
    expect(firstContent).toBe('```bash');
    const block = lines.slice(lines.indexOf('```bash') + 1, lines.indexOf('```', lines.indexOf('```bash') + 1));
    expect(block.map((line) => line.split('#')[0]!.trim())).toEqual(['npm install && npm start', 'npm test']);
  });
});

describe('every route openenv.yaml names, on a live server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const config = unwrap(loadServerConfig({}, {}), 'server configuration');
    const runtime = createRuntime({ config, environments: defaultEnvironments(config) });
    server = await startServer({ runtime, host: '127.0.0.1', port: 0, ui: loadStaticUi(defaultWebRoot()) });
  });
  afterAll(() => server.close());

  it('names the environments the server hosts, the default one first', async () => {
    const prefixes = manifest.environments.map((environment) => environment.prefix);
    expect(manifest.environments.filter((environment) => environment.default === true).map((environment) => environment.name)).toEqual([manifest.environments[0]!.name]);
    for (const prefix of prefixes) expect((await fetch(`${server.url}${prefix}/health`)).status).toBe(200);
    const metadata = (await (await fetch(`${server.url}/metadata`)).json()) as { name: string };
    expect(metadata).toEqual(await (await fetch(`${server.url}${prefixes[0]}/metadata`)).json());
  });

  const mounts = ['', ...manifest.environments.map((environment) => environment.prefix)];
  for (const [name, endpoint] of Object.entries(manifest.endpoints)) {
    it(`${name}: ${endpoint.method} ${endpoint.path} exists at the root and under each prefix`, async () => {
      for (const mount of mounts) {
        const url = `${server.url}${mount}${endpoint.path}`;
        if (endpoint.method === 'WEBSOCKET') {
          const socket = new WebSocket(url.replace(/^http/, 'ws'));
          const opened = await new Promise<boolean>((resolve) => {
            socket.once('open', () => resolve(true));
            socket.once('error', () => resolve(false));
          });
          socket.close();
          expect(opened, url).toBe(true);
        } else {
          const reply = await fetch(url, endpoint.method === 'POST' ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' } : {});
          // POST bodies of `{}` may be refused as data (422 from /step), but the route must exist and accept the method.
          expect([404, 405], `${endpoint.method} ${url}`).not.toContain(reply.status);
          expect(reply.status, `${endpoint.method} ${url}`).toBeLessThan(500);
          if (endpoint.method === 'GET') expect(reply.status, url).toBe(200);
        }
      }
    });
  }

  it(`serves the web UI at ${manifest.web.path}`, async () => {
    const reply = await fetch(`${server.url}${manifest.web.path}`);
    expect([reply.status, reply.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
  });
});
