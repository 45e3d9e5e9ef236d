import { err, firstIssue, ok, type Result } from '@verilab/core';
import { whenReady, type Awaitable } from '../awaitable.ts';
import { RUN_OPTION, type EnvSession, type SessionFailure, type SessionResult } from '../episodes/episode-session.ts';
import type { HostedAction, HostedEnvironment } from '../hosted-environment.ts';
import type { ServerConfig } from '../server-config.ts';
import { ResetRequestModel } from '../wire/openenv-models.ts';
import type { PydanticError } from '../wire/pydantic-errors.ts';
import { validateModel } from '../wire/pydantic-validate.ts';
import { pydanticSchema } from '../wire/pydantic-schema.ts';

/**
 * The MCP tools of a hosted environment, the same for every transport (POST /mcp, the WebSocket
 * "mcp" envelope, stdio): `reset` and `step` run on the caller's session, the environment adds
 * its own (Qubit-Medic: `list_levels`, and `decode` only when the server exposes its decoder).
 */
export interface ToolListing {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Record<string, unknown>;
}

/** What the server lets an agent (an MCP client) decide, besides its answers. */
export interface AgentPolicy {
  /**
   * Choose its own episodes on `reset` (ServerConfig.agentSeeds, `--agent-seeds`): the seed, the
   * reward profile, the task (level, system, fitting, turn budget) and the training run. Off,
   * the server chooses them all, as AGENT_WITHHELD_RESET_OPTIONS says why.
   */
  readonly chooseSeeds: boolean;
  /**
   * The training run every untrusted agent's episodes count toward (ServerConfig.agentRunId), on
   * hosts that keep a curriculum per run (Qubit-Medic's `run_id`): the server's, not the agent's,
   * so no new session, sessionless call or run id of its own starts the agent a fresh curriculum.
   * Its resets are the agent's (`ResetCaller`), so an episode it skips counts as failed.
   */
  readonly run: string;
}

export function agentPolicy(config: Pick<ServerConfig, 'agentSeeds' | 'agentRunId'>): AgentPolicy {
  return { chooseSeeds: config.agentSeeds, run: config.agentRunId };
}

const TRUST_OPTION = 'start the server with --agent-seeds (VERILAB_AGENT_SEEDS=1) to allow it';

/**
 * Reset options only a trusted agent may name, and why the others may not: each would let an
 * agent pick what it is scored on rather than earn the score. Trainers choose all of them over
 * HTTP and `/ws` (any run but the agents', which the session refuses them: episode-session.ts).
 */
const AGENT_WITHHELD_RESET_OPTIONS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    seed: "the server chooses the seed of an agent's episode (a repeated seed would let an agent read an episode's answer in one step and score it in another)",
    reward_profile:
      "the server scores an agent's episode with its default reward profile (an agent that chose one could choose the original v1 rewards, under which garbage earns most of the reward)",
    level: "the server's curriculum chooses an agent's level (an agent that chose one could pick a custom level whose syndromes are all empty, where answering 'no errors' always earns the most, or one that takes seconds to build)",
    forced_level: "the server's curriculum chooses an agent's level (forced_level is the original's name for level)",
    system_id: "the server draws an agent's system from the training tiers (an agent that chose one could pick the held-out tier3 systems)",
    fit: "the server decides whether an agent's parameters are fitted (fitting changes what is scored and costs the server more per step)",
    max_turns: "the server sets an agent's turn budget",
    [RUN_OPTION]:
      "the server names the training run an agent's episodes count toward, whose curriculum draws its levels (an agent that named a fresh run would start a new curriculum, back on the easiest, best-paying level, whenever it liked)",
  }).map(([option, reason]) => [option, `${reason}; ${TRUST_OPTION}`]),
);

/** The withheld options this host's reset takes. */
function withheldResetOptions(host: HostedEnvironment): string[] {
  return Object.keys(AGENT_WITHHELD_RESET_OPTIONS).filter((key) => key in ResetRequestModel.shape || key in host.resetOptions.shape);
}

/** Why a tool call failed; its `kind` picks the JSON-RPC reply. */
export type ToolFailure =
  /** No such tool (or one the server withholds): a protocol error (-32602) on every transport. */
  | { readonly kind: 'unknown'; readonly message: string }
  /** Bad arguments: -32602 in OpenEnv's methods, an `isError` result in standard MCP. */
  | { readonly kind: 'invalid'; readonly message: string; readonly data: readonly PydanticError[] | null }
  /**
   * A client mistake the arguments' shape does not show (an unknown, finished, replayed or expired
   * episode; input a tool refuses): HTTP's 400, so -32602 in OpenEnv's methods, an `isError`
   * result in standard MCP, with the message saying what is wrong.
   */
  | { readonly kind: 'refused'; readonly message: string }
  /** The server could not answer it now (a step past its time budget, the shared replay store down, a level being rebuilt): HTTP's 503. */
  | { readonly kind: 'failed'; readonly message: string };

export type ToolCallOutcome = Result<unknown, ToolFailure>;

