/**
 * Throughput of one `verilab collect` worker on a chunk — sample, decode, count — for the
 * threshold sweep's tasks below and near threshold (SI1000-like, rounds = d). A sweep on K
 * threads runs about K times this.
 */
import { expandSweep } from './sweep-config.ts';
import { chunkRng } from './chunk-stream.ts';
import { compileSweepTask } from './sweep-task.ts';

const CHUNK = 4096;

export const benchmarks: { name: string; unit: string; run(): number }[] = expandSweep({ distances: [3, 5, 7], ps: [0.004], rounds: 'd', basis: 'Z', noise: 'si1000-like', decoder: 'matching' }).map((config) => {
  const task = compileSweepTask(config);
  let chunk = 0;
  return {
    name: `collect chunk: d=${config.distance} r=${config.rounds} p=${config.p} si1000-like, sample + decode`,
    unit: 'shots',
    run: () => {
      task.countErrors(CHUNK, chunkRng(0, task.strongId, chunk++));
      return CHUNK;
    },
  };
});

/** Compiling a task (circuit, DEM, decoder, strong id) is paid once per task and worker. */
benchmarks.push({
  name: 'collect task compile: d=5 r=5 p=0.004 (error analysis + decoder + strong id)',
  unit: 'tasks',
  run: () => {
    compileSweepTask(expandSweep({ distances: [5], ps: [0.004], rounds: 'd', basis: 'Z', noise: 'si1000-like', decoder: 'matching' })[0]!);
    return 1;
  },
});
