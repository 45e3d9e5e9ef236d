// The public surface of @verilab/qubit-medic. Modules are re-exported as they land.
export * from './levels.ts';
export * from './level-physics.ts';
export * from './code-layout.ts';
export * from './answer-parser.ts';
export * from './rewards.ts';
export * from './curriculum.ts';
export * from './prompt-v1.ts';
export * from './prompt-v2.ts';
export * from './environment.ts';
export * from './physics-adapter.ts';
export * from './snapped-frame-v1.ts';
export * from './sha256.ts';
export * from './python-float.ts';
