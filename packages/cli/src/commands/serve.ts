/**
 * `verilab serve [--host H] [--port P]`: the OpenEnv-compatible server for every environment
 * (HTTP, WebSocket `/ws`, `POST /mcp`, docs at `/docs`), Qubit-Medic at the root and each
 * environment under `/envs/<name>/`. Defaults to 127.0.0.1:8000; in a container listen on all
 * interfaces with `--host 0.0.0.0`. Everything else is configured by environment variables
 * (VERILAB_TOKEN_KEY, VERILAB_MAX_SESSIONS, …; see `verilab serve --help`).
 */
import type { Command } from 'commander';
import { createRuntime, defaultEnvironments, defaultWebRoot, loadServerConfig, loadStaticUi, startServer, TOKEN_KEY_VARIABLE, type ServerConfig } from '@verilab/openenv';
import { CliError } from '../cli-error.ts';

const ENVIRONMENT_HELP = `
Environment variables (flags win):
  VERILAB_HOST, VERILAB_PORT, PORT    listen address (default 127.0.0.1:8000; PORT when VERILAB_PORT is unset)
  ${TOKEN_KEY_VARIABLE}                   32-byte key (hex or base64) sealing HTTP episode tokens; give every
                                      replica the same key. Unset: a random development key (tokens die
                                      with the process)
  VERILAB_TOKEN_TTL_S                 episode token lifetime in seconds (default 3600)
  VERILAB_MAX_SESSIONS                concurrent WebSocket sessions, and separately HTTP MCP sessions
                                      (default 256 each; MAX_CONCURRENT_ENVS too)
  VERILAB_SESSION_IDLE_S              close sessions idle this long (default 600; unused HTTP MCP sessions after 60)
  VERILAB_MAX_BODY_BYTES              request body limit (default 1 MiB)
  VERILAB_MAX_MESSAGE_BYTES           WebSocket message limit (default 1 MiB); a client leaving 4x that
                                      of replies unread is disconnected
  VERILAB_STEP_BUDGET_MS              time budget of one step (default 10000)
  VERILAB_REPLAY_CAPACITY             stepped-token ids remembered against replay (default 1000000)
  VERILAB_REPLAY_STORE                redis://host:port shared by every replica: each token stepped once
                                      across replicas and restarts; runs' curricula shared too
  VERILAB_REPLAY_FILE                 file keeping stepped-token ids across restarts; one process per file
                                      (neither set: tokens are bound to the process that issued them)
  VERILAB_MAX_LEVEL_DETECTORS         largest Qubit-Medic level served, in detectors, (d²-1)·r (default
                                      8192, every level the library supports, d = 25 included)
  VERILAB_LEVEL_CACHE_BYTES           custom levels kept built, worker threads included (default 512 MiB);
                                      a custom level is built in a worker (HTTP and /ws wait, MCP retries)
  VERILAB_ALLOWED_ORIGINS             web origins besides the server's own that may POST and open
                                      WebSockets, comma-separated scheme://host[:port] (default none)
  VERILAB_LLM_ALLOWED_URLS            endpoints PhysiX llm-step may call for a client, comma-separated
                                      scheme://host[:port|:*][/path] (default loopback: http://127.0.0.1:*,
                                      http://localhost:*, http://[::1]:*; "none" for no client URL)
  VERILAB_LLM_BASE_URL, VERILAB_LLM_API_KEY, VERILAB_LLM_MODEL   the server's own endpoint for llm-step;
                                      its key is sent there only, never to a URL a client names
  VERILAB_LLM_TIMEOUT_MS              per-call model timeout (default 60000)
  VERILAB_LLM_CALLS_PER_MIN           llm-step calls per interactive session per minute (default 30)
  VERILAB_LLM_SERVER_KEY_CALLS_PER_MIN   calls per minute, server-wide, spending VERILAB_LLM_API_KEY
                                      (default 60)
  VERILAB_EXPOSE_DECODER              1 = --expose-decoder
  VERILAB_AGENT_SEEDS                 1 = --agent-seeds
  VERILAB_AGENT_RUN_ID                the training run MCP agents' episodes count toward without
                                      --agent-seeds (default mcp-agents); no HTTP or /ws reset may name it;
                                      an episode left unanswered counts 0 (sessionless: after
                                      VERILAB_SESSION_IDLE_S, at most VERILAB_TOKEN_TTL_S)
  VERILAB_COMPAT                      original = --compat original
  VERILAB_COMPAT_MAX_EPISODES         unstepped episodes --compat original holds, oldest evicted past it
                                      (default 10000); each expires after VERILAB_TOKEN_TTL_S

HTTP episodes are stateless: reset returns an encrypted episode_id token that any replica with the
same key can step. Replay protection is per process: behind a load balancer, another replica can
accept one replay of a token unless episodes are pinned to a replica.

--expose-decoder: Qubit-Medic's POST /decode and the decode MCP tool return the matching decoder's
frame, a reference the rewards score answers against: an agent holding them has a reward oracle.
They are off unless this option is given (/decode answers 403, no MCP tool list shows decode); a
step's info shows the decoder's frame once the episode is answered either way.

--compat original: Qubit-Medic as the original server behaved for its own DecoderClient: integer
episode_id values kept in a bounded store (VERILAB_COMPAT_MAX_EPISODES, VERILAB_TOKEN_TTL_S),
prompt_format=v1 and reward_profile=v1 by default, forced_level also read from the /reset query
string, the original's dem_digest, info.elapsed_seconds and info.timed_out (a step over 30 s after
its reset scores 0), state.step_count counting episodes, and /healthz with the original's keys
(stim_version, pymatching_version and python_version name the engines used instead).`;

