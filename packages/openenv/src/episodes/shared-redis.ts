import type { ServerConfig } from '../server-config.ts';
import { RedisConnection } from './redis-connection.ts';

/** A command to the shared Redis that gets no reply within this fails (a step answers 503). */
const TIMEOUT_MS = 2_000;

const connections = new WeakMap<ServerConfig, RedisConnection>();

/**
 * The one connection of a server (one configuration) to the Redis its replicas share
 * (`VERILAB_REPLAY_STORE`), or undefined without one. The replay store and the training runs'
 * curricula both send their commands on it: commands are pipelined and Redis runs them one at a
 * time whatever the socket, so a second connection would buy no throughput, and a stall is
 * shared either way (Redis answers neither socket). The connection opens on its first command.
 */
export function sharedRedis(config: ServerConfig): RedisConnection | undefined {
  if (config.replayStore === undefined) return undefined;
  let connection = connections.get(config);
  if (connection === undefined) {
    connection = new RedisConnection(config.replayStore, TIMEOUT_MS);
    connections.set(config, connection);
  }
  return connection;
}
