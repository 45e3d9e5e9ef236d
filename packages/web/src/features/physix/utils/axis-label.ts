import { getSystem } from '@verilab/physix';

/**
 * A state variable's axis title with its SI unit. Every PhysiX system states its setup in SI
 * units (kg, m, s; angles in radians), and which variables are positions and which their
 * velocities comes from the system's own position → velocity map.
 */
export function axisLabel(systemId: string, variable: string): string {
  const velocityOf = getSystem(systemId)?.velocityOf;
  if (velocityOf === undefined) return variable;
  const angular = (position: string) => /^(theta|phi)/.test(position);
  if (velocityOf.has(variable)) return angular(variable) ? `angle ${variable} (rad)` : `position ${variable} (m)`;
  const position = [...velocityOf].find(([, velocity]) => velocity === variable)?.[0];
  if (position === undefined) return variable;
  return angular(position) ? `angular velocity ${variable} (rad/s)` : `velocity ${variable} (m/s)`;
}
