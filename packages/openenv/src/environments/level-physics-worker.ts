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
// The DEM text (9 MB at d = 25, r = 13) goes as bytes, moved, not copied: cloning the string
// took 15-30 ms, half of it on the server's event loop, for a text the server reads only in
// the original's compatibility mode (its digest). The bytes are the printed chunks joined: the
// text is never made here (decoding and encoding it again took ~10 ms).
const demBytes = new Uint8Array(physics.demChunks.reduce((bytes, chunk) => bytes + chunk.length, 0));
let at = 0;
for (const chunk of physics.demChunks) {
  demBytes.set(chunk, at);
  at += chunk.length;
}
parentPort?.postMessage({ level, layout, demBytes, demDigest, optimalUnavailable } satisfies ReadyData, [demBytes.buffer]);
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