interface ServeOptions {
  host?: string;
  port?: string;
  exposeDecoder?: boolean;
  agentSeeds?: boolean;
  compat?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1; 0.0.0.0 for all, e.g. in Docker)')
    .option('--port <port>', 'port to listen on (default 8000; 0 picks a free port)')
    .option('--expose-decoder', "offer Qubit-Medic's matching decoder before a step (POST /decode, the decode MCP tool): a reward oracle, off by default")
    .option('--agent-seeds', 'let MCP clients (agents) choose their episodes on reset: seed, reward profile, level or system, fitting, turn budget, training run; off by default, since a repeated seed lets an agent read an answer in one episode and score it in another, a chosen task or profile lets it pick what it is scored on and a fresh run restarts its curriculum at the easiest level (trainers choose all of these over HTTP and /ws either way; without it, agent episodes count toward the run VERILAB_AGENT_RUN_ID names)')
    .option('--compat <mode>', 'original: serve Qubit-Medic as the original server did for its own client (integer episode ids, v1 prompt and rewards)')
    .addHelpText('after', ENVIRONMENT_HELP)
    .action(async (options: ServeOptions) => {
      const config = serverConfig(options);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      if (!config.developmentKey && config.replayFile === undefined && config.replayStore === undefined && config.compat !== 'original') {
        log('verilab: neither VERILAB_REPLAY_STORE nor VERILAB_REPLAY_FILE is set: HTTP episode tokens are bound to this process, so another replica or this server after a restart refuses them');
      }
      if (config.developmentKey) {
        log(`verilab: ${TOKEN_KEY_VARIABLE} is not set; using a random development key: HTTP episode tokens will not survive a restart or work on another replica`);
      }
      if (config.exposeDecoder) log('verilab: --expose-decoder: POST /decode and the decode MCP tool are on, so agents can ask for the frame the rewards score against');
      if (config.compat === 'original') log('verilab: --compat original: integer episode ids, v1 prompt and rewards by default, the original /healthz and timeouts');
      const runtime = createRuntime({ config, environments: defaultEnvironments(config) });
      const ui = loadStaticUi(defaultWebRoot());
      if (ui === undefined) log(`verilab: the web UI is not built (run \`npm run build\`); serving the API's landing page at /`);
      const server = await startServer({ runtime, log, ui }).catch((error: unknown) => {
        throw new CliError(`cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}`);
      });
      const names = [...runtime.hosts.keys()];
      log(`verilab: serving ${runtime.defaultHost.name} on ${server.url} (docs ${server.url}/docs, WebSocket ${server.url.replace(/^http/, 'ws')}/ws); environments: ${names.map((n) => `/envs/${n}`).join(', ')}`);
      await untilSignal();
      log('verilab: shutting down');
      await server.close();
    });
}

function serverConfig(options: ServeOptions): ServerConfig {
  const loaded = loadServerConfig(process.env, { host: options.host, port: options.port, exposeDecoder: options.exposeDecoder, agentSeeds: options.agentSeeds, compat: options.compat });
  if (!loaded.ok) throw new CliError(`bad server configuration:\n  ${loaded.issues.map((issue) => issue.message).join('\n  ')}`);
  return loaded.value;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
