import { createHash } from 'node:crypto';
import type { RedisConnection } from './redis-connection.ts';
import { RedisError, type RedisReply } from './resp-reader.ts';

/**
 * Lua scripts run on one Redis connection by their SHA1 digest (EVALSHA): a call sends its keys
 * and arguments, not the script's text, which Redis would otherwise hash again on every call
 * (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/).
 *
 * Redis forgets its scripts on SCRIPT FLUSH, a restart or a failover to a replica (and a fresh
 * one never had them: the first call is what loads them), and answers NOSCRIPT. It runs commands
 * in order and loses every script at once, so every script call sent after the failed one, still
 * on the wire, fails the same way. On a NOSCRIPT each failed call is re-sent in full (EVAL, which
 * runs whatever the cache holds), every script is loaded again (SCRIPT LOAD), and what is issued
 * meanwhile waits until the calls on the wire are back: writes keep the order they were issued in
 * (a settle never overtakes the pend it settles), and a read sees every write issued before it.
 *
 * That order holds while this connection is the only one loading the scripts. Another client of
 * the same Redis (a replica sharing it) that loads a script again (its own EVAL or SCRIPT LOAD)
 * between two of this connection's calls on the wire lets the later call run by digest before the
 * earlier one is re-sent; a settle that overtakes its pend that way finds nothing to settle, and
 * the episode counts as unanswered at its deadline. It takes a lost script cache, another
 * replica's reload inside one round trip, and a pend and its settle on the wire together.
 */
export interface RedisScript {
  readonly source: string;
  readonly sha1: string;
}

export function redisScript(source: string): RedisScript {
  return { source, sha1: createHash('sha1').update(source, 'utf8').digest('hex') };
}

const ignore = (): void => undefined;

export class RedisScripts {
  private readonly connection: RedisConnection;
  private readonly scripts: readonly RedisScript[];
  /** While Redis's scripts are being restored: the calls and reads issued meanwhile, in order. */
  private held: (() => void)[] | undefined;
  /** Settles once the last script call sent is answered (re-sent in full first, if Redis had lost its script). */
  private lastCall: Promise<void> = Promise.resolve();
  /** How often Redis was found without its scripts: a read that sees this move may have overtaken a re-sent write. */
  private losses = 0;

  /** `scripts`: every script this connection's callers run, all loaded again when Redis has lost them. */
  constructor(connection: RedisConnection, scripts: readonly RedisScript[]) {
    this.connection = connection;
    this.scripts = scripts;
  }

  /** Runs `script` on `keys` and `args`: EVALSHA, or EVAL when Redis answers that it lost the script. */
  call(script: RedisScript, keys: readonly string[], args: readonly string[]): Promise<RedisReply> {
    const tail = [String(keys.length), ...keys, ...args];
    return new Promise((resolve, reject) =>
      this.whenRestored(() => {
        const call = this.connection.command(['EVALSHA', script.sha1, ...tail]).catch((error: unknown) => {
          if (!(error instanceof RedisError) || error.code !== 'NOSCRIPT') throw error;
          if (this.held === undefined) this.restore();
          return this.connection.command(['EVAL', script.source, ...tail]);
        });
        this.lastCall = call.then(ignore, ignore);
        call.then(resolve, reject);
      }),
    );
  }

  /** Sends `commands` together (one round trip) after every script call issued before them, and gives their replies. */
  read(commands: readonly (readonly string[])[]): Promise<RedisReply[]> {
    return new Promise((resolve, reject) => {
      const attempt = (): void =>
        this.whenRestored(() => {
          const losses = this.losses;
          Promise.all(commands.map((command) => this.connection.command(command))).then((replies) => {
            // A call sent before this read came back NOSCRIPT, so its re-send came after the read: read again once it is done.
            if (this.losses === losses) resolve(replies);
            else attempt();
          }, reject);
        });
      attempt();
    });
  }

  private whenRestored(send: () => void): void {
    if (this.held === undefined) send();
    else this.held.push(send);
  }

  /** Redis lost its scripts: loads them again, and holds new calls and reads until every call on the wire is back. */
  private restore(): void {
    this.losses++;
    const held: (() => void)[] = [];
    this.held = held;
    // A load that fails leaves the script missing, which the next call's NOSCRIPT restores again.
    for (const script of this.scripts) this.connection.command(['SCRIPT', 'LOAD', script.source]).catch(ignore);
    // Nothing is sent while held, so the last call sent stays the last until the release.
    void this.lastCall.then(() => {
      this.held = undefined;
      for (const send of held) send();
    });
  }
}
