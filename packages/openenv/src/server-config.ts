import { err, ok, type Issue, type Result } from '@verilab/core';
import { LEVEL_LIMITS } from '@verilab/qubit-medic';
import { z } from 'zod';
import { generateTokenKey, parseTokenKey } from './episodes/episode-tokens.ts';
import { parseRedisUrl, type RedisAddress } from './episodes/redis-connection.ts';
import { DEFAULT_MAX_LEVEL_DETECTORS } from './environments/level-limits.ts';
import { RUN_ID_MAX_CHARS } from './environments/qubit-medic-models.ts';
import { parseOrigins } from './http/cross-site.ts';
import { DEFAULT_LLM_ALLOWED_URLS, parseBaseUrl, parseUrlPatterns, type UrlPattern } from './llm/llm-allow-list.ts';

/**
 * Server configuration from command-line flags and environment variables (flags win), checked
 * with zod; a bad value is reported by the name the user typed. Defaults suit one trainer on
 * one machine: 256 concurrent sessions (TRL opens one WebSocket per generation), tokens valid
 * for an hour.
 */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly tokenKey: Uint8Array;
  /** True when no key was configured and a random one was generated (tokens die with the process). */
  readonly developmentKey: boolean;
  readonly tokenLifetimeSeconds: number;
  readonly maxSessions: number;
  /** Idle sessions close after this; a sessionless MCP agent's episode is pending in its run this long at most, then counts 0 (server-runtime.ts). */
  readonly sessionIdleSeconds: number;
  readonly maxBodyBytes: number;
  readonly maxMessageBytes: number;
  readonly stepBudgetMs: number;
  readonly replayCapacity: number;
  /** Where spent token ids are kept across restarts (absent: in memory only). */
  readonly replayFile: string | undefined;
  /** Where the Redis every replica shares is (`redis://host:port`): the replay store, and the training runs' curricula (absent: none). */
  readonly replayStore: RedisAddress | undefined;
  readonly defaultEnvironment: string;
  /** Largest Qubit-Medic level served, in detectors (what its build time and memory grow with). */
  readonly maxLevelDetectors: number;
  /** Bytes of custom levels kept built, their worker threads included (least recently used first out). */
  readonly levelCacheBytes: number;
  /** Web origins besides the server's own that may POST to it and open its WebSockets. */
  readonly allowedOrigins: readonly string[];
  /** Endpoints a client may name for PhysiX `llm-step` (default: loopback only). */
  readonly llmAllowedUrls: readonly UrlPattern[];
  /** The server's own endpoint, used when a client names none; only it ever gets `llmApiKey`. */
  readonly llmBaseUrl: string | undefined;
  readonly llmApiKey: string | undefined;
  readonly llmModel: string | undefined;
  readonly llmTimeoutMs: number;
  /** `llm-step` calls per interactive session per minute. */
  readonly llmCallsPerMinute: number;
  /** Model calls per minute, over the whole server, that may use `llmApiKey`. */
  readonly llmServerKeyCallsPerMinute: number;
  /** Offer Qubit-Medic's matching decoder before a step (`/decode`, the `decode` MCP tool): a reward oracle, so off by default. */
  readonly exposeDecoder: boolean;
  /**
   * Trust MCP clients (agents) to choose the episodes they reset (`--agent-seeds`): the seed,
   * the reward profile, the task (Qubit-Medic's level, custom levels included; PhysiX's
   * system, fitting and turn budget) and the training run whose curriculum draws its levels
   * (`agentRunId` otherwise). Off by default, the server chooses them all: an agent that
   * can repeat a seed can step an episode once with any answer, read the ground truth the step
   * reveals, then reset the same seed and answer with it; one that picks its profile or task
   * picks what it is scored on (the original's v1 rewards, a level whose syndromes are all
   * empty, the held-out systems). Trainers choose all of these over HTTP and `/ws`, which this
   * does not touch.
   */
  readonly agentSeeds: boolean;
  /**
   * The training run every MCP agent's Qubit-Medic episodes count toward while agents are not
   * trusted (`VERILAB_AGENT_RUN_ID`, default `mcp-agents`): its curriculum draws their levels. The
   * agent names no run and no session starts a new one, so it cannot restart its level schedule
   * at the easiest level; one server's agents (and replicas sharing a store) are one run. The
   * name is theirs alone: an HTTP or `/ws` reset naming it is refused, so a trainer cannot move
   * the agents' levels. With `agentSeeds` agents name their own `run_id`, as trainers do over
   * HTTP and `/ws`, and nothing is reserved.
   */
  readonly agentRunId: string;
  /** `original`: serve Qubit-Medic as the original server did for its own client (integer episode ids, v1 defaults). */
  readonly compat: 'none' | 'original';
  /** Unstepped episodes `--compat original` holds (oldest evicted past it); they expire after `tokenLifetimeSeconds`. */
  readonly compatMaxEpisodes: number;
}

