import { Command, CommanderError } from 'commander';
import { CliError, USAGE_EXIT_CODE } from './cli-error.ts';
import { COMMANDS } from './commands/index.ts';

/**
 * Runs the `verilab` command line and resolves to the exit code. Flags mirror `stim` and
 * `pymatching` (underscored long names) so existing scripts port by swapping the binary name.
 * Data goes to stdout only; progress and errors go to stderr.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('verilab')
    .description('Verifiable-reward science environments and a Stim/PyMatching-compatible QEC toolkit.')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError('(run with --help for usage)');
  for (const register of COMMANDS) register(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version requests exit 0; every other commander error is a usage error.
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    if (error instanceof CliError) {
      process.stderr.write(`verilab: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
