import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../testing/serve-process.ts';
import { pythonWith } from '../testing/test-python.ts';

// The official Python MCP SDK (`pip install mcp`, as .ci/run installs it) against a live
// `verilab serve` over Streamable HTTP: the client Python agent frameworks build on.
const python = pythonWith(['mcp']);

/** Plays one Qubit-Medic episode on /mcp and one PhysiX turn on /envs/physix/mcp; prints what it saw. */
const DRIVER = `
import asyncio, sys
from mcp import Client, MCPError

async def main(base):
    async with Client(f"{base}/mcp") as client:
        print("protocol", client.protocol_version)
        print("tools", ",".join(tool.name for tool in (await client.list_tools()).tools))
        reset = await client.call_tool("reset", {})
        print("reset", reset.is_error, reset.structured_content["observation"]["curriculum_level"])
        bad = await client.call_tool("step", {"raw_response": 7})
        print("bad arguments", bad.is_error, bad.content[0].text.split(":")[0])
        step = await client.call_tool("step", {"raw_response": "X_ERRORS=[] Z_ERRORS=[]"})
        print("step", step.is_error, step.structured_content["done"])
        try:
            await client.call_tool("decode", {"syndrome": [0]})
        except MCPError as error:
            print("unknown tool", error.error.code)
    async with Client(f"{base}/envs/physix/mcp") as client:
        await client.call_tool("reset", {})
        turn = await client.call_tool("step", {"equation": "d2x/dt2 = -x"})
        print("physix turn", turn.is_error, turn.structured_content["observation"]["turn"])

asyncio.run(main(sys.argv[1]))
`;

describe('the Python MCP SDK client over Streamable HTTP', () => {
  it.skipIf(python.skip)('plays a Qubit-Medic episode and a PhysiX turn, with isError for bad arguments', async () => {
    if (python.missing !== undefined) throw new Error(python.missing);
    const server = await spawnServe({}, ['--port', '0']);
    try {
      const { stdout } = await promisify(execFile)(python.python, ['-c', DRIVER, server.url], { timeout: 60_000 });
      expect(stdout.trim().split('\n')).toEqual([
        'protocol 2025-06-18',
        'tools reset,step,list_levels',
        'reset False L1_warmup',
        'bad arguments True Invalid arguments for tool step',
        'step False True',
        'unknown tool -32602',
        'physix turn False 1',
      ]);
    } finally {
      await server.stop();
    }
  });
});
