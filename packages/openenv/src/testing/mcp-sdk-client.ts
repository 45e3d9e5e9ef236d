import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

/**
 * Test support: the official MCP TypeScript SDK's client, as agent frameworks use it, and a
 * JSON-RPC-shaped view of its answers (`{ result }` or `{ error: { code, message } }`), so the
 * tests written against our raw transports run unchanged over it.
 */
export type SdkReply = { result?: any; error?: { code: number; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SdkSession {
  readonly client: Client;
  rpc(method: string, params?: Record<string, unknown>): Promise<SdkReply>;
  close(): Promise<void>;
}

export async function connectSdk(transport: Transport): Promise<SdkSession> {
  const client = new Client({ name: 'verilab-test', version: '0' });
  await client.connect(transport);
  return {
    client,
    async rpc(method, params = {}) {
      try {
        if (method === 'tools/list') return { result: await client.listTools() };
        if (method === 'tools/call') return { result: await client.callTool(params as { name: string; arguments?: Record<string, unknown> }) };
        throw new Error(`connectSdk: no SDK call for ${method}`);
      } catch (error) {
        if (!(error instanceof McpError)) throw error;
        return { error: { code: error.code, message: error.message.replace(`MCP error ${error.code}: `, '') } };
      }
    },
    close: () => client.close(),
  };
}

/** Streamable HTTP to `<base>/mcp`. */
export function connectSdkHttp(base: string): Promise<SdkSession & { readonly transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`));
  return connectSdk(transport).then((session) => ({ ...session, transport }));
}
