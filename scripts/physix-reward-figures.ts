/**
 * The PhysiX README's reward figures: the ground-truth action against every law of a wrong-law
 * catalogue on the same instance (as `truthDefeats` in packages/physix/src/testing/wrong-laws.ts
 * contests them), total reward of the default profile, 20 seeds per system, without and with
 * fitting. Prints one markdown row per system and fitting mode: mean truth total, mean best
 * wrong total, the smallest truth − best wrong over the seeds, and the seeds where a wrong law
 * reached the truth.
 *
 * Usage: npx tsx --conditions=@verilab/source scripts/physix-reward-figures.ts [tuned|held-out]
 */
import { groundTruthAction } from '../packages/physix/src/episode/ground-truth-action.ts';
import { instantiate } from '../packages/physix/src/systems/instance.ts';
import { SYSTEMS } from '../packages/physix/src/systems/registry.ts';
import { HELD_OUT_WRONG_LAWS } from '../packages/physix/src/testing/held-out-wrong-law-catalogue.ts';
import { WRONG_LAWS } from '../packages/physix/src/testing/wrong-law-catalogue.ts';
import { targetOf, verify } from '../packages/physix/src/verify.ts';

const SEEDS = 20;
const catalogue = process.argv[2] === 'held-out' ? HELD_OUT_WRONG_LAWS : WRONG_LAWS;

console.log('| system | fit | truth | best wrong | worst-seed margin | wrong ≥ truth |');
console.log('|---|---|---|---|---|---|');
for (const system of SYSTEMS) {
  for (const fit of [false, true]) {
    let truthSum = 0;
    let bestSum = 0;
    let margin = Infinity;
    let defeats = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const instance = instantiate(system, seed);
      const target = targetOf(instance);
      const total = (equation: string, params: Record<string, number>) =>
        verify(target, { equation, params }, { fit }).report.rewards['anti-hack'].total;
      const truthAction = groundTruthAction(instance);
      const truth = total(truthAction.equation, truthAction.params);
      let best = -Infinity;
      for (const law of catalogue[system.id] ?? []) {
        if (fit && law.noFit === true) continue;
        const equation =
          typeof law.equation === 'string' ? law.equation : law.equation(instance.parameters);
        best = Math.max(best, total(equation, law.params?.(instance.parameters) ?? {}));
      }
      truthSum += truth;
      bestSum += best;
      margin = Math.min(margin, truth - best);
      if (best >= truth) defeats++;
    }
    const cells = [truthSum / SEEDS, bestSum / SEEDS, margin].map((value) => value.toFixed(3));
    console.log(`| \`${system.id}\` | ${fit ? 'yes' : 'no'} | ${cells.join(' | ')} | ${defeats}/${SEEDS} |`);
  }
}
