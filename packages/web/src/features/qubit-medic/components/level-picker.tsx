import { NOISE_PROFILE_NAMES, type NoiseProfileName } from '@verilab/qec';
import { CURRICULUM, customLevelName, levelDetectors, PRIMARY_LEVEL, resolveLevel } from '@verilab/qubit-medic';
import { useState } from 'react';
import { Button, Field, INPUT_CLASS } from '../../../components/ui.tsx';

/**
 * Chooses the episode: a curriculum level or a custom (d, r, p, noise, basis), and the seed
 * that pins its syndrome (the same level and seed give the same shot on every server). A
 * custom level is checked against the largest level this server serves (its /healthz
 * `max_level_detectors`), so a too-big one is explained here rather than refused there.
 */
export interface EpisodeChoice {
  readonly level: string;
  readonly seed: number;
}

const CUSTOM = 'custom';

export function LevelPicker({ busy, maxDetectors, onSample }: { busy: boolean; maxDetectors: number | undefined; onSample: (choice: EpisodeChoice) => void }) {
  const [choice, setChoice] = useState<string>(PRIMARY_LEVEL);
  const [custom, setCustom] = useState({ d: '5', r: '5', p: '0.003', noise: 'si1000-like' as NoiseProfileName, basis: 'Z' as 'Z' | 'X' });
  const [seed, setSeed] = useState('7');
  const level =
    choice === CUSTOM
      ? customLevelName({ distance: Number(custom.d), rounds: Number(custom.r), p: Number(custom.p), noise: custom.noise, basis: custom.basis })
      : choice;
  const resolved = resolveLevel(level);
  const seedValue = Number(seed);
  const seedOk = seed.trim() !== '' && Number.isSafeInteger(seedValue) && seedValue >= 0;
  const detectors = resolved.ok ? levelDetectors(resolved.level) : undefined;
  const tooBig = detectors !== undefined && maxDetectors !== undefined && detectors > maxDetectors;
  const problem = !resolved.ok
    ? resolved.message
    : tooBig
      ? `d=${resolved.level.distance}, r=${resolved.level.rounds} has ${detectors} detectors; this server serves levels up to ${maxDetectors} (VERILAB_MAX_LEVEL_DETECTORS)`
      : seedOk
        ? undefined
        : 'seed must be a whole number ≥ 0';
  const number = (key: 'd' | 'r' | 'p', label: string, step: string) => (
    <Field label={label}>
      <input aria-label={label} className={`${INPUT_CLASS} w-20`} type="number" step={step} value={custom[key]} onChange={(e) => setCustom({ ...custom, [key]: e.target.value })} />
    </Field>
  );
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (problem === undefined) onSample({ level, seed: seedValue });
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
            {number('d', 'distance d', '1')}
            {number('r', 'rounds r', '1')}
            {number('p', 'error rate p', '0.0005')}
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
            <input aria-label="seed" className={`${INPUT_CLASS} w-28`} inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} />
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
          {detectors} detectors{maxDetectors === undefined ? '' : ` (this server serves up to ${maxDetectors})`}
        </p>
      )}
    </form>
  );
}
