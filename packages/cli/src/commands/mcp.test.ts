import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { VERILAB } from '../testing/run-verilab.ts';

// `verilab mcp`: MCP over stdio as an agent framework launches it, a real child process.

describe('verilab mcp', () => {
  it('answers initialize, tools/list and tools/call on stdout, and exits when stdin ends', async () => {
    const child = spawn(process.execPath, [VERILAB, 'mcp'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const requests = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '0' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'reset', arguments: { seed: 2, level: 'L1_warmup' } } },
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'step', arguments: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } } },
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'decode', arguments: { syndrome: [0], level: 'L1_warmup' } } },
    ];
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
    expect(code).toBe(0);
    const replies = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(replies.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(replies[0].result.protocolVersion).toBe('2025-06-18');
    expect(replies[1].result.tools.map((t: { name: string }) => t.name)).toEqual(['reset', 'step', 'decode', 'list_levels']);
    expect(replies[2].result.structuredContent.observation.curriculum_level).toBe('L1_warmup');
    expect(replies[3].result).toMatchObject({ isError: false, structuredContent: { done: true } });
    expect(replies[4].result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/syndrome length 1 != \d+ expected for L1_warmup/) }] });
  });
});
