/**
 * Why a circuit has no detector error model (or no graph-like one): non-deterministic detectors,
 * an unsupported or over-mixing channel, a hyperedge that cannot be decomposed. Thrown by
 * `analyzeErrors`; the CLI turns it into a one-line message and exit code 2.
 */
export class ErrorAnalysisError extends Error {
  override readonly name = 'ErrorAnalysisError';
}
