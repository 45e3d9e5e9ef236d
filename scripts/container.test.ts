/**
 * The Dockerfile, run without Docker (CI machines have none): its instructions are read and
 * executed as written, each stage in its own folder standing in for the image's file system.
 * The build context is the working tree minus `.dockerignore`, as `docker build .` sends it;
 * the `RUN` commands (`npm ci`, the prune, ...) run exactly as listed; `COPY --from` copies
 * between the stage folders; then the final `CMD` is started with the image's `ENV` and the
 * `HEALTHCHECK` command must fail before the server is up and pass once it is. What this
 * cannot check is the base image itself (`node:20-bookworm-slim`) and the `USER` switch, which
 * are read and asserted instead.
 *
 * About 30 s on one core: `npm ci` (the lockfile's packages come from npm's cache) and the web
 * build dominate.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

interface Stage {
  readonly name: string;
  readonly base: string;
  readonly instructions: readonly Instruction[];
}

/** Dockerfile text → stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const stages: { name: string; base: string; instructions: Instruction[] }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    const match = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    if (match === null) throw new Error(`Dockerfile line ${start}: cannot read "${line}"`);
    const keyword = match[1]!.toUpperCase();
    const args = match[2]!;
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (from === null) throw new Error(`Dockerfile line ${start}: cannot read FROM "${args}"`);
      stages.push({ base: from[1]!, name: from[2] ?? String(stages.length), instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (stage === undefined) throw new Error(`Dockerfile line ${start}: ${keyword} before FROM`);
      stage.instructions.push({ keyword, args, line: start });
    }
  }
  return stages;
}

/** `["a", "b"]` (exec form) → argv; anything else is shell form. */
function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const argv: unknown = JSON.parse(args);
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) throw new Error(`not an exec form: ${args}`);
  return argv;
}

/** `ENV K=V K2=V2` or the legacy `ENV K V`. */
function parseEnv(args: string): Record<string, string> {
  if (!/^\S+=/.test(args)) {
    const [key, ...rest] = args.split(/\s+/);
    return { [key!]: rest.join(' ') };
  }
  return Object.fromEntries(args.split(/\s+/).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

/** Options (`--from=x`, `--interval=30s`, ...) and the rest of an instruction. */
function splitOptions(args: string): { options: Record<string, string>; rest: string } {
  const options: Record<string, string> = {};
  let rest = args;
  for (let match = /^--([a-z-]+)=(\S+)\s+/.exec(rest); match !== null; match = /^--([a-z-]+)=(\S+)\s+/.exec(rest)) {
    options[match[1]!] = match[2]!;
    rest = rest.slice(match[0].length);
  }
  return { options, rest };
}

/** `.dockerignore` as Docker reads it: globs from the context root, `!` re-includes, last match wins, a matched folder drops its contents. */
function dockerIgnore(text: string): (file: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const glob = (include ? line.slice(1) : line).replace(/^\/+/, '');
      const source = glob
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) => ({ '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' })[part] ?? part.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
        .join('');
      return { include, pattern: new RegExp(`^${source}$`) };
    });
  return (file) => {
    const parts = file.split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const rule of rules) if (prefixes.some((prefix) => rule.pattern.test(prefix))) ignored = !rule.include;
    return ignored;
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const dockerfile = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const finalStage = dockerfile.at(-1)!;
const last = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).at(-1);

describe('Dockerfile (read)', () => {
  it('is multi-stage on a Node 20 image, with a non-root final stage listening on PORT (default 8000)', () => {
    expect(dockerfile.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile) expect(stage.base).toMatch(/^node:20[-.\w]*$/);
    const user = last(finalStage, 'USER')?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user!.split(':')[0]);
    expect(last(finalStage, 'EXPOSE')?.args).toBe('8000');
    const env = Object.assign({}, ...finalStage.instructions.filter((i) => i.keyword === 'ENV').map((i) => parseEnv(i.args))) as Record<string, string>;
    expect(env['PORT']).toBe('8000');
  });

  it('runs `verilab serve --host 0.0.0.0` (exec form, so signals reach it) and health-checks /health', () => {
    const cmd = execForm(last(finalStage, 'CMD')?.args ?? '');
    expect(cmd).toBeDefined();
    expect(cmd!.slice(-3)).toEqual(['serve', '--host', '0.0.0.0']);
    expect(cmd![0]).toMatch(/\/verilab$/);
    const healthcheck = last(finalStage, 'HEALTHCHECK')?.args ?? '';
    expect(execForm(splitOptions(healthcheck).rest.replace(/^CMD\s+/, ''))?.join(' ')).toContain('/health');
  });
});

