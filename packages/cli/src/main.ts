#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CliError, USAGE_EXIT_CODE } from './cli-error.ts';
import { addCommands } from './commands/index.ts';

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
  const running = commandNameIn(argv);
  await addCommands(program, (command) => command.name === running);
  try {
    rejectUnknownCommand(program, argv);
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

/** The command `argv` runs (or asks help for, as in `verilab help gen`), if any. */
function commandNameIn(argv: readonly string[]): string | undefined {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * An unknown command is a usage error (exit 2), as in Stim, even with `--help` after it:
 * commander would otherwise print the top-level help and exit 0, telling a script probing
 * `verilab <cmd> --help` for support that the command exists. Checked level by level through
 * commands that have subcommands (e.g. `verilab physix …`).
 */
function rejectUnknownCommand(program: Command, argv: readonly string[]): void {
  let command = program;
  for (const arg of argv) {
    if (arg.startsWith('-') || command.commands.length === 0) return;
    const known = command.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (known === undefined) {
      if (arg === 'help') return;
      const names = command.commands.map((c) => c.name()).join(', ');
      throw new CliError(`unknown command '${[...commandPath(command), arg].join(' ')}'; the commands are: ${names}`);
    }
    command = known;
  }
}

function commandPath(command: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names;
}

// Started as the `verilab` command (the package's bin is the compiled dist/main.js), not imported.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
