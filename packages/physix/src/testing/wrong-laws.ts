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

export interface Contest {
  readonly truth: number;
  /** Every law's total, in catalogue order. */
  readonly laws: readonly { readonly name: string; readonly total: number }[];
}

/** A number as an equation literal, precise enough that only the intended error remains. */
export function literal(value: number): string {
  return value.toPrecision(8);
}

/** The total reward of the ground-truth action and of each wrong law on one instance. */
export function contest(
  systemId: string,
  seed: number,
  laws: readonly WrongLaw[],
  options: { readonly fit: boolean; readonly profile?: RewardProfile },
): Contest {
  const instance = instantiate(getSystem(systemId)!, seed);
  const target = targetOf(instance);
  const profile = options.profile ?? 'anti-hack';
  const total = (equation: string, params: Record<string, number>) =>
    verify(target, { equation, params }, { fit: options.fit, profile }).report.rewards[profile]
      .total;
  const truth = groundTruthAction(instance);
  return {
    truth: total(truth.equation, truth.params),
    laws: laws
      .filter((law) => !(options.fit && law.noFit === true))
      .map((law) => ({
        name: law.name,
        total: total(
          typeof law.equation === 'string' ? law.equation : law.equation(instance.parameters),
          law.params?.(instance.parameters) ?? {},
        ),
      })),
  };
}
