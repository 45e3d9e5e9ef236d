import { firstIssue } from '@verilab/core';
import type { Readable, Writable } from 'node:stream';
import type { HostedEnvironment } from '../hosted-environment.ts';
import type { Awaitable } from '../awaitable.ts';
import type { AnySession } from '../server-runtime.ts';
import { isPlainObject, parseJson } from '../wire/json-body.ts';
import { JSON_RPC, PARSE_ERROR_RESPONSE, failure, readRequest, success, type JsonRpcRequest, type JsonRpcResponse } from './json-rpc.ts';
import { answerStandardMcp, initializeResult } from './standard-mcp.ts';
import type { AgentPolicy } from './tool-catalog.ts';

/**
 * A Model Context Protocol server over stdio (`verilab mcp`): newline-delimited JSON-RPC 2.0
 * (MCP spec 2025-06-18, "stdio" transport) answering standard-mcp.ts's methods on one stateful
 * session. Only JSON-RPC goes to `output`; nothing else may be written there.
 */

export interface StdioMcpOptions {
  readonly host: HostedEnvironment;
  readonly session: AnySession;
  /** What the agent on the other end may decide (ServerConfig.agentSeeds). */
  readonly policy: AgentPolicy;
  readonly input: Readable;
  readonly output: Writable;
  /** Longest line read (default MAX_STDIO_LINE_BYTES). */
  readonly maxLineBytes?: number;
}

/** Longest line read by default; a longer one is dropped unread, answered with a parse error. */
export const MAX_STDIO_LINE_BYTES = 1024 * 1024;

/** Serves until `input` ends (then ends the session). A bug met while answering is a -32603 reply: no request ends the process. */
export async function runStdioMcp(options: StdioMcpOptions): Promise<void> {
  const maxLineBytes = options.maxLineBytes ?? MAX_STDIO_LINE_BYTES;
  for await (const line of boundedLines(options.input, maxLineBytes)) {
    let response: JsonRpcResponse | undefined;
    if (line === undefined) {
      response = failure(null, JSON_RPC.PARSE_ERROR, `Parse error: a line longer than ${maxLineBytes} bytes was dropped`);
    } else if (line.trim() !== '') {
      try {
        response = await answer(line, options);
      } catch {
        response = failure(null, JSON_RPC.INTERNAL_ERROR, 'internal error');
      }
    }
    if (response !== undefined) options.output.write(`${JSON.stringify(response)}\n`);
  }
  // The agent left: an episode it had not answered is abandoned.
  options.session.end();
}

/**
 * Newline-delimited lines of `input` as text (a trailing `\r` dropped, as readline does with
 * crlfDelay: Infinity), holding at most `maxBytes` of a line: a longer line is skipped to its
 * end and yielded as undefined.
 */
async function* boundedLines(input: Readable, maxBytes: number): AsyncGenerator<string | undefined> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  const take = (piece: Buffer) => {
    if (tooLong) return;
    size += piece.length;
    if (size > maxBytes) {
      tooLong = true;
      parts = [];
    } else {
      parts.push(piece);
    }
  };
  const finish = (): string | undefined => {
    const line = tooLong ? undefined : Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
    parts = [];
    size = 0;
    tooLong = false;
    return line;
  };
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    for (let newline = bytes.indexOf(10, start); newline !== -1; newline = bytes.indexOf(10, start)) {
      take(bytes.subarray(start, newline));
      yield finish();
      start = newline + 1;
    }
    take(bytes.subarray(start));
  }
  if (size > 0 || tooLong) yield finish();
}

function answer(line: string, options: StdioMcpOptions): Awaitable<JsonRpcResponse | undefined> {
  const parsed = parseJson(line);
  if (!parsed.ok) return PARSE_ERROR_RESPONSE;
  const isNotification = isPlainObject(parsed.value) && !('id' in parsed.value);
  const read = readRequest(parsed.value);
  if (!read.ok) return isNotification ? undefined : firstIssue(read);
  if (isNotification) return undefined; // notifications/initialized, notifications/cancelled: nothing to do
  return dispatch(read.value, options);
}

function dispatch(request: JsonRpcRequest, options: StdioMcpOptions): Awaitable<JsonRpcResponse> {
  if (request.method === 'initialize') return success(request.id, initializeResult(options.host, request.params));
  return answerStandardMcp(request, options);
}