const MIB = 1024 * 1024;
const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const positive = () => z.coerce.number().positive().finite();

/** Each setting: its environment variable(s), first one wins, and its schema. */
const SETTINGS = {
  host: { env: ['VERILAB_HOST'], schema: z.string().min(1).default('127.0.0.1') },
  port: { env: ['VERILAB_PORT', 'PORT'], schema: integer(0, 65535).default(8000) },
  tokenLifetimeSeconds: { env: ['VERILAB_TOKEN_TTL_S'], schema: integer(1).default(3600) },
  maxSessions: { env: ['VERILAB_MAX_SESSIONS', 'MAX_CONCURRENT_ENVS'], schema: integer(1).default(256) },
  sessionIdleSeconds: { env: ['VERILAB_SESSION_IDLE_S'], schema: positive().default(600) },
  maxBodyBytes: { env: ['VERILAB_MAX_BODY_BYTES'], schema: integer(1024).default(MIB) },
  maxMessageBytes: { env: ['VERILAB_MAX_MESSAGE_BYTES'], schema: integer(1024).default(MIB) },
  stepBudgetMs: { env: ['VERILAB_STEP_BUDGET_MS'], schema: positive().default(10_000) },
  replayCapacity: { env: ['VERILAB_REPLAY_CAPACITY'], schema: integer(1).default(1_000_000) },
  replayFile: { env: ['VERILAB_REPLAY_FILE'], schema: z.string().min(1).optional() },
  replayStore: { env: ['VERILAB_REPLAY_STORE'], schema: checked(redisAddress) },
  defaultEnvironment: { env: ['VERILAB_DEFAULT_ENV'], schema: z.string().min(1).default('qubit-medic') },
  maxLevelDetectors: { env: ['VERILAB_MAX_LEVEL_DETECTORS'], schema: integer(8, LEVEL_LIMITS.maxDetectors).default(DEFAULT_MAX_LEVEL_DETECTORS) },
  levelCacheBytes: { env: ['VERILAB_LEVEL_CACHE_BYTES'], schema: integer(MIB).default(512 * MIB) },
  allowedOrigins: { env: ['VERILAB_ALLOWED_ORIGINS'], schema: checked(parseOrigins, '') },
  llmAllowedUrls: { env: ['VERILAB_LLM_ALLOWED_URLS'], schema: checked(parseUrlPatterns, DEFAULT_LLM_ALLOWED_URLS) },
  llmBaseUrl: { env: ['VERILAB_LLM_BASE_URL'], schema: checked((text) => {
      const parsed = parseBaseUrl(text);
      return parsed.ok ? ok(parsed.value.href) : parsed;
    }) },
  llmApiKey: { env: ['VERILAB_LLM_API_KEY'], schema: z.string().optional() },
  llmModel: { env: ['VERILAB_LLM_MODEL'], schema: z.string().max(256).optional() },
  llmTimeoutMs: { env: ['VERILAB_LLM_TIMEOUT_MS'], schema: integer(100, 600_000).default(60_000) },
  llmCallsPerMinute: { env: ['VERILAB_LLM_CALLS_PER_MIN'], schema: integer(1, 10_000).default(30) },
  llmServerKeyCallsPerMinute: { env: ['VERILAB_LLM_SERVER_KEY_CALLS_PER_MIN'], schema: integer(1, 100_000).default(60) },
  exposeDecoder: { env: ['VERILAB_EXPOSE_DECODER'], schema: switchSetting() },
  agentSeeds: { env: ['VERILAB_AGENT_SEEDS'], schema: switchSetting() },
  agentRunId: { env: ['VERILAB_AGENT_RUN_ID'], schema: z.string().min(1).max(RUN_ID_MAX_CHARS).default('mcp-agents') },
  compat: { env: ['VERILAB_COMPAT'], schema: z.enum(['none', 'original']).default('none') },
  compatMaxEpisodes: { env: ['VERILAB_COMPAT_MAX_EPISODES'], schema: integer(1, 10_000_000).default(10_000) },
} as const;

