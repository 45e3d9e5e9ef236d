import { mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReplayGuard, type ConsumeResult, type ReplayGuardOptions } from '../episodes/replay-guard.ts';

/**
 * A replay guard that survives restarts: every token id it accepts is appended to a file (one
 * `<expiresAt> <id>` line, written before the step is answered), and a new process reads back
 * the ids that have not expired, so a token stepped before a restart is refused after it. The
 * file is rewritten with only the live ids when the process starts. One process per file: two
 * replicas appending to one file would not see each other's ids until they restart.
 */
export class JournaledReplayGuard extends ReplayGuard {
  private readonly fd: number;

  constructor(options: ReplayGuardOptions & { readonly path: string }) {
    super(options);
    const now = options.now();
    const live: string[] = [];
    for (const line of readIfPresent(options.path).split('\n')) {
      const [expires, id, ...rest] = line.split(' ');
      const expiresAt = Number(expires);
      if (id === undefined || id === '' || rest.length > 0 || !(expiresAt > now)) continue;
      if (super.consume(id, expiresAt) === 'fresh') live.push(`${line}\n`);
    }
    mkdirSync(dirname(options.path), { recursive: true });
    writeFileSync(`${options.path}.tmp`, live.join(''));
    renameSync(`${options.path}.tmp`, options.path);
    this.fd = openSync(options.path, 'a');
  }

  override consume(id: string, expiresAt: number): ConsumeResult {
    const result = super.consume(id, expiresAt);
    if (result === 'fresh') writeSync(this.fd, `${expiresAt} ${id}\n`);
    return result;
  }
}

function readIfPresent(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
