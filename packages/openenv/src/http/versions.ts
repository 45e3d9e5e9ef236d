import serverPackage from '../../package.json' with { type: 'json' };

/** This server's version (the package's), reported by `/healthz` and the MCP handshake. */
export const SERVER_VERSION: string = serverPackage.version;

/** The openenv-core release whose wire contract we match (docs/wire-contract.md#versions). */
export const OPENENV_CONTRACT_VERSION = '0.2.3';