function redisAddress(text: string): Result<RedisAddress> {
  const address = parseRedisUrl(text);
  return address === undefined ? err([{ code: 'invalid-redis-url', path: [], message: 'must be redis://host:port' }]) : ok(address);
}

/** An on/off setting: a flag's `true`, or 1/0, true/false, yes/no, on/off from the environment. */
function switchSetting() {
  return z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((value, context) => {
      if (value === undefined || typeof value === 'boolean') return value === true;
      const text = value.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(text)) return true;
      if (['0', 'false', 'no', 'off'].includes(text)) return false;
      context.addIssue({ code: 'custom', message: 'must be one of 1, 0, true, false, yes, no, on, off' });
      return z.NEVER;
    });
}

/** A text setting read by `parse` (absent: `fallback`, or undefined without one). */
function checked<T>(parse: (text: string) => Result<T>, fallback?: string) {
  return z
    .string()
    .optional()
    .transform((text, context) => {
      const source = text ?? fallback;
      if (source === undefined) return undefined;
      const parsed = parse(source);
      if (parsed.ok) return parsed.value;
      for (const issue of parsed.issues) context.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    });
}

export const TOKEN_KEY_VARIABLE = 'VERILAB_TOKEN_KEY';

/**
 * A configuration, or one issue per bad setting: `path` is the setting (`['port']`), `message`
 * the line `verilab serve` prints, naming what the user typed (`--port="70000": …`,
 * `VERILAB_MAX_SESSIONS="0": …`).
 */
export type ConfigResult = Result<ServerConfig>;

/** `flags` are the command line's values (e.g. `{ host, port }`), named as `--flag` in messages. */
export function loadServerConfig(
  env: Readonly<Record<string, string | undefined>>,
  flags: Readonly<Partial<Record<keyof typeof SETTINGS, string | number | boolean | undefined>>> = {},
): ConfigResult {
  const issues: Issue[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(SETTINGS)) {
    const flag = flags[name as keyof typeof SETTINGS];
    const variable = setting.env.find((v) => env[v] !== undefined && env[v] !== '');
    const source = flag !== undefined ? `--${kebab(name)}` : variable;
    const raw = flag ?? (variable === undefined ? undefined : env[variable]);
    const parsed = (setting.schema as z.ZodType).safeParse(raw);
    if (parsed.success) values[name] = parsed.data;
    else {
      const message = `${source ?? name}=${JSON.stringify(raw)}: ${parsed.error.issues.map((i) => i.message).join('; ')}`;
      issues.push({ code: 'invalid-setting', path: [name], message });
    }
  }
  const keyText = env[TOKEN_KEY_VARIABLE];
  const developmentKey = keyText === undefined || keyText === '';
  const tokenKey = developmentKey ? generateTokenKey() : parseTokenKey(keyText);
  if (tokenKey === undefined) {
    const message = `${TOKEN_KEY_VARIABLE}: must be 32 bytes as 64 hex digits or base64 (e.g. from \`openssl rand -base64 32\`)`;
    issues.push({ code: 'invalid-setting', path: ['tokenKey'], message });
  }
  if (issues.length > 0 || tokenKey === undefined) return err(issues);
  return ok({ ...(values as Omit<ServerConfig, 'tokenKey' | 'developmentKey'>), tokenKey, developmentKey });
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
