import { CURRICULUM, WINDOW_SIZE } from '@verilab/qubit-medic';
import { afterAll, describe, expect, it } from 'vitest';
import { UNANSWERED } from '../environments/curriculum-runs.ts';
import { alwaysNoErrors, skipUnlessEmpty, truthFrom, type PlayPolicy } from '../testing/agent-policies.ts';
import { MemoryRunStore } from '../testing/memory-run-store.ts';
import { connectSdkHttp } from '../testing/mcp-sdk-client.ts';
import { httpMcp, httpSessionMcp, socketMcp, stdioMcp, toolData, type Closers, type McpRpc } from '../testing/mcp-transports.ts';
import { startRunStoreServer } from '../testing/run-store-server.ts';
import type { TestServer } from '../testing/test-server.ts';

// An MCP agent that resets until the syndrome is empty and then answers "no errors" scores
// near the truth on every episode it answers, without decoding anything. So an agent's episode
// it never answers (reset away from, left in a closed session, or a sessionless one never
// stepped by its deadline) counts in its run as a failure: an UNANSWERED entry, a 0 in the run's
// statistics and curriculum. An agent that answers every episode sees the run exactly as before.
const AGENT_RUN = 'mcp-agents';
const LEVELS = CURRICULUM.map((level) => level.name);
/** Past L1 and L2: the run draws 20 % L1, 50 % L2 and 30 % L3, where 77 % of syndromes are not empty. */
const PROMOTED = { L1_warmup: Array<number>(WINDOW_SIZE).fill(1), L2_target: Array<number>(WINDOW_SIZE).fill(1) };
const RESETS = 150;

const closers: Closers = [];
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await Promise.all(servers.map((server) => server.close()));
});

/** A server whose agents' run is promoted to L3, in a store the test reads. */
async function promotedServer(clock?: () => number): Promise<{ server: TestServer; store: MemoryRunStore }> {
  const store = new MemoryRunStore();
  store.preload(AGENT_RUN, PROMOTED);
  const server = await startRunStoreServer(store, (line) => expect.fail(line), clock);
  servers.push(server);
  return { server, store };
}

/** What the run recorded at `level` after its preload, an unanswered episode as 0. */
function played(store: MemoryRunStore, level: string): number[] {
  const preloaded = (PROMOTED as Record<string, number[]>)[level]?.length ?? 0;
  return store.entries(AGENT_RUN, level).slice(preloaded).map((entry) => (entry === UNANSWERED ? 0 : entry));
}

const resetsRecorded = (store: MemoryRunStore) => LEVELS.reduce((sum, level) => sum + played(store, level).length, 0);

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Plays `resets` episodes with `policy`, over `open()`'s MCP client (opened once per episode for
 * a client that leaves after each, else once); checks that every answered step reports the run's
 * statistics as the preload plus the answered outcomes alone (`unchanged`), when asked to.
 */
async function play(policy: PlayPolicy, open: () => Promise<McpRpc>, options: { resets: number; perEpisode?: (rpc: McpRpc, answered: boolean) => Promise<unknown>; unchanged?: boolean }): Promise<void> {
  const windows = new Map<string, number[]>(LEVELS.map((level) => [level, [...((PROMOTED as Record<string, number[]>)[level] ?? [])]]));
  let rpc = await open();
  for (let i = 0; i < options.resets; i++) {
    if (options.perEpisode !== undefined && i > 0) rpc = await open();
    const stepped = await policy(rpc);
    await options.perEpisode?.(rpc, stepped !== undefined);
    if (stepped === undefined || options.unchanged !== true) continue;
    const level = stepped.curriculum_level as string;
    windows.get(level)!.push(stepped.info.rewards.logical_correction as number);
    const window = windows.get(level)!.slice(-WINDOW_SIZE);
    expect(stepped.info.curriculum_stats[level].samples).toBe(window.length);
    expect(stepped.info.curriculum_stats[level].moving_mean).toBeCloseTo(mean(window), 12);
  }
}

