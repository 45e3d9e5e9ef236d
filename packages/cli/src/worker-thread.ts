import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running the module `name` that sits beside the calling module, whose
 * `import.meta.url` is `from`. Compiled (dist/), that is `name`.js. Run from the TypeScript
 * sources (tests, tsx), the worker registers tsx before importing `name`.ts — Node 20 workers
 * inherit neither the parent's loader hooks nor `--import` — and resolves the workspace
 * packages to their sources too. `workerData` reaches the module as node:worker_threads'
 * `workerData`.
 */
export function startWorkerModule(from: string, name: string, workerData?: unknown): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const body = new URL(`./${name}.ts`, from).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(body)}); })`;
  return new Worker(boot, { eval: true, workerData, execArgv: [...process.execArgv, '--conditions=@verilab/source'] });
}
