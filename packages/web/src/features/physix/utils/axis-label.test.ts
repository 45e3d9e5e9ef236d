import { describe, expect, it } from 'vitest';
import { axisLabel } from './axis-label.ts';

describe('axisLabel', () => {
  it('names positions, velocities and angles with their SI units', () => {
    expect(axisLabel('damped_spring', 'x')).toBe('position x (m)');
    expect(axisLabel('damped_spring', 'vx')).toBe('velocity vx (m/s)');
    expect(axisLabel('damped_pendulum', 'theta')).toBe('angle theta (rad)');
    expect(axisLabel('damped_pendulum', 'dtheta')).toBe('angular velocity dtheta (rad/s)');
    expect(axisLabel('no_such_system', 'q')).toBe('q');
  });
});
