import { formatCompletion } from '@verilab/qubit-medic';
import { describe, expect, it } from 'vitest';
import { EMPTY_FRAME, pauliAt, sameFrame, toggleError } from './answer-frame.ts';

describe('answer frame', () => {
  it('toggles X and Z per qubit and prints the canonical answer', () => {
    let frame = toggleError(toggleError(toggleError(EMPTY_FRAME, 'X', 4), 'X', 0), 'Z', 4);
    expect(formatCompletion(frame.x, frame.z)).toBe('X_ERRORS=[0,4] Z_ERRORS=[4]');
    expect([pauliAt(frame, 0), pauliAt(frame, 4), pauliAt(frame, 1)]).toEqual(['X', 'Y', 'I']);
    frame = toggleError(frame, 'X', 0);
    expect(frame).toEqual({ x: [4], z: [4] });
    expect(sameFrame(frame, { x: [4], z: [4] })).toBe(true);
    expect(sameFrame(frame, { x: [4], z: [] })).toBe(false);
  });
});
