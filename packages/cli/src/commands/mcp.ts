/**
 * `verilab mcp [--env NAME] [--expose-decoder] [--agent-seeds]`: one environment as Model Context Protocol tools
 * over stdio (reset, step and the environment's own, e.g. list_levels; Qubit-Medic's decode only
 * with --expose-decoder, since it hands the agent a reward oracle), for agent frameworks that
 * launch tools as subprocesses. JSON-RPC on stdout, messages on stderr. The same tools, with the
 * same answers, are MCP Streamable HTTP at `verilab serve`'s `/mcp` (packages/openenv/src/mcp).
 */
import type { Command } from 'commander';
import { agentPolicy, createRuntime, defaultEnvironments, loadServerConfig, runStdioMcp } from '@verilab/openenv';
import { CliError } from '../cli-error.ts';

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .option('--env <name>', 'environment to serve', 'qubit-medic')
    .option('--expose-decoder', "offer Qubit-Medic's matching decoder as the decode tool: a reward oracle, off by default (VERILAB_EXPOSE_DECODER=1)")
    .option('--agent-seeds', 'let the agent choose its episodes on reset (seed, reward profile, level or system, fitting, turn budget, training run): a repeated seed lets it read an answer in one episode and score it in another, a chosen task or profile lets it pick what it is scored on, a fresh run restarts its curriculum at the easiest level, so off by default (VERILAB_AGENT_SEEDS=1; without it, episodes count toward the run VERILAB_AGENT_RUN_ID names, default mcp-agents)')
    .action(async (options: { env: string; exposeDecoder?: boolean; agentSeeds?: boolean }) => {
      const loaded = loadServerConfig(process.env, { defaultEnvironment: options.env, exposeDecoder: options.exposeDecoder, agentSeeds: options.agentSeeds });
      if (!loaded.ok) throw new CliError(`bad configuration:\n  ${loaded.issues.map((issue) => issue.message).join('\n  ')}`);
      const environments = defaultEnvironments(loaded.value);
      const host = environments.find((environment) => environment.name === options.env);
      if (host === undefined) {
        throw new CliError(`unknown environment "${options.env}"; available: ${environments.map((e) => e.name).join(', ')}`);
      }
      const runtime = createRuntime({ config: loaded.value, environments });
      await runStdioMcp({
        host,
        session: runtime.openSession(host),
        policy: agentPolicy(loaded.value),
        input: process.stdin,
        output: process.stdout,
      });
    });
}
