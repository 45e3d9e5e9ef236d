import serverPackage from '../../package.json' with { type: 'json' };

/** This server's version (the package's), reported by `/healthz` and the MCP handshake. */
export const SERVER_VERSION: string = serverPackage.version;

/** The openenv-core release whose wire contract we match (shared/specs/openenv.md §0). */
export const OPENENV_CONTRACT_VERSION = '0.2.3';
