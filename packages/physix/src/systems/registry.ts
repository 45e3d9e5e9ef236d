import { chargedParticle } from './charged-particle.ts';
import { dampedPendulum } from './damped-pendulum.ts';
import { dampedSpring } from './damped-spring.ts';
import { freeFall } from './free-fall.ts';
import { freeFallDrag } from './free-fall-drag.ts';
import { projectileDrag } from './projectile-drag.ts';
import { simplePendulum } from './simple-pendulum.ts';
import { springMass } from './spring-mass.ts';
import type { PhysicalSystem, SystemTier } from './system.ts';

/** Every system, tier by tier. Adding a system: one file and one line here. */
export const SYSTEMS: readonly PhysicalSystem[] = [
  freeFall,
  freeFallDrag,
  simplePendulum,
  dampedPendulum,
  springMass,
  dampedSpring,
  projectileDrag,
  chargedParticle,
];

/** [original] Training samples tiers 1 and 2; tier 3 only when asked for by id. */
export const TRAINING_TIERS: readonly SystemTier[] = ['tier1', 'tier2'];

const BY_ID: ReadonlyMap<string, PhysicalSystem> = new Map(
  SYSTEMS.map((system) => [system.id, system]),
);

export function getSystem(id: string): PhysicalSystem | undefined {
  return BY_ID.get(id);
}

export function listSystems(
  tiers: readonly SystemTier[] = ['tier1', 'tier2', 'tier3'],
): PhysicalSystem[] {
  return SYSTEMS.filter((system) => tiers.includes(system.tier));
}
