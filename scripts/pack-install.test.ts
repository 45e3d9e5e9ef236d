/**
 * The packages as a user gets them: every workspace is packed (`npm pack`, the tarballs npm
 * would publish, from the dist/ builds `npm install` made), the tarballs are installed into an
 * empty project outside the repository, and the installed `verilab` and `@verilab/qec` are used
 * from there. Third-party dependencies come from npm (its cache first).
 *
 * About 20–40 s: the install dominates.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerilab } from '../packages/cli/src/testing/run-verilab.ts';
import { spawnServe } from '../packages/cli/src/testing/serve-process.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const GEN_D3 = ['gen', '--code', 'surface_code', '--task', 'rotated_memory_z', '--distance', '3', '--rounds', '3', '--after_clifford_depolarization', '0.001'];
const run = promisify(execFile);

interface PackedPackage {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

let dir: string;
let project: string;
let packed: PackedPackage[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'verilab-pack-'));
  const tarballs = path.join(dir, 'tarballs');
  project = path.join(dir, 'project');
  mkdirSync(tarballs);
  mkdirSync(project);
  const pack = execFileSync(NPM, ['pack', '--workspaces', '--json', '--pack-destination', tarballs], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  packed = JSON.parse(pack) as PackedPackage[];
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'verilab-install-check', private: true, type: 'module' }));
  await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', ...packed.map((p) => path.join(tarballs, p.filename))], { cwd: project, timeout: 300_000 });
}, 360_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('packed and installed into an empty project', () => {
  it('every workspace packs its build and no tests, test support or TypeScript sources', () => {
    const workspaces = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    expect(workspaces).toEqual(['packages/*']);
    expect(packed.map((p) => p.name).sort()).toEqual(['@verilab/cli', '@verilab/core', '@verilab/openenv', '@verilab/physix', '@verilab/qec', '@verilab/qubit-medic', '@verilab/web']);
    for (const { name, files } of packed) {
      const paths = files.map((f) => f.path);
      expect(paths, name).toContain(name === '@verilab/web' ? 'dist/index.html' : 'dist/index.js');
      expect(paths.filter((p) => /\.(test|bench)\.|(^|\/)testing\/|(?<!\.d)\.ts$|^src\//.test(p)), name).toEqual([]);
    }
  });

  it('runs `verilab --help` through npx', async () => {
    const { stdout } = await run('npx', ['--no-install', 'verilab', '--help'], { cwd: project });
    expect(stdout).toMatch(/^Usage: verilab /);
    expect(stdout).toContain('gen [options]');
  });

  it('runs `verilab gen` with the bytes the sources give', async () => {
    const { stdout } = await run('npx', ['--no-install', 'verilab', ...GEN_D3], { cwd: project });
    const fromSources = await runVerilab(GEN_D3);
    expect(fromSources.code).toBe(0);
    expect(stdout).toBe(fromSources.stdout);
  });

  it('serves /health and the UI with `verilab serve`', async () => {
    const server = await spawnServe({ VERILAB_TOKEN_KEY: Buffer.alloc(32, 7).toString('hex') }, ['--port', '0'], [path.join(project, 'node_modules/@verilab/cli/dist/main.js')]);
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      const ui = await fetch(`${server.url}/web`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('<div id="root">');
    } finally {
      await server.stop();
    }
  });

  it('imports @verilab/qec from plain JavaScript', async () => {
    const script = "import { generateRotatedSurfaceCode, printCircuit } from '@verilab/qec'; process.stdout.write(printCircuit(generateRotatedSurfaceCode({ distance: 3, rounds: 3, basis: 'Z' })));";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    expect(stdout).toContain('MR ');
    expect(stdout).toContain('OBSERVABLE_INCLUDE(0)');
  });
});
