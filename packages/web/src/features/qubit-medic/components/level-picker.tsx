import { NOISE_PROFILE_NAMES, type NoiseProfileName } from '@verilab/qec';
import { CURRICULUM, customLevelName, levelDetectors, PRIMARY_LEVEL, resolveLevel } from '@verilab/qubit-medic';
import { useState } from 'react';
import { Button, Field, INPUT_CLASS } from '../../../components/ui.tsx';
import { inputBounds, rangeProblem, type Bounds } from '../../../lib/server-limits.ts';
import type { LevelLimits, QubitMedicLimits } from '../api/qubit-medic-api.ts';

/**
 * Chooses the episode: a curriculum level or a custom (d, r, p, noise, basis), and the seed
 * that pins its syndrome (the same level and seed give the same shot on every server). A
 * custom level and the seed are checked against the bounds the server states (server-limits.ts:
 * /healthz `level_limits`, the reset's schema), so a level it would refuse is explained here.
 */
export interface EpisodeChoice {
  readonly level: string;
  readonly seed: number;
}

const CUSTOM = 'custom';

/** What is wrong with a custom (d, r, p) for this server, checked field by field, then its size. */
function customProblem(custom: { d: string; r: string; p: string }, limits: LevelLimits | undefined): string | undefined {
  const field = rangeProblem('d', custom.d, limits?.distance, 'integer') ?? rangeProblem('r', custom.r, limits?.rounds, 'integer') ?? rangeProblem('p', custom.p, limits?.p, 'number');
  if (field !== undefined || limits === undefined) return field;
  const detectors = levelDetectors({ distance: Number(custom.d), rounds: Number(custom.r) });
  if (detectors <= limits.detectors.max) return undefined;
  return `d=${custom.d}, r=${custom.r} has ${detectors} detectors; this server serves levels up to ${limits.detectors.max} (VERILAB_MAX_LEVEL_DETECTORS)`;
}

export function LevelPicker({ busy, limits, onSample }: { busy: boolean; limits: QubitMedicLimits | undefined; onSample: (choice: EpisodeChoice) => void }) {
  const [choice, setChoice] = useState<string>(PRIMARY_LEVEL);
  const [custom, setCustom] = useState({ d: '5', r: '5', p: '0.003', noise: 'si1000-like' as NoiseProfileName, basis: 'Z' as 'Z' | 'X' });
  const [seed, setSeed] = useState('7');
  const level =
    choice === CUSTOM
      ? customLevelName({ distance: Number(custom.d), rounds: Number(custom.r), p: Number(custom.p), noise: custom.noise, basis: custom.basis })
      : choice;
  const resolved = resolveLevel(level);
  const detectors = resolved.ok ? levelDetectors(resolved.value) : undefined;
  const problem =
    (choice === CUSTOM ? customProblem(custom, limits?.levels) : undefined) ?? (resolved.ok ? undefined : resolved.issues.map((issue) => issue.message).join('; ')) ?? rangeProblem('seed', seed, limits?.seed, 'integer');
  const number = (key: 'd' | 'r' | 'p', label: string, step: string, bounds: Bounds | undefined) => (
    <Field label={label}>
      <input
        aria-label={label}
        className={`${INPUT_CLASS} w-20`}
        type="number"
        step={step}
        {...inputBounds(bounds)}
        value={custom[key]}
        onChange={(e) => setCustom({ ...custom, [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (problem === undefined) onSample({ level, seed: Number(seed) });
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Level">
          <select aria-label="level" className={INPUT_CLASS} value={choice} onChange={(e) => setChoice(e.target.value)}>
            {CURRICULUM.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name} (d={l.distance}, r={l.rounds}, p={l.p})
              </option>
            ))}
            <option value={CUSTOM}>custom (d, r, p)…</option>
          </select>
        </Field>
        {choice === CUSTOM && (
          <>
            {number('d', 'distance d', '1', limits?.levels?.distance)}
            {number('r', 'rounds r', '1', limits?.levels?.rounds)}
            {number('p', 'error rate p', '0.0005', limits?.levels?.p)}
            <Field label="noise">
              <select aria-label="noise" className={INPUT_CLASS} value={custom.noise} onChange={(e) => setCustom({ ...custom, noise: e.target.value as NoiseProfileName })}>
                {NOISE_PROFILE_NAMES.map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            </Field>
            <Field label="basis">
              <select aria-label="basis" className={INPUT_CLASS} value={custom.basis} onChange={(e) => setCustom({ ...custom, basis: e.target.value as 'Z' | 'X' })}>
                <option>Z</option>
                <option>X</option>
              </select>
            </Field>
          </>
        )}
        <Field label="Seed">
          <div className="flex gap-1">
            <input aria-label="seed" className={`${INPUT_CLASS} w-28`} type="number" {...inputBounds(limits?.seed)} value={seed} onChange={(e) => setSeed(e.target.value)} />
            <Button tone="ghost" title="pick a random seed" onClick={() => setSeed(String(Math.floor(Math.random() * 1_000_000)))}>
              random
            </Button>
          </div>
        </Field>
        <Button tone="primary" type="submit" disabled={busy || problem !== undefined}>
          Sample syndrome
        </Button>
      </div>
      {problem !== undefined && (
        <p data-testid="level-problem" className="text-xs text-rose-300">
          {problem}
        </p>
      )}
      {problem === undefined && choice === CUSTOM && detectors !== undefined && (
        <p className="text-xs text-slate-400">
          {detectors} detectors{limits?.levels === undefined ? '' : ` (this server serves up to ${limits.levels.detectors.max})`}
        </p>
      )}
    </form>
  );
}
