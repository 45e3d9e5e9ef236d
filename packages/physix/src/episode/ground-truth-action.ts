import { unwrap } from '@verilab/core';
import { parseEquationSystem } from '../equation/parse-equations.ts';
import type { SystemInstance } from '../systems/instance.ts';

/**
 * The answer an episode hides: the system's ground-truth equations with the instance's true
 * values of the parameters they use (not the distractors, such as the mass in free fall). It is
 * the target of supervised fine-tuning rows and what a revealed episode shows once it is over.
 */
export function groundTruthAction(instance: SystemInstance): {
  equation: string;
  params: Record<string, number>;
  rationale: string;
} {
  const { system, parameters } = instance;
  const parsed = unwrap(
    parseEquationSystem(system.groundTruth, system, Object.keys(parameters)),
    `${system.id}: the ground truth does not parse`,
  );
  return {
    equation: system.groundTruth,
    params: Object.fromEntries(parsed.parametersUsed.map((name) => [name, parameters[name]!])),
    rationale: system.title,
  };
}
