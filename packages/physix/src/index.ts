// The public surface of @verilab/physix: a pure equation-of-motion discovery environment.
export * from './constants.ts';
export * from './equation/ast.ts';
export * from './equation/grammar.ts';
export {
  formatEquationIssues,
  type EquationIssue,
  type EquationIssueCode,
  type EquationResult,
} from './equation/issues.ts';
export { parseEquationSystem, type StateLayout } from './equation/parse-equations.ts';
export * from './equation/print.ts';
export * from './equation/compile.ts';
export * from './simulate/dormand-prince.ts';
export * from './simulate/dop853.ts';
export {
  checkSampleTimes,
  type IntegrateOptions,
  type IntegrationFailure,
  type IntegrationFailureKind,
  type IntegrationResult,
  type IntegrationStats,
  type OdeRhs,
} from './simulate/integration.ts';
export * from './simulate/hypothesis.ts';
export * from './systems/system.ts';
export * from './systems/registry.ts';
export * from './systems/instance.ts';
export * from './metrics/r-squared.ts';
export * from './metrics/residuals.ts';
export * from './metrics/oscillation.ts';
export * from './metrics/stats.ts';
export * from './metrics/mismatch.ts';
export * from './metrics/noise-scaled-error.ts';
export * from './held-out/held-out.ts';
export * from './fit/levenberg-marquardt.ts';
export * from './fit/fit-parameters.ts';
export * from './reward/reward.ts';
export * from './reward/paid-reward.ts';
export * from './reward/complexity.ts';
export * from './verify.ts';
export * from './episode/types.ts';
export * from './episode/episode.ts';
export * from './episode/wire.ts';
export * from './episode/prompt.ts';
export * from './episode/completion.ts';
export * from './episode/ground-truth-action.ts';
