// The entry of a level physics worker thread run from the TypeScript sources (tests, tsx):
// register tsx's loader first, then run level-physics-worker.ts. The compiled package starts
// dist/environments/level-physics-worker.js directly (worker-physics.ts picks).
import { register } from 'tsx/esm/api';

register();
await import('./level-physics-worker.ts');