export function listTools(host: HostedEnvironment, policy: AgentPolicy): ToolListing[] {
  const resetModel = ResetRequestModel.extend(host.resetOptions.shape);
  // Only keys the model has (every host has `seed`), so the mask is a valid omit.
  const withheld = Object.fromEntries(withheldResetOptions(host).map((key) => [key, true])) as { seed: true };
  return [
    {
      name: 'reset',
      description: policy.chooseSeeds
        ? `Starts a ${host.name} episode and returns its first observation; pass seed and the task's options to choose the episode.`
        : `Starts a ${host.name} episode the server chooses (task, seed and reward profile) and returns its first observation.`,
      inputSchema: pydanticSchema(policy.chooseSeeds ? resetModel : resetModel.omit(withheld)),
    },
    {
      name: 'step',
      description: `Answers the current ${host.name} episode (or the one named by episode_id) and returns the scored observation.`,
      inputSchema: pydanticSchema(host.action),
    },
    ...host.tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: pydanticSchema(tool.input) })),
  ];
}

export function callTool<E, A extends HostedAction>(
  host: HostedEnvironment<E, A>,
  session: EnvSession<E, A>,
  name: string,
  args: unknown,
  policy: AgentPolicy,
): Awaitable<ToolCallOutcome> {
  const tool = host.tools.find((t) => t.name === name);
  if (tool === undefined && name !== 'reset' && name !== 'step') {
    const withheld = host.withheldTools !== undefined && Object.hasOwn(host.withheldTools, name) ? host.withheldTools[name] : undefined;
    return err([{ kind: 'unknown', message: withheld === undefined ? `Tool not found: ${name}` : `Tool not found: ${name} (${withheld})` }]);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return err([{ kind: 'invalid', message: `Invalid arguments for tool ${name}: arguments must be an object`, data: null }]);
  }
  const fields = args as Readonly<Record<string, unknown>>;
  if (name === 'reset' && !policy.chooseSeeds) {
    // Only this host's options: reset ignores any other key.
    const named = withheldResetOptions(host).find((key) => fields[key] != null);
    if (named !== undefined) {
      return err([{ kind: 'invalid', message: `Invalid arguments for tool reset: ${named}: ${AGENT_WITHHELD_RESET_OPTIONS[named]}`, data: null }]);
    }
  }
  const answered = (done: SessionResult<unknown>): ToolCallOutcome => (done.ok ? ok(done.value) : fromFailure(name, firstIssue(done)));
  if (name === 'reset') {
    const resetArgs = policy.chooseSeeds ? fields : inAgentRun(host, fields, policy.run);
    return whenReady(runSettled(host, resetArgs), () => answered(session.reset(resetArgs, [], 'agent')));
  }
  // A step on a token waits for its claim in the shared replay store, as HTTP and /ws steps do: exactly once across replicas.
  if (tool === undefined) return whenReady(session.stepClaimed(args), answered);
  const parsed = validateModel(tool.input, args, { withUrl: false });
  if (!parsed.ok) {
    return err([{ kind: 'invalid', message: `Invalid arguments for tool ${name}: ${summarize(parsed.issues)}`, data: parsed.issues }]);
  }
  const outcome = tool.run(parsed.value);
  // HTTP answers a tool route's refusal (say, /decode's syndrome of the wrong length) with 400.
  return outcome.ok ? outcome : err([{ kind: 'refused', message: outcome.issues.map((i) => i.message).join('; ') }]);
}

/** An untrusted agent's reset arguments, in the server's run on a host whose curriculum is per run (the agent named none: it is withheld). */
function inAgentRun(host: HostedEnvironment, args: Readonly<Record<string, unknown>>, run: string): Readonly<Record<string, unknown>> {
  return RUN_OPTION in host.resetOptions.shape ? { ...args, [RUN_OPTION]: run } : args;
}

/**
 * Reads the run a reset's arguments name back from the shared store, if the server has one, as
 * HTTP and /ws resets naming a run do: an agent's episodes then draw from the whole run,
 * whichever replica answers. Only the run is settled: a level still being built is refused with
 * "retry", not waited for. Undefined when there is nothing to wait for.
 */
function runSettled(host: HostedEnvironment, args: Readonly<Record<string, unknown>>): Promise<void> | undefined {
  const run = args[RUN_OPTION];
  return typeof run === 'string' ? host.settle?.({ [RUN_OPTION]: run }) : undefined;
}

function fromFailure(name: string, failure: SessionFailure): ToolCallOutcome {
  if (failure.kind === 'validation') {
    return err([{ kind: 'invalid', message: `Invalid arguments for tool ${name}: ${summarize(failure.errors)}`, data: failure.errors }]);
  }
  return err([{ kind: failure.kind === 'episode' ? 'refused' : 'failed', message: failure.message }]);
}

function summarize(errors: readonly PydanticError[]): string {
  return errors.map((e) => `${e.loc.join('.') || '(arguments)'}: ${e.msg}`).join('; ');
}
