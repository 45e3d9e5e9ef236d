/**
 * `verilab physix …`: the PhysiX equation-discovery environment from the command line.
 *
 *   verilab physix verify --system ID --equation '...' [--params '{...}'] [--seed N] [--fit]
 *   verilab physix dataset --out F [--n N] [--systems …] [--seed S] [--format …]   (physix-dataset.ts)
 *   verilab physix eval --base-url URL --model M --episodes N --out F …            (physix-eval.ts)
 *
 * `verify` scores one hypothesis against the seeded noisy trajectory of a system — exactly what an
 * episode step does — and prints the verdict as JSON: R² per variable, both reward profiles,
 * the fitted parameters, the feedback sentence, or the failure. Exit 0 for any verdict on a
 * well-formed request (a diverging equation is a verdict: format 0); exit 2 when the request
 * itself is bad: unknown system, malformed --params, or an equation outside the grammar (the
 * JSON verdict is still printed, and the positional messages go to stderr).
 */
import type { Command } from 'commander';
import {
  formatEquationIssues,
  getSystem,
  instantiate,
  SYSTEMS,
  targetOf,
  verify,
  wireNoiseModel,
  wireVerificationReport,
} from '@verilab/physix';
import { CliError } from '../cli-error.ts';
import { parseNonNegativeInteger } from '../flag-parsers.ts';
import { registerPhysixDataset } from './physix-dataset.ts';
import { registerPhysixEval } from './physix-eval.ts';

interface VerifyOptions {
  system: string;
  equation: string;
  params: string;
  seed: number;
  fit?: boolean;
}

export function registerPhysix(program: Command): void {
  const physix = program.command('physix');
  physix
    .command('verify')
    .description(
      'Score an equation against a seeded system trajectory (parse, integrate, R², rewards) and print JSON.',
    )
    .requiredOption('--system <id>', `system id: ${SYSTEMS.map((system) => system.id).join(', ')}`)
    .requiredOption(
      '--equation <text>',
      "equations, e.g. 'd2y/dt2 = -g' (several: separate with ';')",
    )
    .option('--params <json>', 'JSON object of parameter values, e.g. \'{"g": 9.81}\'', '{}')
    .option(
      '--seed <n>',
      'seed of the trajectory (parameters, initial state, noise)',
      parseNonNegativeInteger,
      0,
    )
    .option('--fit', 'fit the declared parameters to the first 75% of the data before scoring')
    .action(runVerify);
  registerPhysixDataset(physix);
  registerPhysixEval(physix);
}

function runVerify(options: VerifyOptions): void {
  const system = getSystem(options.system);
  if (system === undefined) {
    throw new CliError(
      `unknown system "${options.system}"; the systems are ${SYSTEMS.map((s) => s.id).join(', ')}`,
    );
  }
  let params: unknown;
  try {
    params = JSON.parse(options.params) as unknown;
  } catch (error) {
    throw new CliError(
      `--params is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const instance = instantiate(system, options.seed);
  const { report } = verify(
    targetOf(instance),
    { equation: options.equation, params },
    { fit: options.fit === true },
  );
  const output = {
    system_id: system.id,
    seed: options.seed,
    fit_requested: options.fit === true,
    noise: wireNoiseModel(instance.noise),
    ...wireVerificationReport(report),
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  if (report.issues.length > 0)
    throw new CliError(`equation rejected:\n${formatEquationIssues(report.issues)}`);
}
