export { main } from './main.ts';
export { CliError } from './cli-error.ts';
