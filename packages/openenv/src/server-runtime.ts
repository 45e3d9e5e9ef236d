import { randomBytes } from 'node:crypto';
import { EnvSession } from './episodes/episode-session.ts';
import { EpisodeTokenCodec } from './episodes/episode-tokens.ts';
import { EpisodeVault, type EpisodeLedger } from './episodes/episode-vault.ts';
import { NumberedEpisodes } from './episodes/numbered-episodes.ts';
import { ReplayGuard } from './episodes/replay-guard.ts';
import { sharedRedis } from './episodes/shared-redis.ts';
import { RedisReplayStore, type SharedReplayStore } from './episodes/shared-replay-store.ts';
import type { HostedEnvironment } from './hosted-environment.ts';
import type { ServerConfig } from './server-config.ts';
import { JournaledReplayGuard } from './node/replay-journal.ts';
import { SessionRegistry } from './sessions/session-registry.ts';

/**
 * Everything the transports share: the hosted environments, the episode vault, the session
 * slots, the stateless HTTP session of each environment and the open HTTP MCP sessions.
 */
export type AnySession = EnvSession<unknown, { episode_id?: string | number | null | undefined }>;

export interface ServerRuntime {
  readonly config: ServerConfig;
  readonly hosts: ReadonlyMap<string, HostedEnvironment>;
  readonly defaultHost: HostedEnvironment;
  /** Slots of `/ws` and WebSocket `/mcp` connections. */
  readonly registry: SessionRegistry;
  /** Slots of HTTP MCP sessions: a pool of their own, so they cannot lock out the sockets. */
  readonly mcpRegistry: SessionRegistry;
  /** Sealed episode tokens; numbered episodes in a bounded store under `--compat original`. */
  readonly vault: EpisodeLedger;
  /** The shared stateless session behind an environment's HTTP routes. */
  httpSession(host: HostedEnvironment): AnySession;
  /** A new stateful session on a fresh instance (a WebSocket connection, an MCP session). */
  openSession(host: HostedEnvironment): AnySession;
  /** HTTP MCP sessions by id (`openenv/session/create`), each holding an `mcpRegistry` slot. */
  readonly mcpSessions: Map<string, { readonly host: string; readonly session: AnySession }>;
  /** Releases what outlives requests (the replay store's connection). */
  close(): void;
}

/**
 * An HTTP MCP session nobody has used since it was created holds its slot this long at most:
 * creating one costs a request, holding one should not outlast its use. (A socket's slot is
 * held by a live connection, so sockets keep the ordinary idle timeout.)
 */
const UNUSED_SESSION_IDLE_MS = 60_000;

export interface RuntimeOptions {
  readonly config: ServerConfig;
  readonly environments: readonly HostedEnvironment[];
  /** Milliseconds since the epoch; injected so tests can move time. */
  readonly clock?: () => number;
  /** Where replay-store failures are reported (default: stderr). */
  readonly log?: (line: string) => void;
}

/** Spent token ids in memory, and in `replayFile` too when configured, so they outlive a restart. */
function replayGuard(config: ServerConfig, now: () => number): ReplayGuard {
  const options = { capacity: config.replayCapacity, bucketSeconds: Math.max(1, Math.ceil(config.tokenLifetimeSeconds / 60)), now };
  return config.replayFile === undefined ? new ReplayGuard(options) : new JournaledReplayGuard({ ...options, path: config.replayFile });
}

/**
 * The replay store every replica shares, when `VERILAB_REPLAY_STORE` names one. Without it or a
 * journal, spent ids die with the process, so tokens are bound to a random epoch of this process
 * (see episode-tokens.ts): after a restart every earlier token is refused, stepped or not, rather
 * than a spent one accepted again. Unstepped episodes are lost across a restart; a reset is cheap.
 */
function sharedStore(config: ServerConfig): SharedReplayStore | undefined {
  const redis = sharedRedis(config);
  return redis === undefined ? undefined : new RedisReplayStore(redis);
}

export function createRuntime(options: RuntimeOptions): ServerRuntime {
  const { config } = options;
  const clock = options.clock ?? Date.now;
  const seconds = () => clock() / 1000;
  const hosts = new Map(options.environments.map((host) => [host.name, host]));
  const defaultHost = hosts.get(config.defaultEnvironment);
  if (defaultHost === undefined) {
    throw new Error(`default environment "${config.defaultEnvironment}" is not hosted (hosted: ${[...hosts.keys()].join(', ')})`);
  }
  const store = config.compat === 'original' ? undefined : sharedStore(config);
  const epoch = store === undefined && config.replayFile === undefined ? randomBytes(12).toString('base64url') : undefined;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const vault: EpisodeLedger =
    config.compat === 'original'
      ? new NumberedEpisodes({ capacity: config.compatMaxEpisodes, lifetimeSeconds: config.tokenLifetimeSeconds, now: seconds })
      : new EpisodeVault(
          new EpisodeTokenCodec({ key: config.tokenKey, lifetimeSeconds: config.tokenLifetimeSeconds, now: seconds, epoch }),
          replayGuard(config, seconds),
          store === undefined ? undefined : { store, log },
        );
  // A sessionless agent gets the patience a session's agent gets (the idle sweep would end its
  // session), and no more than its token lives (past that its answer is refused anyway).
  const instanceContext = { now: clock, agentAnswerMs: Math.min(config.sessionIdleSeconds, config.tokenLifetimeSeconds) * 1000 };
  const session = (host: HostedEnvironment, mode: 'stateful' | 'stateless'): AnySession =>
    new EnvSession(host, host.createInstance(mode === 'stateless' ? 'shared' : 'connection', instanceContext), { mode, vault, stepBudgetMs: config.stepBudgetMs, ...(config.agentSeeds ? {} : { agentRun: config.agentRunId }) }) as AnySession;
  const httpSessions = new Map<string, AnySession>();
  const pool = { max: config.maxSessions, idleMs: config.sessionIdleSeconds * 1000, now: clock };
  return {
    config,
    hosts,
    defaultHost,
    vault,
    registry: new SessionRegistry(pool),
    mcpRegistry: new SessionRegistry({ ...pool, unusedIdleMs: UNUSED_SESSION_IDLE_MS }),
    httpSession(host) {
      let shared = httpSessions.get(host.name);
      if (shared === undefined) {
        shared = session(host, 'stateless');
        httpSessions.set(host.name, shared);
      }
      return shared;
    },
    openSession: (host) => session(host, 'stateful'),
    mcpSessions: new Map(),
    close: () => store?.close(),
  };
}
