import { err, firstIssue, ok, type Result } from '@verilab/core';
import { whenReady, type Awaitable } from '../awaitable.ts';
import type { EnvSession, SessionFailure } from '../episodes/episode-session.ts';
import type { HostedAction, HostedEnvironment } from '../hosted-environment.ts';
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
   * Name the episode seed and the reward profile on `reset` (ServerConfig.agentSeeds): an agent
   * that picks its own scoring could pick the original's (`v1`), under which an unreadable answer
   * earns most of the reward.
   */
  readonly chooseSeeds: boolean;
}

const AGENT_SEEDS_WITHHELD =
  'the server chooses the seed of an agent\'s episode (a repeated seed would let an agent read an episode\'s answer in one step and score it in another); start the server with --agent-seeds (VERILAB_AGENT_SEEDS=1) to allow it';

const PROFILE_WITHHELD =
  "the server scores an agent's episode with its default reward profile (an agent that chose one could choose the original v1 rewards, under which garbage earns most of the reward); start the server with --agent-seeds (VERILAB_AGENT_SEEDS=1) to allow it";

/** Reset options only a trusted agent may name, and why the others may not. */
const AGENT_WITHHELD_RESET_OPTIONS: Readonly<Record<string, string>> = { seed: AGENT_SEEDS_WITHHELD, reward_profile: PROFILE_WITHHELD };

/** Why a tool call failed; its `kind` picks the JSON-RPC reply. */
export type ToolFailure =
  /** No such tool (or one the server withholds): a protocol error (-32602) on every transport. */
  | { readonly kind: 'unknown'; readonly message: string }
  /** Bad arguments: -32602 in OpenEnv's methods, an `isError` result in standard MCP. */
  | { readonly kind: 'invalid'; readonly message: string; readonly data: readonly PydanticError[] | null }
  /** The tool ran and failed (unknown or finished episode, time budget). */
  | { readonly kind: 'failed'; readonly message: string };

export type ToolCallOutcome = Result<unknown, ToolFailure>;

export function listTools(host: HostedEnvironment, policy: AgentPolicy): ToolListing[] {
  const resetModel = ResetRequestModel.extend(host.resetOptions.shape);
  // Only keys the model has (every host has `seed`), so the mask is a valid omit.
  const withheld = Object.fromEntries(Object.keys(AGENT_WITHHELD_RESET_OPTIONS).filter((key) => key in resetModel.shape).map((key) => [key, true])) as { seed: true };
  return [
    {
      name: 'reset',
      description: policy.chooseSeeds
        ? `Starts a ${host.name} episode and returns its first observation; pass seed to choose the episode.`
        : `Starts a ${host.name} episode with a seed and reward profile the server chooses and returns its first observation.`,
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
  if (name === 'reset' && !policy.chooseSeeds) {
    const named = Object.keys(AGENT_WITHHELD_RESET_OPTIONS).find((key) => (args as Record<string, unknown>)[key] != null);
    if (named !== undefined) {
      return err([{ kind: 'invalid', message: `Invalid arguments for tool reset: ${named}: ${AGENT_WITHHELD_RESET_OPTIONS[named]}`, data: null }]);
    }
  }
  if (tool === undefined) {
    // A step on a token waits for its claim in the shared replay store, as HTTP and /ws steps do: exactly once across replicas.
    const result = name === 'reset' ? session.reset(args) : session.stepClaimed(args);
    return whenReady(result, (done): ToolCallOutcome => (done.ok ? ok(done.value) : fromFailure(name, firstIssue(done))));
  }
  const parsed = validateModel(tool.input, args, { withUrl: false });
  if (!parsed.ok) {
    return err([{ kind: 'invalid', message: `Invalid arguments for tool ${name}: ${summarize(parsed.issues)}`, data: parsed.issues }]);
  }
  const outcome = tool.run(parsed.value);
  return outcome.ok ? outcome : err([{ kind: 'failed', message: outcome.issues.map((i) => i.message).join('; ') }]);
}

function fromFailure(name: string, failure: SessionFailure): ToolCallOutcome {
  if (failure.kind === 'validation') {
    return err([{ kind: 'invalid', message: `Invalid arguments for tool ${name}: ${summarize(failure.errors)}`, data: failure.errors }]);
  }
  return err([{ kind: 'failed', message: failure.message }]);
}

function summarize(errors: readonly PydanticError[]): string {
  return errors.map((e) => `${e.loc.join('.') || '(arguments)'}: ${e.msg}`).join('; ');
}
