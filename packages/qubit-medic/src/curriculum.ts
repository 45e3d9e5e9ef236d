import { mean, type Rng } from '@verilab/core';
import { CURRICULUM, type Level } from './levels.ts';

/**
 * The original Qubit-Medic curriculum scheduler (see the package README): phase A trains on L1 until its moving mean of
 * logical correction reaches 0.80 over at least 30 episodes; phase B mixes 30 % L1 / 70 % L2
 * until L2 reaches 0.70; phase C mixes 20 % L1 / 50 % L2 / 30 % L3. L4 is evaluation only.
 *
 * Unlike the original, only episodes whose level the scheduler chose update its windows, so
 * forced-level evaluation traffic does not move the training curriculum.
 */
export const WINDOW_SIZE = 100;
export const MIN_SAMPLES = 30;

export interface LevelStats {
  readonly movingMean: number;
  readonly samples: number;
}

export class CurriculumScheduler {
  private readonly windows = new Map<string, number[]>(CURRICULUM.map((level) => [level.name, []]));

  private readonly rng: Rng;

  constructor(rng: Rng) {
    this.rng = rng;
  }

  /** Picks the next training level. */
  sample(): Level {
    const [l1, l2, l3] = CURRICULUM as [Level, Level, Level, Level];
    if (!this.passed(l1)) return l1;
    if (!this.passed(l2)) return this.rng.nextDouble() < 0.3 ? l1 : l2;
    const roll = this.rng.nextDouble();
    return roll < 0.2 ? l1 : roll < 0.7 ? l2 : l3;
  }

  /** Records the logical correction (0 or 1) of an episode the scheduler chose. */
  update(levelName: string, logicalCorrection: number): void {
    const window = this.windows.get(levelName);
    if (window === undefined) return;
    window.push(logicalCorrection);
    if (window.length > WINDOW_SIZE) window.shift();
  }

  /**
   * Replaces the windows with `windows` (level name → outcomes, oldest first; the newest
   * WINDOW_SIZE kept), e.g. a run's windows as another process recorded them.
   */
  restore(windows: Readonly<Record<string, readonly number[]>>): void {
    for (const [name, window] of this.windows) window.splice(0, window.length, ...(windows[name] ?? []).slice(-WINDOW_SIZE));
  }

  stats(): Record<string, LevelStats> {
    return Object.fromEntries(
      [...this.windows].map(([name, window]) => [name, { movingMean: window.length === 0 ? 0 : mean(window), samples: window.length }]),
    );
  }

  private passed(level: Level): boolean {
    const window = this.windows.get(level.name) ?? [];
    return window.length >= MIN_SAMPLES && mean(window) >= (level.promotionThreshold ?? 1);
  }
}
