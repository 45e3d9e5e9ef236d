import { REWARD_PROFILES, SYSTEMS, type RewardProfile } from '@verilab/physix';
import { Field, INPUT_CLASS } from '../../../components/ui.tsx';
import { inputBounds } from '../../../lib/server-limits.ts';
import type { PhysixLimits } from '../api/physix-backend.ts';
import type { ConfigForm } from '../utils/episode-config.ts';

/** The episode to play: system, seed, turn budget (inputs bounded as the backend bounds them), reward profile, parameter fitting. */
export function EpisodeControls({ form, limits, onChange }: { form: ConfigForm; limits: PhysixLimits | undefined; onChange: (form: ConfigForm) => void }) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <Field label="System">
        <select aria-label="system" className={INPUT_CLASS} value={form.systemId} onChange={(e) => onChange({ ...form, systemId: e.target.value })}>
          {SYSTEMS.map((system) => (
            <option key={system.id} value={system.id}>
              {system.title} ({system.tier})
            </option>
          ))}
        </select>
      </Field>
      <Field label="Seed">
        <input aria-label="physix seed" className={`${INPUT_CLASS} w-24`} type="number" {...inputBounds(limits?.seed)} value={form.seed} onChange={(e) => onChange({ ...form, seed: e.target.value })} />
      </Field>
      <Field label="Max turns">
        <input aria-label="max turns" className={`${INPUT_CLASS} w-16`} type="number" {...inputBounds(limits?.maxTurns)} value={form.maxTurns} onChange={(e) => onChange({ ...form, maxTurns: e.target.value })} />
      </Field>
      <Field label="Reward profile">
        <select aria-label="reward profile" className={INPUT_CLASS} value={form.profile} onChange={(e) => onChange({ ...form, profile: e.target.value as RewardProfile })}>
          {REWARD_PROFILES.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </Field>
      <label className="flex items-center gap-1 pb-2 text-xs text-slate-400" title="fit declared parameters to the shown data before scoring; the fitted law is also judged on held-out experiments">
        <input type="checkbox" checked={form.fit} onChange={(e) => onChange({ ...form, fit: e.target.checked })} className="accent-sky-500" />
        fit parameters
      </label>
    </div>
  );
}
