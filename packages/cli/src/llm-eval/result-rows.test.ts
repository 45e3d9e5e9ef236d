import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError, USAGE_EXIT_CODE } from '../cli-error.ts';
import { EvalResultRow, PhysixEvalResultRow } from './result-rows.ts';
import { loadResultLines, type ResultRow } from './results-file.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'verilab-result-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A results file with these lines (objects as JSON, strings as they are). */
function resultsFile(lines: readonly unknown[]): string {
  const file = path.join(dir, `results-${files++}.jsonl`);
  writeFileSync(file, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n');
  return file;
}

/** The CliError loading the file raises, with exit code 2. */
async function refusal<T extends { readonly run: string }>(file: string, row: ResultRow<T>): Promise<string> {
  const error: unknown = await loadResultLines(file, 'r1', row).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(USAGE_EXIT_CODE);
  return (error as CliError).message;
}

const evalLine = { episode: 0, level: 'L2_target', seed: 10_000, rewards: { total: 1 }, run: 'r1', completion: 'X_ERRORS=[] Z_ERRORS=[]', usage: { completion_tokens: 7 } };
const physixLine = { episode: 0, system_id: 'spring_mass', seed: 3, run: 'r1', turns: [{ completion: 'a', usage: { completion_tokens: 5 } }, { completion: 'b', usage: null }] };

describe('eval results rows', () => {
  it('reads what resuming needs, keeping the token count only when it is a number', async () => {
    const file = resultsFile([evalLine, { ...evalLine, seed: 10_001, usage: null }, { ...evalLine, seed: 10_002, usage: { completion_tokens: 'n/a' } }, { ...evalLine, seed: 10_003, usage: undefined }]);
    expect(await loadResultLines(file, 'r1', EvalResultRow)).toEqual([
      { task: 'L2_target', seed: 10_000, run: 'r1', completion: evalLine.completion, completionTokens: 7 },
      { task: 'L2_target', seed: 10_001, run: 'r1', completion: evalLine.completion, completionTokens: null },
      { task: 'L2_target', seed: 10_002, run: 'r1', completion: evalLine.completion, completionTokens: null },
      { task: 'L2_target', seed: 10_003, run: 'r1', completion: evalLine.completion, completionTokens: null },
    ]);
  });

  it.each([
    [[1, 2], /:2: invalid input: expected object, received array/i],
    [null, /:2: .*expected object, received null/i],
    [{ ...evalLine, level: undefined }, /:2: field "level": .*expected string, received undefined/i],
    [{ ...evalLine, seed: 1.5 }, /:2: field "seed": .*expected int, received number/i],
    [{ ...evalLine, seed: '10000' }, /:2: field "seed": .*expected number, received string/i],
    [{ ...evalLine, run: 7 }, /:2: field "run": .*expected string, received number/i],
    [{ ...evalLine, completion: null }, /:2: field "completion": .*expected string, received null/i],
    [{ ...evalLine, usage: 'lots' }, /:2: field "usage": .*expected object, received string/i],
  ])('refuses %j on line 2, naming the field', async (bad, message) => {
    const file = resultsFile([evalLine, bad]);
    const text = await refusal(file, EvalResultRow);
    expect(text.startsWith(`${file}:2: `)).toBe(true);
    expect(text).toMatch(message);
    expect(text).toMatch(/the results file is damaged/);
  });
});

describe('physix eval results rows', () => {
  it("reads each turn's completion and token count", async () => {
    expect(await loadResultLines(resultsFile([physixLine]), 'r1', PhysixEvalResultRow)).toEqual([
      { task: 'spring_mass', seed: 3, run: 'r1', completions: ['a', 'b'], completionTokens: [5, null] },
    ]);
  });

  it.each([
    [{ ...physixLine, system_id: 4 }, 'field "system_id"'],
    [{ ...physixLine, seed: -0.5 }, 'field "seed"'],
    [{ ...physixLine, turns: 'none' }, 'field "turns"'],
    [{ ...physixLine, turns: [{ completion: 'a' }, { completion: 3 }] }, 'field "turns[1].completion"'],
    [{ ...physixLine, turns: [{ completion: 'a', usage: [] }] }, 'field "turns[0].usage"'],
  ])('refuses %j on line 3, naming the field', async (bad, field) => {
    const file = resultsFile([physixLine, '', bad]);
    expect(await refusal(file, PhysixEvalResultRow)).toContain(`${file}:3: ${field}: `);
  });
});
