import { groundTruthAction } from '../episode/ground-truth-action.ts';
import type { RewardProfile } from '../reward/reward.ts';
import { instantiate } from '../systems/instance.ts';
import { getSystem } from '../systems/registry.ts';
import type { Values } from '../systems/system.ts';
import { targetOf, verify } from '../verify.ts';

/** A plausible wrong law for one system, with its parameters (start values when fitting). */
export interface WrongLaw {
  readonly name: string;
  /** The text, or a function of the hidden parameters for constants written as numbers. */
  readonly equation: string | ((truth: Values) => string);
  /** From the instance's hidden parameters: a wrong law as close to the truth as it can be. */
  readonly params?: (truth: Values) => Record<string, number>;
  /** Fitting would turn it into the truth (a wrong constant given as a parameter). */
  readonly noFit?: boolean;
}

interface Contest {
  readonly truth: number;
  /** Every law's total, in catalogue order, and whether it parsed. */
  readonly laws: readonly {
    readonly name: string;
    readonly total: number;
    readonly parsed: boolean;
  }[];
}

/** A number as an equation literal, precise enough that only the intended error remains. */
export function literal(value: number): string {
  return value.toPrecision(8);
}

/** The total reward of the ground-truth action and of each wrong law on one instance. */
function contest(
  systemId: string,
  seed: number,
  laws: readonly WrongLaw[],
  options: { readonly fit: boolean; readonly profile?: RewardProfile },
): Contest {
  const instance = instantiate(getSystem(systemId)!, seed);
  const target = targetOf(instance);
  const profile = options.profile ?? 'anti-hack';
  const score = (equation: string, params: Record<string, number>) => {
    const { report } = verify(target, { equation, params }, { fit: options.fit, profile });
    return { total: report.rewards[profile].total, parsed: report.equation !== null };
  };
  const truth = groundTruthAction(instance);
  return {
    truth: score(truth.equation, truth.params).total,
    laws: laws
      .filter((law) => !(options.fit && law.noFit === true))
      .map((law) => ({
        name: law.name,
        ...score(
          typeof law.equation === 'string' ? law.equation : law.equation(instance.parameters),
          law.params?.(instance.parameters) ?? {},
        ),
      })),
  };
}

/** `d2q/dt2 = f` rewritten as the pair `dq/dt = vq; dvq/dt = f`: the same law, first order. */
export function firstOrderForm(velocityOf: ReadonlyMap<string, string>, equation: string): string {
  return equation
    .split(';')
    .map((line) => {
      const match = /^\s*d2(\w+)\/dt2\s*=(.*)$/.exec(line);
      if (match === null) return line.trim();
      const [, position, rhs] = match;
      const velocity = velocityOf.get(position!)!;
      return `d${position}/dt = ${velocity}; d${velocity}/dt =${rhs}`;
    })
    .join('; ');
}

/**
 * Every way the truth fails to be the strict maximum over `seeds` seeds: a wrong law at or
 * above its total, a wrong law that does not parse (a catalogue typo would test nothing), or a
 * truth below `truthFloor`. Empty when the reward behaves.
 */
export function truthDefeats(
  systemId: string,
  laws: readonly WrongLaw[],
  options: { readonly seeds: number; readonly fit: boolean; readonly truthFloor: number },
): string[] {
  const defeats: string[] = [];
  for (let seed = 0; seed < options.seeds; seed++) {
    const outcome = contest(systemId, seed, laws, options);
    if (outcome.truth < options.truthFloor)
      defeats.push(`seed ${seed}: the truth totals only ${outcome.truth}`);
    for (const law of outcome.laws) {
      if (!law.parsed) defeats.push(`seed ${seed}: ${law.name} does not parse`);
      else if (law.total >= outcome.truth)
        defeats.push(`seed ${seed}: ${law.name} ${law.total} ≥ truth ${outcome.truth}`);
    }
  }
  return defeats;
}
