import { parentPort, workerData } from 'node:worker_threads';
import { unwrap } from '@verilab/core';
import { usePlaneKernelsModule } from '@verilab/qec';
import { resolveLevel } from '@verilab/qubit-medic';
import { serveSync } from './physics-channel.ts';
import type { ReadyData, WorkerData } from './worker-physics.ts';
import { buildServerLevelPhysics } from './server-level-physics.ts';

/**
 * A worker thread that builds one level's physics (the slow part: the circuit's error analysis
 * and the decoder's graph), reports its plain data, then serves `sample` and `decode`
 * calls over the shared-memory channel until terminated. See worker-physics.ts.
 */
export type PhysicsRequest =
  | { readonly op: 'sample'; readonly seed: number }
  | { readonly op: 'decode' | 'decodeOptimal'; readonly bits: readonly number[] };

const { name, channel, kernels } = workerData as WorkerData;
usePlaneKernelsModule(kernels);
const physics = buildServerLevelPhysics(unwrap(resolveLevel(name)));
const { level, layout, demDigest, optimalUnavailable } = physics;
// The DEM text (9 MB at d = 25, r = 13) goes as the bytes it was printed to, its chunks moved,
// not copied: cloning the text took 15-30 ms, half of it on the server's event loop, for a text
// the server reads only in the original's compatibility mode (its digest), and joining the
// chunks 6-12 ms. Moved, they leave this thread: its own physics' demText, which nothing here
// reads, is empty from now on.
const { demChunks } = physics;
const demBuffers = new Set(demChunks.map((chunk) => chunk.buffer as ArrayBuffer));
parentPort?.postMessage({ level, layout, demChunks, demDigest, optimalUnavailable } satisfies ReadyData, [...demBuffers]);
serveSync(channel, (request) => {
  const call = request as PhysicsRequest;
  switch (call.op) {
    case 'sample':
      return physics.sample(call.seed);
    case 'decode':
      return physics.decode(call.bits);
    case 'decodeOptimal':
      return physics.decodeOptimal(call.bits);
  }
});
