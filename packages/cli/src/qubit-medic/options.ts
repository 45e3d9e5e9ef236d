/**
 * Flag parsers of the Qubit-Medic commands (baselines, dataset, eval): levels, shares, prompt
 * format and reward profile. Each throws commander's InvalidArgumentError, so a bad value
 * prints as "option '--x' argument … is invalid. <why>" and exits 2 (the generic parsers are
 * in ../flag-parsers.ts).
 *
 * Lists are comma-separated. Custom levels contain commas themselves
 * (`custom:d=5,r=3,p=0.002`), so a piece that is one of a custom level's keys (d, r, p, noise,
 * basis) continues the custom level before it: `--levels L2_target,custom:d=5,r=3,p=0.002`.
 */
import { formatIssues } from '@verilab/core';
import { InvalidArgumentError } from 'commander';
import { parseChoice } from '../flag-parsers.ts';
import {
  PROMPT_FORMATS,
  REWARD_PROFILES,
  resolveLevel,
  type Level,
  type PromptFormat,
  type RewardProfile,
} from '@verilab/qubit-medic';

const CUSTOM_KEYS = new Set(['d', 'r', 'p', 'noise', 'basis']);

/** Splits a comma list, keeping each custom level's own commas. */
export function splitLevelList(text: string): string[] {
  const items: string[] = [];
  for (const raw of text.split(',')) {
    const piece = raw.trim();
    const last = items[items.length - 1];
    const key = piece.split('=')[0] ?? '';
    if (last?.startsWith('custom:') === true && CUSTOM_KEYS.has(key)) items[items.length - 1] = `${last},${piece}`;
    else items.push(piece);
  }
  return items.filter((item) => item !== '');
}

export function parseLevels(text: string): Level[] {
  const names = splitLevelList(text);
  if (names.length === 0) throw new InvalidArgumentError('expected at least one level');
  const levels = names.map((name) => {
    const resolved = resolveLevel(name);
    if (!resolved.ok) throw new InvalidArgumentError(formatIssues(resolved.issues));
    return resolved.value;
  });
  const seen = new Set<string>();
  for (const level of levels) {
    if (seen.has(level.name)) throw new InvalidArgumentError(`level ${level.name} is listed twice`);
    seen.add(level.name);
  }
  return levels;
}

/**
 * `name=share,…` with shares in [0, 1]. `sumToOne` requires them to add up to 1 (within 1e-9),
 * as a mix or a split must.
 */
export function parseShares(text: string, sumToOne: boolean): { name: string; share: number }[] {
  const entries = splitLevelList(text).map((item) => {
    const at = item.lastIndexOf('=');
    const name = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    const share = Number(value);
    if (at <= 0 || name === '' || value === '' || !Number.isFinite(share)) {
      throw new InvalidArgumentError(`"${item}" is not name=share`);
    }
    if (share < 0 || share > 1) throw new InvalidArgumentError(`the share of ${name} must be between 0 and 1, got ${value}`);
    return { name, share };
  });
  if (entries.length === 0) throw new InvalidArgumentError('expected name=share pairs');
  const seen = new Set<string>();
  for (const { name } of entries) {
    if (seen.has(name)) throw new InvalidArgumentError(`${name} is listed twice`);
    seen.add(name);
  }
  const sum = entries.reduce((total, e) => total + e.share, 0);
  if (sumToOne && Math.abs(sum - 1) > 1e-9) throw new InvalidArgumentError(`the shares must add up to 1, they add up to ${sum}`);
  return entries;
}

/** Level shares: names resolved, zero shares dropped. */
export function parseLevelShares(text: string, sumToOne: boolean): { level: Level; share: number }[] {
  return parseShares(text, sumToOne).map(({ name, share }) => {
    const resolved = resolveLevel(name);
    if (!resolved.ok) throw new InvalidArgumentError(formatIssues(resolved.issues));
    return { level: resolved.value, share };
  });
}

export const parsePromptFormat: (text: string) => PromptFormat = parseChoice(PROMPT_FORMATS);
export const parseRewardProfile: (text: string) => RewardProfile = parseChoice(REWARD_PROFILES);