describe('Dockerfile (built and run outside Docker)', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'verilab-docker-'));
  /** Each stage's stand-in root folder, and the image's paths mapped into it. */
  const stageRoots = new Map<string, string>();
  const inStage = (stage: string, imagePath: string) => path.join(stageRoots.get(stage)!, imagePath);
  let finalWorkdir = '/';
  let finalEnv: Record<string, string> = {};
  let server: ChildProcess | undefined;

  beforeAll(() => {
    const context = path.join(work, 'context');
    const ignored = dockerIgnore(existsSync(path.join(ROOT, '.dockerignore')) ? readFileSync(path.join(ROOT, '.dockerignore'), 'utf8') : '');
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((file) => file !== '' && !ignored(file) && existsSync(path.join(ROOT, file)));
    for (const file of files) cpSync(path.join(ROOT, file), path.join(context, file), { verbatimSymlinks: true });

    for (const stage of dockerfile) {
      const root = path.join(work, `stage-${stage.name}`);
      mkdirSync(root);
      stageRoots.set(stage.name, root);
      let workdir = '/';
      const env: Record<string, string> = {};
      for (const { keyword, args, line } of stage.instructions) {
        const where = `Dockerfile line ${line}`;
        switch (keyword) {
          case 'WORKDIR':
            workdir = path.posix.resolve(workdir, args);
            mkdirSync(inStage(stage.name, workdir), { recursive: true });
            break;
          case 'ENV':
            Object.assign(env, parseEnv(args));
            break;
          case 'COPY': {
            const { options, rest } = splitOptions(args);
            const paths = execForm(rest) ?? rest.split(/\s+/);
            const target = path.posix.resolve(workdir, paths.at(-1)!);
            for (const source of paths.slice(0, -1)) {
              const from = options['from'] === undefined ? path.join(context, source) : inStage(options['from'], path.posix.resolve('/', source));
              expect(existsSync(from), `${where}: COPY source ${source}`).toBe(true);
              cpSync(from, inStage(stage.name, target), { recursive: true, verbatimSymlinks: true });
            }
            break;
          }
          case 'RUN': {
            const argv = execForm(args) ?? ['sh', '-c', args];
            const runEnv: Record<string, string | undefined> = { ...process.env, NODE_ENV: undefined, ...env };
            const result = spawnSync(argv[0]!, argv.slice(1), { cwd: inStage(stage.name, workdir), env: runEnv, encoding: 'utf8', timeout: 600_000 });
            expect(result.status, `${where}: RUN ${args}\n${result.stdout}${result.stderr}`).toBe(0);
            break;
          }
          case 'USER':
          case 'EXPOSE':
          case 'HEALTHCHECK':
          case 'CMD':
            break; // read by the tests below
          default:
            throw new Error(`${where}: ${keyword} is not run by this test; teach it or avoid the instruction`);
        }
      }
      finalWorkdir = workdir;
      finalEnv = env;
    }
  }, 900_000);

  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  });

  it('leaves the dev dependencies (test runner, bundler) out of the final stage', () => {
    const modules = inStage(finalStage.name, path.posix.join(finalWorkdir, 'node_modules'));
    expect(existsSync(path.join(modules, '@verilab', 'cli'))).toBe(true);
    expect(existsSync(path.join(modules, 'vitest'))).toBe(false);
    expect(existsSync(path.join(modules, 'vite'))).toBe(false);
  });

  it('starts the CMD on PORT, which passes the HEALTHCHECK and serves the API and the UI at /web', async () => {
    const port = await freePort();
    const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: undefined, VERILAB_PORT: undefined, VERILAB_HOST: undefined, ...finalEnv, PORT: String(port) };
    const cwd = inStage(finalStage.name, finalWorkdir);
    const healthcheck = execForm(splitOptions(last(finalStage, 'HEALTHCHECK')!.args).rest.replace(/^CMD\s+/, ''))!;
    const healthy = () => spawnSync(healthcheck[0]!, healthcheck.slice(1), { cwd, env, timeout: 10_000 }).status === 0;
    expect(healthy()).toBe(false);

    const cmd = execForm(last(finalStage, 'CMD')!.args)!;
    const program = cmd[0]!.startsWith('/') ? inStage(finalStage.name, cmd[0]!) : cmd[0]!;
    let output = '';
    server = spawn(program, cmd.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!healthy()) {
      expect(server.exitCode, `the server exited:\n${output}`).toBeNull();
      expect(Date.now() < deadline, `not healthy within 60 s:\n${output}`).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'healthy' });
    const ui = await fetch(`${base}/web`);
    expect([ui.status, ui.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await ui.text()).toContain('<div id="root">');
  }, 120_000);
});
