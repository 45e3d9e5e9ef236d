// The entry of a level physics worker thread: packages ship TypeScript source, so register
// tsx's loader first (as bin/verilab.js does), then run level-physics-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./level-physics-worker.ts');
