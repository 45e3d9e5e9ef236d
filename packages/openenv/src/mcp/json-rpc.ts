import { z } from 'zod';
import { toPydanticErrors } from '../wire/pydantic-errors.ts';

/**
 * JSON-RPC 2.0 messages as OpenEnv's `/mcp` endpoints read and write them (openenv.md §3):
 * requests are `JsonRpcRequest` (`jsonrpc` "2.0", `method`, object `params` defaulting to {},
 * `id` string|int|null, nothing else); responses carry `jsonrpc`, `id`, then `result` or
 * `error` {code, message, data}.
 */
export const JSON_RPC = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  SERVER_ERROR: -32000,
} as const;

export type JsonRpcId = string | number | null;

const JsonRpcRequestModel = z.strictObject({
  jsonrpc: z.literal('2.0'),
  method: z.string(),
  params: z.record(z.string(), z.unknown()).default({}),
  id: z.union([z.string(), z.int()]).nullable().default(null),
});

export type JsonRpcRequest = z.output<typeof JsonRpcRequestModel>;

export type JsonRpcResponse =
  | { readonly jsonrpc: '2.0'; readonly id: JsonRpcId; readonly result: unknown }
  | { readonly jsonrpc: '2.0'; readonly id: JsonRpcId; readonly error: { readonly code: number; readonly message: string; readonly data: unknown } };

export function success(id: JsonRpcId, result: unknown): JsonRpcResponse {
  return { jsonrpc: '2.0', id, result };
}

export function failure(id: JsonRpcId, code: number, message: string, data: unknown = null): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: { code, message, data } };
}

export const PARSE_ERROR_RESPONSE = failure(null, JSON_RPC.PARSE_ERROR, 'Parse error');

/** Validates a parsed message; an invalid one becomes the -32600 response to send. */
export function readRequest(message: unknown): { ok: true; request: JsonRpcRequest } | { ok: false; response: JsonRpcResponse } {
  const parsed = JsonRpcRequestModel.safeParse(message, { reportInput: true });
  if (parsed.success) return { ok: true, request: parsed.data };
  const id = idOf(message);
  return { ok: false, response: failure(id, JSON_RPC.INVALID_REQUEST, `Invalid request: ${describeErrors(parsed.error.issues, message)}`) };
}

/** pydantic's `str(ValidationError)`, briefly: "N validation errors for JsonRpcRequest" + one line pair each. */
function describeErrors(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const errors = Array.isArray(input) || typeof input !== 'object' || input === null
    ? [{ loc: [] as (string | number)[], msg: 'Input should be a valid dictionary or instance of JsonRpcRequest', type: 'model_type' }]
    : toPydanticErrors(issues, input, { withUrl: false });
  const lines = errors.flatMap((e) => [e.loc.length > 0 ? e.loc.join('.') : 'JsonRpcRequest', `  ${e.msg} [type=${e.type}]`]);
  return `${errors.length} validation error${errors.length === 1 ? '' : 's'} for JsonRpcRequest\n${lines.join('\n')}`;
}

function idOf(message: unknown): JsonRpcId {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : null;
}
