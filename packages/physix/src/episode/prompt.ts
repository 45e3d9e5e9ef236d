import { PROMPT_HISTORY_CAP, PROMPT_TRAJECTORY_ROWS } from '../constants.ts';
import { FUNCTION_NAMES } from '../equation/grammar.ts';
import { getSystem } from '../systems/registry.ts';
import type { PhysixObservation } from './types.ts';

/**
 * The grammar as the model reads it (docs/original-physix.md#grammar-hint), generated from the grammar table so prompt
 * and parser cannot drift apart.
 */
export const GRAMMAR_HINT = [
  'EQUATION GRAMMAR',
  '- "equation" is an ordinary differential equation system in plain ASCII: one equation per line, or equations separated by ";".',
  '- Left side: d2q/dt2 for the second derivative of a position q, or dv/dt for the first derivative of any state variable v. A second-order equation for q also sets dq/dt to the velocity of q, so cover each state variable exactly once: either d2q/dt2 = ..., or dq/dt = ... together with dv/dt = ... for its velocity v.',
  `- Right side: numbers, the STATE_VARIABLES, the names you declare in "params", + - * / and ^ (or **) for powers, parentheses, and the functions ${FUNCTION_NAMES.join(', ')}.`,
  '- Velocities: VELOCITIES lists the velocity of each position (vx for x). On the right side dx/dt and a bare dx also mean vx.',
  '- The system is autonomous: t is not allowed. Write every multiplication (2*x, not 2x). No LaTeX, no indexing, no library prefixes (sin(x), not np.sin(x)), no keyword arguments.',
  '- Every other name must be declared in "params" with a number, e.g. "params": {"g": 9.81}.',
].join('\n');

export const SYSTEM_PROMPT = [
  'You are an expert physicist. Discover the equation of motion behind an observed trajectory.',
  'Each turn, propose a candidate equation; the environment simulates it from the observed initial state and reports how well it matches the data. Refine your hypothesis across turns using the feedback, and keep equations as simple as possible.',
  '',
  GRAMMAR_HINT,
  '',
  'OUTPUT',
  'Reply with a single JSON object with exactly these keys: "equation" (string, required), "params" (object mapping names to numbers, optional) and "rationale" (short string, optional). Never rename the keys (not "eqn", "ode", "formula" or "expr").',
  'Example: {"equation": "d2y/dt2 = -9.81", "params": {}, "rationale": "free fall"}',
].join('\n');

export interface ChatMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

/** System message then user message (docs/original-physix.md#prompt `build_prompt`). */
export function buildPrompt(observation: PhysixObservation): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: renderObservation(observation) },
  ];
}

/** The user message: compact labelled blocks (docs/original-physix.md#prompt `render_observation_for_prompt`). */
export function renderObservation(observation: PhysixObservation): string {
  const variables = observation.stateVariables;
  const velocityOf = getSystem(observation.systemId)?.velocityOf ?? new Map<string, string>();
  const lines = [
    `SYSTEM_ID: ${observation.systemId}`,
    `STATE_VARIABLES: ${variables.join(', ')}`,
    `VELOCITIES: ${[...velocityOf].map(([position, velocity]) => `d${position}/dt = ${velocity}`).join('; ')}`,
    `HINT: ${observation.hint}`,
    `NOISE: Gaussian, sigma = ${observation.noise.relativeSigma * 100}% of each variable's standard deviation (${variables.map((name) => `${name} ${number(observation.noise.sigma[name] ?? 0)}`).join(', ')})`,
    `STATS: ${Object.entries(observation.stats)
      .map(([key, value]) => `${key}=${number(value)}`)
      .join(' ')}`,
  ];
  if (observation.fit) {
    lines.push(
      `PARAMETER_FITTING: on. The values in "params" are starting guesses: they are fitted to the data before scoring, and the fitted law is also tested on experiments you do not see, so get the structure right.`,
    );
  }
  const rows = downsample(observation.trajectory.length, PROMPT_TRAJECTORY_ROWS);
  lines.push(`TRAJECTORY (${rows.length} of ${observation.trajectory.length} samples):`);
  for (const i of rows) {
    const sample = observation.trajectory[i]!;
    lines.push(
      [
        `t=${sample['t']!.toFixed(2)}`,
        ...variables.map((name) => `${name}=${number(sample[name]!)}`),
      ].join(' '),
    );
  }
  const history = observation.history.slice(-PROMPT_HISTORY_CAP);
  if (history.length > 0) {
    lines.push(`HISTORY (last ${history.length} of ${observation.history.length} turns):`);
    for (const entry of history) {
      lines.push(
        `turn=${entry.turn} equation=${JSON.stringify(entry.equation)} params=${JSON.stringify(entry.params)}${entry.fittedParams === null ? '' : ` fitted=${JSON.stringify(roundAll(entry.fittedParams))}`} score=${entry.score.total.toFixed(3)} reward=${entry.paid.toFixed(3)} match=${entry.score.match.toFixed(3)}`,
      );
      lines.push(`  feedback: ${entry.mismatchSummary}`);
    }
    lines.push(`LATEST_FEEDBACK: ${observation.mismatchSummary}`);
  }
  lines.push(`TURNS_REMAINING: ${observation.turnsRemaining}`);
  return lines.join('\n');
}

/** `count` indices spread evenly over `length`, always including the first and the last. */
function downsample(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.round((k * (length - 1)) / (count - 1)));
}

/** Four significant digits: enough to read a slope, short enough for tokens. */
function number(value: number): string {
  return String(Number(value.toPrecision(4)));
}

function roundAll(values: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, Number(value.toPrecision(6))]),
  );
}
