import { REWARD_WEIGHTS, type RewardBreakdown, type RewardName } from './rewards.ts';

/**
 * The rewards' published names: the original Qubit-Medic's snake_case keys, under which the
 * server's step info (docs/wire-contract.md), the `verilab eval` result lines and the web UI show
 * them. The one table of them, kept here because all three edges need it (the web UI cannot
 * import the server); everywhere else the rewards go by their camelCase names.
 */
export const REWARD_WIRE_NAMES = {
  logicalCorrection: 'logical_correction',
  syndromeConsistency: 'syndrome_consistency',
  hammingOverlap: 'hamming_overlap',
  formatCompliance: 'format_compliance',
  pymatchingBeat: 'pymatching_beat',
} as const satisfies Record<RewardName, string>;

export type RewardWireName = (typeof REWARD_WIRE_NAMES)[RewardName];
export type WireRewards = Readonly<Record<RewardWireName, number>> & { readonly total: number };

/** The breakdown under its published names, components in weight-table order, then the total. */
export function wireRewards(rewards: RewardBreakdown): WireRewards {
  const wire: Record<string, number> = {};
  for (const name of Object.keys(REWARD_WEIGHTS) as RewardName[]) wire[REWARD_WIRE_NAMES[name]] = rewards[name];
  wire['total'] = rewards.total;
  return wire as WireRewards;
}
