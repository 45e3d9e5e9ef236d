/**
 * Flag parsers of the PhysiX commands (dataset, eval), throwing commander's
 * InvalidArgumentError so a bad value exits 2 with "option '--x' argument … is invalid. <why>".
 */
import { InvalidArgumentError } from 'commander';
import { listSystems, REWARD_PROFILES, SYSTEMS, TRAINING_TIERS, type RewardProfile, type SystemTier } from '@verilab/physix';
import { parseChoice } from '../flag-parsers.ts';

const TIERS: readonly SystemTier[] = ['tier1', 'tier2', 'tier3'];

/**
 * A comma list of system ids, tier names (`tier3` is every held-out system) or `all`, in the
 * order given, each system once.
 */
export function parseSystems(text: string): string[] {
  const ids: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const expanded =
      item === 'all'
        ? SYSTEMS.map((s) => s.id)
        : TIERS.includes(item as SystemTier)
          ? listSystems([item as SystemTier]).map((s) => s.id)
          : SYSTEMS.some((s) => s.id === item)
            ? [item]
            : undefined;
    if (expanded === undefined) {
      throw new InvalidArgumentError(`unknown system "${item}"; use system ids (${SYSTEMS.map((s) => s.id).join(', ')}), tier1, tier2, tier3 or all`);
    }
    for (const id of expanded) if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length === 0) throw new InvalidArgumentError('expected at least one system');
  return ids;
}

/** The training systems (tiers 1 and 2); tier 3 is held out. */
export const TRAINING_SYSTEMS: readonly string[] = listSystems(TRAINING_TIERS).map((s) => s.id);

export const parsePhysixRewardProfile: (text: string) => RewardProfile = parseChoice(REWARD_PROFILES);
