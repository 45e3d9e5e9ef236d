// The public surface of @verilab/openenv: the OpenEnv-compatible server and its pieces.
export * from './hosted-environment.ts';
export * from './server-config.ts';
export * from './server-runtime.ts';
export * from './node/start-server.ts';
export * from './node/static-ui.ts';
export * from './http/server-app.ts';
export * from './mcp/stdio-mcp.ts';
export { agentPolicy, type AgentPolicy } from './mcp/tool-catalog.ts';
export * from './environments/qubit-medic-host.ts';
export * from './environments/physix-host.ts';
export * from './environments/default-environments.ts';
export * from './episodes/episode-tokens.ts';
export type { SessionFailure, SessionResult } from './episodes/episode-session.ts';
export { chatCompletion, type ChatAnswer, type ChatCall, type ChatFailure, type ChatFailureKind, type ChatMessage, type ChatResult } from './llm/chat-completions.ts';
export type { EnvironmentMetadata } from './wire/openenv-models.ts';
