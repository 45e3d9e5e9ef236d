/**
 * `verilab mcp [--env NAME]`: one environment as Model Context Protocol tools over stdio
 * (reset, step and the environment's own, e.g. decode and list_levels), for agent frameworks
 * that launch tools as subprocesses. JSON-RPC on stdout, messages on stderr.
 */
import type { Command } from 'commander';
import { createRuntime, defaultEnvironments, loadServerConfig, runStdioMcp } from '@verilab/openenv';
import { CliError } from '../cli-error.ts';

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('Serve an environment as MCP tools over stdio (newline-delimited JSON-RPC).')
    .option('--env <name>', 'environment to serve', 'qubit-medic')
    .action(async (options: { env: string }) => {
      const loaded = loadServerConfig(process.env, { defaultEnvironment: options.env });
      if (!loaded.ok) throw new CliError(`bad configuration:\n  ${loaded.issues.join('\n  ')}`);
      const environments = defaultEnvironments(loaded.config);
      const host = environments.find((environment) => environment.name === options.env);
      if (host === undefined) {
        throw new CliError(`unknown environment "${options.env}"; available: ${environments.map((e) => e.name).join(', ')}`);
      }
      const runtime = createRuntime({ config: loaded.config, environments });
      await runStdioMcp({ host, session: runtime.openSession(host), input: process.stdin, output: process.stdout });
    });
}
