import { err, ok, type Result } from '@verilab/core';
import { z } from 'zod';
import { MAX_MESSAGE_CHARS, shortText } from '../wire/bounded-echo.ts';
import { errorsText } from '../wire/pydantic-errors.ts';
import { validateModel } from '../wire/pydantic-validate.ts';

/**
 * JSON-RPC 2.0 messages as OpenEnv's `/mcp` endpoints read and write them (docs/wire-contract.md#mcp):
 * requests are `JsonRpcRequest` (`jsonrpc` "2.0", `method`, object `params` defaulting to {},
 * `id` string|int|null, nothing else); responses carry `jsonrpc`, `id`, then `result` or
 * `error` {code, message, data}. An invalid request is answered with id null, whatever id it
 * had: upstream never reads the id of a request that failed validation.
 */
export const JSON_RPC = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  SERVER_ERROR: -32000,
  /** The MCP SDK's code for a Streamable HTTP session the server does not hold. */
  SESSION_NOT_FOUND: -32001,
} as const;

export type JsonRpcId = string | number | null;

const JsonRpcRequestModel = z
  .strictObject({
    jsonrpc: z.literal('2.0'),
    method: z.string(),
    params: z.record(z.string(), z.unknown()).default({}),
    id: z.union([z.string(), z.int()]).nullable().default(null),
  })
  .meta({ title: 'JsonRpcRequest' });

export type JsonRpcRequest = z.output<typeof JsonRpcRequestModel>;

export type JsonRpcResponse =
  | { readonly jsonrpc: '2.0'; readonly id: JsonRpcId; readonly result: unknown }
  | { readonly jsonrpc: '2.0'; readonly id: JsonRpcId; readonly error: { readonly code: number; readonly message: string; readonly data: unknown } };

export function success(id: JsonRpcId, result: unknown): JsonRpcResponse {
  return { jsonrpc: '2.0', id, result };
}

export function failure(id: JsonRpcId, code: number, message: string, data: unknown = null): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: { code, message: shortText(message, MAX_MESSAGE_CHARS), data } };
}

export const PARSE_ERROR_RESPONSE = failure(null, JSON_RPC.PARSE_ERROR, 'Parse error');

/** Validates a parsed message; an invalid one becomes the -32600 response to send, naming each error's field and type. */
export function readRequest(message: unknown): Result<JsonRpcRequest, JsonRpcResponse> {
  const checked = validateModel(JsonRpcRequestModel, message, { withUrl: false });
  if (checked.ok) return ok(checked.value);
  return err([failure(null, JSON_RPC.INVALID_REQUEST, `Invalid request: ${errorsText(checked.issues)}`)]);
}
