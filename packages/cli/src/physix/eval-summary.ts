/**
 * The summary of a PhysiX evaluation, per system, per tier (tier3 is the held-out
 * generalisation set) and over everything: how often and how fast episodes are solved, how
 * close the hypotheses get, and how well the model keeps the output format. Rates carry Wilson
 * 95 % intervals and means normal ones (@verilab/core statistics).
 */
import type { SystemTier } from '@verilab/physix';
import { meanOf, rateOf, type MeanEstimate, type RateEstimate } from '@verilab/core';
import type { PlayedEpisode } from './episode-play.ts';

export interface ScoredEpisode {
  readonly systemId: string;
  readonly tier: SystemTier;
  readonly played: PlayedEpisode<object>;
  /** Completion tokens per turn, where the endpoint reported them. */
  readonly completionTokens: readonly (number | null)[];
}

export interface PhysixMetrics {
  readonly episodes: number;
  readonly turns: number;
  /** Episodes that converged (r_match ≥ 0.93) within the turn budget. */
  readonly solve_rate: RateEstimate;
  /** Turns the solved episodes took (null if none was solved). */
  readonly mean_turns_to_solve: number | null;
  readonly first_turn_r_match: MeanEstimate;
  readonly final_r_match: MeanEstimate;
  readonly best_r_match: MeanEstimate;
  /** The score of every turn, pooled. */
  readonly turn_score: MeanEstimate;
  /**
   * An episode's return, the sum of the rewards paid for its turns: its best turn's score under
   * anti-hack; under v1 every turn's score added up, which pays turns spent short of convergence.
   */
  readonly episode_return: MeanEstimate;
  /** Turns whose completion held a JSON action with an "equation". */
  readonly json_found_rate: RateEstimate;
  /** Turns whose equations parsed and simulated to the end. */
  readonly accepted_rate: RateEstimate;
  readonly mean_completion_tokens: number | null;
}

export interface PhysixSummary {
  readonly systems: Readonly<Record<string, PhysixMetrics>>;
  readonly tiers: Readonly<Record<string, PhysixMetrics>>;
  readonly overall: PhysixMetrics;
}

export function summarizePhysix(episodes: readonly ScoredEpisode[]): PhysixSummary {
  const group = (key: (e: ScoredEpisode) => string) => {
    const groups = new Map<string, ScoredEpisode[]>();
    for (const episode of episodes) groups.set(key(episode), [...(groups.get(key(episode)) ?? []), episode]);
    return Object.fromEntries([...groups].map(([name, members]) => [name, metricsOf(members)]));
  };
  return { systems: group((e) => e.systemId), tiers: group((e) => e.tier), overall: metricsOf(episodes) };
}

function metricsOf(episodes: readonly ScoredEpisode[]): PhysixMetrics {
  const turns = episodes.flatMap((e) => e.played.turns);
  const matches = episodes.map((e) => e.played.turns.map((t) => t.match));
  const solved = episodes.filter((e) => e.played.final.converged);
  const tokens = episodes.flatMap((e) => e.completionTokens).filter((n): n is number => n !== null);
  return {
    episodes: episodes.length,
    turns: turns.length,
    solve_rate: rateOf(episodes.map((e) => e.played.final.converged)),
    mean_turns_to_solve: solved.length === 0 ? null : meanOf(solved.map((e) => e.played.turns.length)).mean,
    first_turn_r_match: meanOf(matches.map((m) => m[0] ?? 0)),
    final_r_match: meanOf(matches.map((m) => m[m.length - 1] ?? 0)),
    best_r_match: meanOf(matches.map((m) => Math.max(0, ...m))),
    turn_score: meanOf(turns.map((t) => t.score)),
    episode_return: meanOf(episodes.map((e) => episodeReturn(e.played))),
    json_found_rate: rateOf(turns.map((t) => t.jsonFound)),
    accepted_rate: rateOf(turns.map((t) => t.accepted)),
    mean_completion_tokens: tokens.length === 0 ? null : meanOf(tokens).mean,
  };
}

/** The sum of the rewards paid for an episode's turns (the standard RL return). */
export function episodeReturn(played: PlayedEpisode<object>): number {
  return played.turns.reduce((sum, turn) => sum + turn.reward, 0);
}
