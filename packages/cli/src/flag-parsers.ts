/**
 * Flag parsers and checks shared by every command. Each parser throws commander's
 * InvalidArgumentError, so a bad value prints as "option '--x' argument … is invalid. <why>"
 * and exits 2.
 */
import { InvalidArgumentError } from 'commander';
import { CliError } from './cli-error.ts';

export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError('expected a positive integer');
  }
  return value;
}

export function parseNonNegativeInteger(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError('expected a non-negative integer');
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(`expected a non-negative integer up to ${Number.MAX_SAFE_INTEGER}`);
  return value;
}

export function parseNumberIn(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}`);
    }
    return value;
  };
}

export function parseChoice<T extends string>(choices: readonly T[]): (text: string) => T {
  return (text) => {
    if (!choices.includes(text as T)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    return text as T;
  };
}

export function parseChoiceList<T extends string>(choices: readonly T[]): (text: string) => T[] {
  return (text) => {
    const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (items.length === 0) throw new InvalidArgumentError(`expected a comma list of ${choices.join(', ')}`);
    for (const item of items) {
      if (!choices.includes(item as T)) throw new InvalidArgumentError(`"${item}" is not one of ${choices.join(', ')}`);
    }
    return [...new Set(items)] as T[];
  };
}

/** Episode seeds run from `start` to `start + count − 1`; all must be valid environment seeds. */
export function checkSeedRange(start: number, count: number, flag = '--seed-start'): void {
  if (start + count - 1 > Number.MAX_SAFE_INTEGER) {
    throw new CliError(
      `${flag} ${start} with ${count} episodes runs past the largest seed, ${Number.MAX_SAFE_INTEGER}`,
    );
  }
}
