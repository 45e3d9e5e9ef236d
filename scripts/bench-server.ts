/**
 * `npm run bench:server`: load test of `verilab serve` the way trainers use it. Starts the
 * server as its own process, opens N concurrent WebSocket sessions on loopback, and has each
 * play episodes back to back (reset, then step with an answer) for a fixed time. Reports
 * episodes/s, per-message latency p50/p99 and the server's resident memory over the run (a
 * soak: `--seconds 60` shows whether memory stays flat).
 *
 * `--during-build` times instead what the server tests check without a clock
 * (packages/openenv/src/node/hostile-clients.test.ts): how soon a level past the detector limit
 * is refused, and how fast /health answers while a custom level builds in a worker.
 *
 * Usage: npm run bench:server [-- --sessions 64 --seconds 10 --level L2_target --json out.json]
 *        npm run bench:server -- --during-build [--level custom:d=9,r=12,p=0.003]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { VERILAB } from '../packages/cli/src/testing/run-verilab.ts';

const WARMUP_SECONDS = 2;
const ANSWER = 'X_ERRORS=[] Z_ERRORS=[]';

/** Message latencies in 10 µs buckets up to 1 s (plus overflow): constant memory for any run length. */
class LatencyHistogram {
  private readonly counts = new Uint32Array(100_001);
  count = 0;

  add(ms: number): void {
    this.counts[Math.min(100_000, Math.floor(ms * 100))]! += 1;
    this.count++;
  }

  quantile(q: number): number {
    let seen = 0;
    const target = q * this.count;
    for (let bucket = 0; bucket < this.counts.length; bucket++) {
      seen += this.counts[bucket]!;
      if (seen >= target) return (bucket + 1) / 100;
    }
    return Infinity;
  }
}

interface Load {
  episodes: number;
  errors: number;
  measuring: boolean;
  readonly latency: LatencyHistogram;
}

async function startServer(sessions: number): Promise<{ child: ChildProcess; url: string }> {
  const env = { ...process.env, VERILAB_TOKEN_KEY: randomBytes(32).toString('hex'), VERILAB_MAX_SESSIONS: String(Math.max(256, sessions)) };
  const child = spawn(process.execPath, [...VERILAB, 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving \S+ on (http:\/\/\S+) /.exec(stderr);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`verilab serve exited with ${code}:\n${stderr}`)));
  });
  return { child, url };
}

/** One session: reset → step → reset → … until stopped, timing every request/response pair. */
function runSession(url: string, level: string, load: Load, stopped: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const reset = JSON.stringify({ type: 'reset', data: { level } });
    const step = JSON.stringify({ type: 'step', data: { raw_response: ANSWER } });
    let sentAt = 0;
    let awaiting: 'reset' | 'step' = 'reset';
    const send = (message: string) => {
      sentAt = performance.now();
      socket.send(message);
    };
    socket.on('open', () => send(reset));
    socket.on('message', (data) => {
      if (load.measuring) load.latency.add(performance.now() - sentAt);
      if ((JSON.parse(data.toString()) as { type: string }).type === 'error') load.errors++;
      if (awaiting === 'step' && load.measuring) load.episodes++;
      if (stopped()) {
        socket.close();
        return;
      }
      awaiting = awaiting === 'reset' ? 'step' : 'reset';
      send(awaiting === 'reset' ? reset : step);
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

const OVER_LIMIT_LEVEL = 'custom:d=25,r=11,p=0.00777';
const BUILT_LEVEL = 'custom:d=9,r=12,p=0.003';

const postReset = (url: string, body: object) =>
  fetch(`${url}/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function measureDuringBuild(url: string, level: string): Promise<Record<string, unknown>> {
  const refusing = performance.now();
  const refused = await postReset(url, { level: OVER_LIMIT_LEVEL });
  const refusalMs = round(performance.now() - refusing);
  const health = new LatencyHistogram();
  const building = performance.now();
  let built = false;
  const reset = postReset(url, { level, seed: 1 }).then((reply) => {
    built = true;
    return reply.status;
  });
  while (!built) {
    const asked = performance.now();
    if (!(await fetch(`${url}/health`)).ok) throw new Error('/health failed during the build');
    health.add(performance.now() - asked);
    await sleep(20);
  }
  const report = {
    overLimit: { level: OVER_LIMIT_LEVEL, status: refused.status, replyMs: refusalMs },
    build: { level, status: await reset, seconds: round((performance.now() - building) / 1000) },
    healthDuringBuildMs: { replies: health.count, p50: health.quantile(0.5), max: health.quantile(1) },
  };
  console.log(
    `over-limit ${OVER_LIMIT_LEVEL}: HTTP ${refused.status} in ${refusalMs} ms; ${level} built in ${report.build.seconds} s ` +
      `(HTTP ${report.build.status}), meanwhile ${health.count} /health replies, p50 ${report.healthDuringBuildMs.p50} ms, max ${report.healthDuringBuildMs.max} ms`,
  );
  return report;
}

function residentMemoryMiB(pid: number): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined; // not Linux
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sessions: { type: 'string', default: '64' },
      seconds: { type: 'string', default: '10' },
      level: { type: 'string' },
      json: { type: 'string' },
      'during-build': { type: 'boolean', default: false },
    },
  });
  if (values['during-build']) {
    const { child, url } = await startServer(1);
    try {
      const report = await measureDuringBuild(url, values.level ?? BUILT_LEVEL);
      if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    } finally {
      child.kill('SIGTERM');
    }
    return;
  }
  const level = values.level ?? 'L2_target';
  const sessions = Number(values.sessions);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(sessions) || sessions < 1 || !(seconds > 0)) throw new Error('--sessions must be a positive integer and --seconds positive');
  const { child, url } = await startServer(sessions);
  const pid = child.pid as number;
  const load: Load = { episodes: 0, errors: 0, measuring: false, latency: new LatencyHistogram() };
  let stop = false;
  const wsUrl = `${url.replace(/^http/, 'ws')}/ws`;
  const running = Array.from({ length: sessions }, () => runSession(wsUrl, level, load, () => stop));

  await sleep(WARMUP_SECONDS * 1000);
  const memory: number[] = [];
  load.measuring = true;
  const started = performance.now();
  const sampler = setInterval(() => {
    const rss = residentMemoryMiB(pid);
    if (rss !== undefined) memory.push(rss);
  }, 1000);
  await sleep(seconds * 1000);
  load.measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  stop = true;
  await Promise.all(running);
  child.kill('SIGTERM');

  const report = {
    sessions,
    level,
    seconds: Number(elapsed.toFixed(2)),
    episodes: load.episodes,
    episodesPerSecond: Math.round(load.episodes / elapsed),
    messageLatencyMs: { p50: load.latency.quantile(0.5), p99: load.latency.quantile(0.99), max: load.latency.quantile(1) },
    errors: load.errors,
    serverRssMiB: memory.length === 0 ? null : { first: round(memory[0]!), last: round(memory.at(-1)!), max: round(Math.max(...memory)) },
  };
  console.log(
    `${sessions} sessions, ${level}, ${report.seconds} s: ${report.episodesPerSecond} episodes/s ` +
      `(${report.episodes} episodes, ${report.errors} errors); message latency p50 ${report.messageLatencyMs.p50} ms, p99 ${report.messageLatencyMs.p99} ms` +
      (report.serverRssMiB === null ? '' : `; server RSS ${report.serverRssMiB.first} → ${report.serverRssMiB.last} MiB (max ${report.serverRssMiB.max})`),
  );
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (x: number) => Math.round(x * 10) / 10;

await main();
