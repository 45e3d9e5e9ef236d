import type { RewardProfile } from './reward.ts';

/**
 * The reward an episode pays for a turn (OpenEnv's `reward`), given the turn's score (its
 * breakdown's total) and the best score of the episode's earlier turns (0 before the first).
 *
 * `anti-hack` pays the improvement on the best so far, max(0, score − best). The payments
 * telescope, so an episode's summed reward is its best turn's score whatever the order of its
 * turns: the truth in one turn is the best return under sum, max, last-turn and mean alike, and
 * a near-miss repeated until the turn budget runs out is paid its score once. This is
 * potential-based shaping with the best score so far as the potential (Ng, Harada & Russell
 * 1999, "Policy invariance under reward transformations"): it spreads the episode's best score
 * over the turns that reached it without changing which policies are optimal.
 *
 * `v1` pays each turn its own total, as the original PhysiX-Live does; summed over an episode it
 * pays a law kept just short of convergence on every turn (packages/physix/README.md).
 */
export function paidReward(profile: RewardProfile, score: number, bestEarlierScore: number): number {
  return profile === 'v1' ? score : Math.max(0, score - bestEarlierScore);
}
