import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPrompt, parseCompletion, resetEpisode, stepEpisode } from '@verilab/physix';
import { runInProcess } from '../testing/run-in-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'verilab-physix-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

describe('verilab physix dataset', () => {
  it('writes first-turn prompts that regenerate from (system_id, seed), with the true answer', async () => {
    const out = path.join(dir, 'sft.jsonl');
    const result = await runInProcess(['physix', 'dataset', '--out', out, '--n', '14', '--seed', '77']);
    expect(result.code, result.stderr).toBe(0);
    const written = rows(out);
    expect(written).toHaveLength(14);
    // Round-robin over the training systems (tiers 1 and 2), seeds 77, 78, …
    expect(written.slice(0, 7).map((r) => r.system_id)).toEqual(['free_fall', 'free_fall_drag', 'simple_pendulum', 'damped_pendulum', 'spring_mass', 'damped_spring', 'free_fall']);
    expect(written.map((r) => r.seed)).toEqual(Array.from({ length: 14 }, (_, k) => 77 + k));
    for (const row of written) {
      expect(Object.keys(row)).toEqual(['prompt', 'completion', 'system_id', 'tier', 'seed', 'episode_format']);
      const { state, observation } = resetEpisode({ seed: row.seed, systemId: row.system_id });
      expect(row.prompt).toEqual(buildPrompt(observation));
      expect(row.completion).toHaveLength(1);
      expect(row.completion[0].role).toBe('assistant');
      // The completion is an action the environment accepts, and it solves the episode.
      const parsed = parseCompletion(row.completion[0].content);
      expect(parsed.found).toBe(true);
      expect(stepEpisode(state, parsed.action).observation.converged, `${row.system_id} ${row.seed}`).toBe(true);
    }
  });

  it('writes conversational messages, and takes systems by tier', async () => {
    const out = path.join(dir, 'held-out.jsonl');
    const result = await runInProcess(['physix', 'dataset', '--out', out, '--n', '4', '--systems', 'tier3', '--format', 'messages']);
    expect(result.code, result.stderr).toBe(0);
    const written = rows(out);
    expect(written.map((r) => r.system_id)).toEqual(['projectile_drag', 'charged_particle_b_field', 'projectile_drag', 'charged_particle_b_field']);
    expect(written[0].messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(written[0].tier).toBe('tier3');
  });

  it('rejects a bad format or system with exit 2', async () => {
    for (const extra of [['--format', 'chatml'], ['--systems', 'free_fall,perpetual_motion']]) {
      const result = await runInProcess(['physix', 'dataset', '--out', path.join(dir, 'never.jsonl'), ...extra]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/argument .* is invalid/);
    }
  });
});
