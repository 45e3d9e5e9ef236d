/**
 * `npm run bench`: Qubit-Medic throughput, single thread. Targets (issue 4): ≥ 20,000 episodes/s
 * in process (reset + step on L2 with the matching policy's answer) and ≥ 20,000 SFT rows/s
 * (a row built and serialised to JSON). Every run takes fresh seeds, so no shot,
 * decoding or prompt is served from the per-episode memos twice.
 */
import { Xoshiro128 } from '@verilab/core';
import { QubitMedicEnvironment } from './environment.ts';
import { playEpisode } from './episode-outcome.ts';
import { levelNamed } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { matchingPolicy } from './policies.ts';
import { sftRow } from './sft-rows.ts';

const BATCH = 2000;
const physics = createPhysicsCache();
const l2 = levelNamed('L2_target');
const l2Physics = physics(l2);

let episodeSeed = 0;
const env = new QubitMedicEnvironment({ physics });
const policy = matchingPolicy(physics);
const rng = Xoshiro128.fromSeed(1);
const settings = { promptFormat: 'v2', rewardProfile: 'exact' } as const;

let rowSeed = 0;

export const benchmarks = [
  {
    name: 'qubit-medic episode L2 matching (reset+step)',
    unit: 'episodes',
    run(): number {
      for (let i = 0; i < BATCH; i++) playEpisode(env, l2, episodeSeed++, settings, policy.answer, rng);
      return BATCH;
    },
  },
  {
    name: 'qubit-medic SFT row L2 v2 (JSON)',
    unit: 'rows',
    run(): number {
      let bytes = 0;
      for (let i = 0; i < BATCH; i++) {
        const row = sftRow(l2Physics, rowSeed++, { target: 'matching', promptFormat: 'v2' });
        bytes += JSON.stringify(row).length;
      }
      return bytes > 0 ? BATCH : 0;
    },
  },
];