describe("an MCP agent's skipped episodes", () => {
  it('count as failures: skipping to empty syndromes scores below answering "no errors" every time, and below the truth', async () => {
    let now = Date.now();
    const [truth, noErrors, sessionless, resettingAway, leaving] = await Promise.all([promotedServer(), promotedServer(), promotedServer(() => now), promotedServer(), promotedServer()]);
    // Agents answering every episode: sessionless (counted from the reset until answered) and in a session.
    await play(truthFrom(truth.server.runtime), () => Promise.resolve(httpMcp(truth.server.url)), { resets: 60, unchanged: true });
    await play(alwaysNoErrors, () => socketMcp(`${noErrors.server.wsUrl}/mcp`, closers), { resets: RESETS, unchanged: true });
    // Skipping agents: sessionless, resetting away within a WebSocket /mcp session, leaving each session it skips in.
    await play(skipUnlessEmpty, () => Promise.resolve(httpMcp(sessionless.server.url)), { resets: RESETS });
    // A sessionless episode is pending until its deadline (it may still be answered): the skipped
    // ones are in no window yet. The next read of the run past the deadline counts them 0.
    const pendingSkipped = LEVELS.reduce((sum, level) => sum + sessionless.store.pending(AGENT_RUN, level).size, 0);
    expect(pendingSkipped).toBeGreaterThan(20);
    expect(LEVELS.flatMap((level) => sessionless.store.entries(AGENT_RUN, level))).not.toContain(UNANSWERED);
    expect(resetsRecorded(sessionless.store) + pendingSkipped).toBe(RESETS);
    now += sessionless.server.runtime.config.sessionIdleSeconds * 1000;
    toolData(await httpMcp(sessionless.server.url)('tools/call', { name: 'reset', arguments: {} })); // a read, itself pending
    const socketClosers: Closers = [];
    await play(skipUnlessEmpty, () => socketMcp(`${resettingAway.server.wsUrl}/mcp`, socketClosers), { resets: RESETS });
    await Promise.all(socketClosers.map((close) => close()));
    await play(skipUnlessEmpty, () => httpSessionMcp(leaving.server.url), {
      resets: RESETS,
      perEpisode: (rpc, answered) => (answered ? Promise.resolve() : rpc('openenv/session/close')),
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last socket's close reaching the server

    for (const { store } of [truth, noErrors]) {
      for (const level of LEVELS) expect(store.entries(AGENT_RUN, level)).not.toContain(UNANSWERED);
    }
    for (const level of ['L2_target', 'L3_stretch']) {
      const truthMean = mean(played(truth.store, level));
      const noErrorsMean = mean(played(noErrors.store, level));
      expect(truthMean).toBe(1);
      for (const skipper of [sessionless, resettingAway, leaving]) {
        const skipped = played(skipper.store, level);
        // Every reset is in the run: 150 resets at 20/50/30 % give dozens at L2 and L3.
        expect(skipped.length).toBeGreaterThan(20);
        // Both means are of random shots (the server draws the seeds): at L2 a skipper scores
        // P(empty syndrome) = 0.73 and "no errors" 0.97 in expectation, a gap of 0.24 with a
        // standard error of 0.056 over its 73 episodes. A margin of 0.05 is 3.4 standard errors
        // inside it; 0.1 left 2.5, about a 2 % chance a run that one of the three skippers
        // crosses it (one did in CI: 0.877 against 0.959).
        expect(mean(skipped), level).toBeLessThan(noErrorsMean - 0.05);
      }
    }
    for (const skipper of [sessionless, resettingAway, leaving]) expect(resetsRecorded(skipper.store)).toBe(RESETS);
  }, 20_000);
});

describe('an agent leaving a session with its episode unanswered', () => {
  it('has it counted as a failure, however the session ends', async () => {
    let now = Date.now();
    const store = new MemoryRunStore();
    const server = await startRunStoreServer(store, (line) => expect.fail(line), () => now);
    servers.push(server);
    const unanswered = () => store.entries(AGENT_RUN, 'L1_warmup').filter((entry) => entry === UNANSWERED).length;
    const leavers: [string, () => Promise<void>][] = [
      ['closing its WebSocket /mcp', async () => {
        const own: Closers = [];
        await reset(await socketMcp(`${server.wsUrl}/mcp`, own));
        own.forEach((close) => close());
      }],
      ['closing its POST /mcp session', async () => {
        const rpc = await httpSessionMcp(server.url);
        await reset(rpc);
        await rpc('openenv/session/close');
      }],
      ['ending stdio', async () => {
        const own: Closers = [];
        await reset(stdioMcp(server.runtime, server.runtime.defaultHost, own));
        own.forEach((close) => close());
      }],
      ['ending its Streamable HTTP session (DELETE /mcp)', async () => {
        const sdk = await connectSdkHttp(server.url);
        await reset(sdk.rpc);
        await sdk.transport.terminateSession();
        await sdk.close();
      }],
      ['leaving its POST /mcp session idle', async () => {
        await reset(await httpSessionMcp(server.url));
        now += (server.runtime.config.sessionIdleSeconds + 1) * 1000;
        server.runtime.mcpRegistry.sweep();
      }],
    ];
    for (const [how, leave] of leavers) {
      const before = unanswered();
      await leave();
      await expect.poll(unanswered, { timeout: 2_000, message: how }).toBe(before + 1);
    }
  });
});

/** An agent's reset, left unanswered. */
async function reset(rpc: McpRpc): Promise<void> {
  expect(toolData(await rpc('tools/call', { name: 'reset', arguments: {} })).observation.curriculum_level).toBe('L1_warmup');
}
