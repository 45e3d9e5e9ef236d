/**
 * The analysis's running model: error classes keyed by their exact target sequence (separators
 * and component order included, as Stim's `error_class_probabilities` map is), each with its
 * probability and the faults behind it.
 *
 * Adding an independent mechanism with probability p to a class holding q gives
 * q(1 − p) + p(1 − q): the class fires when exactly one of the two does.
 */
import { compareCodeSequences } from './symptom-codes.ts';
import type { Contribution } from './error-provenance.ts';

export interface ErrorClass {
  readonly targets: readonly number[];
  probability: number;
  readonly contributions: Contribution[];
}

export class ErrorClassTable {
  private readonly classes = new Map<string, ErrorClass>();

  add(targets: readonly number[], probability: number, contributions: readonly Contribution[]): void {
    const key = targets.join(',');
    let entry = this.classes.get(key);
    if (entry === undefined) {
      entry = { targets, probability: 0, contributions: [] };
      this.classes.set(key, entry);
    }
    entry.probability = entry.probability * (1 - probability) + (1 - entry.probability) * probability;
    for (const c of contributions) entry.contributions.push(c);
  }

  delete(targets: readonly number[]): void {
    this.classes.delete(targets.join(','));
  }

  /**
   * The classes that make it into the model (non-zero probability, at least one target), in
   * Stim's key order: lexicographic over target codes.
   */
  live(): ErrorClass[] {
    return [...this.classes.values()]
      .filter((c) => c.probability !== 0 && c.targets.length > 0)
      .sort((a, b) => compareCodeSequences(a.targets, b.targets));
  }
}
