import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { VERILAB } from '../testing/run-verilab.ts';

// `verilab mcp`: MCP over stdio as an agent framework launches it, a real child process.

/** Runs `verilab mcp ARGS` on these requests until stdin ends; its exit code and the parsed replies. */
async function runMcp(args: readonly string[], requests: readonly unknown[]): Promise<{ code: number | null; replies: any[] }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const child = spawn(process.execPath, [...VERILAB, 'mcp', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('verilab mcp did not exit')), 30_000);
    child.on('exit', (exit) => {
      clearTimeout(timer);
      resolve(exit);
    });
  });
  return { code, replies: stdout.trim().split('\n').map((line) => JSON.parse(line)) };
}

const decode = { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'decode', arguments: { syndrome: [0], level: 'L1_warmup' } } };

describe('verilab mcp', () => {
  it('answers initialize, tools/list and tools/call on stdout, withholds decode, and exits when stdin ends', async () => {
    const { code, replies } = await runMcp([], [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '0' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'reset', arguments: {} } },
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'step', arguments: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } } },
      decode,
    ]);
    expect(code).toBe(0);
    expect(replies.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(replies[0].result.protocolVersion).toBe('2025-06-18');
    expect(replies[1].result.tools.map((t: { name: string }) => t.name)).toEqual(['reset', 'step', 'list_levels']);
    expect(replies[2].result.structuredContent.observation.curriculum_level).toBe('L1_warmup');
    expect(replies[3].result).toMatchObject({ isError: false, structuredContent: { done: true } });
    expect(replies[4].error).toMatchObject({ code: -32602, message: expect.stringMatching(/^Tool not found: decode \(.*--expose-decoder/) });
  });

  it('offers decode with --expose-decoder', async () => {
    const { code, replies } = await runMcp(['--expose-decoder'], [{ jsonrpc: '2.0', id: 2, method: 'tools/list' }, decode]);
    expect(code).toBe(0);
    expect(replies[0].result.tools.map((t: { name: string }) => t.name)).toEqual(['reset', 'step', 'decode', 'list_levels']);
    expect(replies[1].result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/syndrome length 1 != \d+ expected for L1_warmup/) }] });
  });

  it('serves the MCP SDK client: a Qubit-Medic episode, isError for bad arguments, an error for an unknown tool', async () => {
    const client = new Client({ name: 'verilab-test', version: '0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [...VERILAB, 'mcp'], stderr: 'pipe' }));
    try {
      expect(client.getServerVersion()?.name).toBe('verilab-qubit-medic');
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['reset', 'step', 'list_levels']);
      const reset = await client.callTool({ name: 'reset', arguments: {} });
      expect(reset).toMatchObject({ isError: false, structuredContent: { observation: { curriculum_level: 'L1_warmup' } } });
      const bad = await client.callTool({ name: 'step', arguments: { raw_response: 7 } });
      expect(bad).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/^Invalid arguments for tool step: raw_response: /) }] });
      const step = await client.callTool({ name: 'step', arguments: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
      expect(step).toMatchObject({ isError: false, structuredContent: { done: true } });
      await expect(client.callTool({ name: 'decode', arguments: { syndrome: [0] } })).rejects.toThrow(/-32602.*Tool not found: decode/);
    } finally {
      await client.close();
    }
  });

  it('serves PhysiX with --env physix: a turn, and isError for bad arguments', async () => {
    const client = new Client({ name: 'verilab-test', version: '0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [...VERILAB, 'mcp', '--env', 'physix'], stderr: 'pipe' }));
    try {
      expect(client.getServerVersion()?.name).toBe('verilab-physix');
      expect(await client.callTool({ name: 'reset', arguments: {} })).toMatchObject({ isError: false, structuredContent: { done: false } });
      const turn = await client.callTool({ name: 'step', arguments: { equation: 'd2x/dt2 = -x' } });
      expect(turn).toMatchObject({ isError: false, structuredContent: { observation: { turn: 1 } } });
      expect(await client.callTool({ name: 'reset', arguments: { seed: 4 } })).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/--agent-seeds/) }] });
    } finally {
      await client.close();
    }
  });
});
