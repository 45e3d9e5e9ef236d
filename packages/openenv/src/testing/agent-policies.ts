import { unwrap } from '@verilab/core';
import { resolveLevel } from '@verilab/qubit-medic';
import type { ServerRuntime } from '../server-runtime.ts';
import { toolData, type McpRpc } from './mcp-transports.ts';
import { testPhysics } from './test-server.ts';

/**
 * Test support: MCP agents playing Qubit-Medic with fixed policies on a test server. Each
 * `play` resets once and either answers (returning the step's observation) or skips the episode
 * (returning undefined), as an agent resetting until it likes the syndrome would.
 */
export type PlayPolicy = (rpc: McpRpc) => Promise<Observation | undefined>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Observation = Record<string, any>;

const NO_ERRORS = { parsed_x_errors: [], parsed_z_errors: [], raw_response: 'X_ERRORS=[] Z_ERRORS=[]' };

/** An agent's reset (no options): the episode's observation. */
export async function reset(rpc: McpRpc): Promise<Observation> {
  return toolData(await rpc('tools/call', { name: 'reset', arguments: {} })).observation as Observation;
}

/** An agent's answer to episode `episodeId`: the step's observation. */
export async function step(rpc: McpRpc, episodeId: string, answer: Record<string, unknown>): Promise<Observation> {
  return toolData(await rpc('tools/call', { name: 'step', arguments: { ...answer, episode_id: episodeId } })).observation as Observation;
}

/** Answers "no errors" every time. */
export const alwaysNoErrors: PlayPolicy = async (rpc) => step(rpc, (await reset(rpc)).episode_id as string, NO_ERRORS);

/** Answers "no errors" only when the syndrome is empty, and skips the episode otherwise. */
export const skipUnlessEmpty: PlayPolicy = async (rpc) => {
  const started = await reset(rpc);
  return (started.syndrome_bits as number[]).every((bit) => bit === 0) ? step(rpc, started.episode_id as string, NO_ERRORS) : undefined;
};

/**
 * The true error frame of the episode whose id is `token`, read from the sealed token with the
 * server's key (so only over sessionless POST /mcp, whose episode ids are tokens), as an answer.
 */
export function trueAnswer(runtime: ServerRuntime, token: string): Record<string, unknown> {
  const host = runtime.defaultHost;
  const { episode } = unwrap(runtime.vault.peek(host.name, token, host.episode)) as { episode: { level: string; seed: number } };
  const { trueFrame } = testPhysics()(unwrap(resolveLevel(episode.level))).sample(episode.seed);
  return { parsed_x_errors: trueFrame.x, parsed_z_errors: trueFrame.z, raw_response: '' };
}

/** Answers with the true error frame (`trueAnswer`): an agent that always knows. */
export function truthFrom(runtime: ServerRuntime): PlayPolicy {
  return async (rpc) => {
    const token = (await reset(rpc)).episode_id as string;
    return step(rpc, token, trueAnswer(runtime, token));
  };
}
