import type { Command } from 'commander';

/** Each command module adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [];
