/**
 * `verilab gen`: Stim's `stim gen` for the rotated surface code, same flags and same bytes out
 * (src/stim/gen/circuit_gen_main.cc): `--code surface_code --task rotated_memory_z|x
 * --distance D --rounds R` plus the four noise knobs, `--out F` (stdout without it). Ranges are
 * Stim's: distance 2–2047, rounds ≥ 1, knobs in [0, 1]. Our addition: `--noise_profile NAME
 * --p P` sets the knobs from a named profile instead.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  generateRotatedSurfaceCode,
  isNoiseProfileName,
  MAX_SURFACE_CODE_DISTANCE,
  NOISE_PROFILE_NAMES,
  NOISE_PROFILES,
  noiseProfile,
  parseRealNumber,
  printCircuit,
  type SurfaceCodeNoise,
} from '@verilab/qec';
import { CliError } from '../cli-error.ts';
import { openOutput } from '../io.ts';

const TASKS = { rotated_memory_z: 'Z', rotated_memory_x: 'X' } as const;

/** Stim's flag for each knob, in the order `stim gen --help` lists them. */
const KNOB_FLAGS: readonly (readonly [flag: string, knob: keyof SurfaceCodeNoise])[] = [
  ['after_clifford_depolarization', 'afterCliffordDepolarization'],
  ['before_round_data_depolarization', 'beforeRoundDataDepolarization'],
  ['before_measure_flip_probability', 'beforeMeasureFlipProbability'],
  ['after_reset_flip_probability', 'afterResetFlipProbability'],
];

const integerIn =
  (min: number, max: number) =>
  (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER
          ? `expected an integer >= ${min}`
          : `expected an integer from ${min} to ${max}`,
      );
    }
    return value;
  };

const probability = (text: string): number => {
  const value = parseRealNumber(text);
  if (value === undefined || value < 0 || value > 1)
    throw new InvalidArgumentError('expected a probability in [0, 1]');
  return value;
};

interface GenOptions {
  code?: string;
  gen?: string;
  task: keyof typeof TASKS;
  distance: number;
  rounds: number;
  out?: string;
  noise_profile?: string;
  p?: number;
  [flag: string]: unknown;
}

export function registerGen(program: Command): void {
  const command = program
    .command('gen')
    .addOption(new Option('--code <name>', 'code family').choices(['surface_code']))
    .addOption(
      new Option('--gen <name>', 'deprecated alias of --code (as in Stim)')
        .choices(['surface_code'])
        .hideHelp(),
    )
    .addOption(
      new Option('--task <task>', 'memory experiment')
        .choices(Object.keys(TASKS))
        .makeOptionMandatory(),
    )
    .requiredOption(
      '--distance <d>',
      `code distance (2 to ${MAX_SURFACE_CODE_DISTANCE})`,
      integerIn(2, MAX_SURFACE_CODE_DISTANCE),
    )
    .requiredOption(
      '--rounds <r>',
      'rounds of stabilizer measurement (>= 1)',
      integerIn(1, Number.MAX_SAFE_INTEGER),
    );
  for (const [flag] of KNOB_FLAGS) {
    command.option(`--${flag} <p>`, 'noise knob, a probability (default 0)', probability);
  }
  command
    .addOption(
      new Option(
        '--noise_profile <name>',
        'set the four knobs from a named profile at base rate --p',
      ).choices(NOISE_PROFILE_NAMES),
    )
    .option('--p <p>', 'base error rate for --noise_profile', probability)
    .option('--out <file>', 'output file (default: stdout)')
    .addHelpText(
      'after',
      [
        '',
        'Noise profiles:',
        ...NOISE_PROFILE_NAMES.map((name) => `  ${name}: ${NOISE_PROFILES[name].description}`),
        '',
      ].join('\n'),
    )
    .action(async (options: GenOptions) => {
      // Not a mandatory option for commander because Stim's deprecated --gen may stand in for it.
      if (options.code === undefined && options.gen === undefined) {
        throw new CliError("required option '--code <name>' not specified (supported: surface_code)");
      }
      const circuit = generateRotatedSurfaceCode({
        basis: TASKS[options.task],
        distance: options.distance,
        rounds: options.rounds,
        noise: noiseFrom(options),
      });
      const output = openOutput(options.out, 'circuit');
      await output.write(printCircuit(circuit));
      await output.close();
    });
}

function noiseFrom(options: GenOptions): Partial<SurfaceCodeNoise> {
  const explicit = KNOB_FLAGS.filter(([flag]) => options[flag] !== undefined);
  const profile = options.noise_profile;
  if (profile === undefined) {
    if (options.p !== undefined) throw new CliError('--p needs --noise_profile');
    return Object.fromEntries(explicit.map(([flag, knob]) => [knob, options[flag] as number]));
  }
  if (options.p === undefined) throw new CliError('--noise_profile needs --p (the base error rate)');
  if (explicit.length > 0) {
    throw new CliError(
      `--noise_profile sets every noise knob; drop --${explicit.map(([flag]) => flag).join(', --')}`,
    );
  }
  if (!isNoiseProfileName(profile)) throw new CliError(`unknown --noise_profile "${profile}"`);
  try {
    return noiseProfile(profile, options.p);
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(error.message);
    throw error;
  }
}
