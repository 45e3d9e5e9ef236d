/**
 * PhysiX verifications per CPU-second of this process, run on the BUILT package: plain `node`
 * resolves `@verilab/physix` to packages/physix/dist (tsc output), as the server, the CLI and
 * a package user load it. `npm run bench` measures its in-process cases through tsx from the
 * TypeScript sources, whose transform adds work the built code does not do (keepNames
 * `__name(...)` wrappers on closures, getter-based ESM re-exports), so its comparison with the
 * original pipeline (scripts/physix_reference.py) takes verilab's side from here instead.
 *
 * Input (stdin, JSON): {"seconds": s, "warmup": w, "seeds": n, "systems": [id, ...]}. Per
 * system, in order, in one process: the same n seeded instances the bench file builds
 * (`instantiate(system, seed)`, seed 0..n-1), the ground truth with its true parameters
 * verified on each (all must be accepted), then about w seconds untimed, then round-robin for
 * about s seconds of wall time, counted per second of this process's CPU time exactly as the
 * Python reference counts its own. Output (stdout, JSON): {"<system>": verifications per
 * CPU-second}.
 */
import { getSystem, instantiate, targetOf, verify } from '@verilab/physix';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const rates = {};
for (const id of request.systems) {
  const system = getSystem(id);
  if (system === undefined) throw new Error(`unknown system ${id}`);
  const cases = Array.from({ length: request.seeds }, (_, seed) => {
    const instance = instantiate(system, seed);
    return { target: targetOf(instance), action: { equation: system.groundTruth, params: instance.parameters } };
  });
  const verifyCase = (done) => {
    const { target, action } = cases[done % cases.length];
    return verify(target, action);
  };
  for (let k = 0; k < cases.length; k++) {
    if (!verifyCase(k).report.accepted) throw new Error(`${id}: the built verifier rejects the ground truth`);
  }
  const warmupEnd = performance.now() + request.warmup * 1000;
  for (let k = 0; performance.now() < warmupEnd; k++) verifyCase(k);
  let done = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - start < request.seconds * 1000) verifyCase(done++);
  const cpu = process.cpuUsage(cpuStart);
  rates[id] = done / ((cpu.user + cpu.system) / 1e6);
}
process.stdout.write(JSON.stringify(rates));
