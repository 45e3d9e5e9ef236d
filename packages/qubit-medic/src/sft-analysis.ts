import { formatCompletion, parseAnswer } from './answer-parser.ts';
import { firstIssue, histogram, spreadOf, type Result, type Spread } from '@verilab/core';

/**
 * The statistics of the original's committed dataset report (`data/sft_dataset_analysis.json`),
 * computed from the records of JSONL files in either TRL format, which the CLI reads
 * (cli/src/qubit-medic/sft-file.ts, which also writes the analysis under the original report's
 * snake_case keys). A record needs only its prompt, completion and level; its syndrome bits (or
 * whether some detector fired) and the code's data-qubit count are used when the file has them.
 * Targets are read from the completion text, so files from other generators analyse too.
 */
export interface SftRecord {
  readonly prompt: string;
  readonly completion: string;
  readonly level: string;
  readonly syndromeBits?: readonly number[];
  /** Used when the record has no syndrome bits. */
  readonly nontrivialSyndrome?: boolean;
  /** Bounds the qubit ids the completion may name (unbounded when absent). */
  readonly numDataQubits?: number;
}

/** A non-blank line of a file: its 1-based number and its record, or why it has none. */
export interface SftLine {
  readonly line: number;
  readonly record: Result<SftRecord, string>;
}

export interface LevelAnalysis {
  readonly rows: number;
  readonly nonempty: number;
  readonly nonemptyPct: number;
  readonly syndrome: number;
  readonly syndromePct: number;
  readonly errorCountHist: Record<string, number>;
}

export interface SftFileAnalysis {
  readonly rows: number;
  readonly levels: Record<string, number>;
  readonly levelPct: Record<string, number>;
  readonly perLevel: Record<string, LevelAnalysis>;
  readonly completionLen: Spread;
  readonly promptLen: Spread;
  /** Rows whose prompt appeared on an earlier row. */
  readonly duplicatePromptRows: number;
  /** Rows whose prompt and completion both appeared together on an earlier row. */
  readonly duplicateRecordRows: number;
  /** Completions in the canonical one-line format `X_ERRORS=[..] Z_ERRORS=[..]`. */
  readonly formatOk: number;
  readonly formatPct: number;
  readonly nontrivialSyndromes: number;
  readonly syndromePct: number;
  readonly nonempty: number;
  readonly nonemptyPct: number;
  readonly invalidCount: number;
  readonly invalidExamples: readonly { readonly line: number; readonly reason: string }[];
  readonly totalErrorCountHist: Record<string, number>;
  readonly xCountHist: Record<string, number>;
  readonly zCountHist: Record<string, number>;
  readonly xQubits: Record<string, number>;
  readonly zQubits: Record<string, number>;
  readonly totalQubits: Record<string, number>;
  readonly uniquePrompts: number;
  readonly uniqueCompletions: number;
  /** Distinct (level, syndrome bits) pairs, for rows that carry their syndrome. */
  readonly uniqueSyndromes: number;
  /** The first 30, 50 and 100 rows, as the original's in-training evaluation windows saw them. */
  readonly evalWindows: { readonly first30: EvalWindow; readonly first50: EvalWindow; readonly first100: EvalWindow };
}

export interface EvalWindow {
  readonly formatPct: number;
  readonly levelCounts: Record<string, number>;
  readonly nonemptyPct: number;
}

/** What overlaps between files are computed from. */
export interface SftFileKeys {
  readonly prompts: ReadonlySet<string>;
  readonly records: ReadonlySet<string>;
  readonly syndromes: ReadonlySet<string>;
}

export interface SftOverlap {
  readonly promptOverlapCount: number;
  readonly recordOverlapCount: number;
  readonly syndromeOverlapCount: number;
  /** Share of the second file's distinct prompts that also appear in the first (the original's `prompt_overlap_val_pct`). */
  readonly promptOverlapPct: number;
  readonly syndromeOverlapPct: number;
}

interface Row {
  readonly prompt: string;
  readonly completion: string;
  readonly level: string;
  readonly syndromeKey: string | undefined;
  readonly nontrivialSyndrome: boolean;
  readonly x: readonly number[];
  readonly z: readonly number[];
  readonly formatOk: boolean;
}

const MAX_INVALID_EXAMPLES = 20;
const pct = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((10_000 * part) / whole) / 100);

export function analyzeSftLines(lines: readonly SftLine[]): { analysis: SftFileAnalysis; keys: SftFileKeys } {
  const rows: Row[] = [];
  const invalid: { line: number; reason: string }[] = [];
  for (const { line, record } of lines) {
    if (record.ok) rows.push(rowOf(record.value));
    else invalid.push({ line, reason: firstIssue(record) });
  }
  const prompts = new Set(rows.map((r) => r.prompt));
  const records = new Set(rows.map(recordKey));
  const syndromes = new Set(rows.flatMap((r) => (r.syndromeKey === undefined ? [] : [`${r.level}|${r.syndromeKey}`])));
  const levels = countBy(rows.map((r) => r.level));
  const nonempty = (r: Row) => r.x.length + r.z.length > 0;
  const perLevel: Record<string, LevelAnalysis> = {};
  for (const level of Object.keys(levels)) {
    const at = rows.filter((r) => r.level === level);
    const ne = at.filter(nonempty).length;
    const syn = at.filter((r) => r.nontrivialSyndrome).length;
    perLevel[level] = {
      rows: at.length,
      nonempty: ne,
      nonemptyPct: pct(ne, at.length),
      syndrome: syn,
      syndromePct: pct(syn, at.length),
      errorCountHist: histogram(at.map((r) => r.x.length + r.z.length)),
    };
  }
  const formatOk = rows.filter((r) => r.formatOk).length;
  const nontrivialSyndrome = rows.filter((r) => r.nontrivialSyndrome).length;
  const nonEmptyRows = rows.filter(nonempty).length;
  const window = (size: number): EvalWindow => {
    const head = rows.slice(0, size);
    return {
      formatPct: pct(head.filter((r) => r.formatOk).length, head.length),
      levelCounts: countBy(head.map((r) => r.level)),
      nonemptyPct: pct(head.filter(nonempty).length, head.length),
    };
  };
  const analysis: SftFileAnalysis = {
    rows: rows.length,
    levels,
    levelPct: Object.fromEntries(Object.entries(levels).map(([level, count]) => [level, pct(count, rows.length)])),
    perLevel,
    completionLen: spreadOf(rows.map((r) => r.completion.length)),
    promptLen: spreadOf(rows.map((r) => r.prompt.length)),
    duplicatePromptRows: rows.length - prompts.size,
    duplicateRecordRows: rows.length - records.size,
    formatOk: formatOk,
    formatPct: pct(formatOk, rows.length),
    nontrivialSyndromes: nontrivialSyndrome,
    syndromePct: pct(nontrivialSyndrome, rows.length),
    nonempty: nonEmptyRows,
    nonemptyPct: pct(nonEmptyRows, rows.length),
    invalidCount: invalid.length,
    invalidExamples: invalid.slice(0, MAX_INVALID_EXAMPLES),
    totalErrorCountHist: histogram(rows.map((r) => r.x.length + r.z.length)),
    xCountHist: histogram(rows.map((r) => r.x.length)),
    zCountHist: histogram(rows.map((r) => r.z.length)),
    xQubits: histogram(rows.flatMap((r) => r.x)),
    zQubits: histogram(rows.flatMap((r) => r.z)),
    totalQubits: histogram(rows.flatMap((r) => [...r.x, ...r.z])),
    uniquePrompts: prompts.size,
    uniqueCompletions: new Set(rows.map((r) => r.completion)).size,
    uniqueSyndromes: syndromes.size,
    evalWindows: { first30: window(30), first50: window(50), first100: window(100) },
  };
  return { analysis, keys: { prompts, records, syndromes } };
}

export function sftOverlap(first: SftFileKeys, second: SftFileKeys): SftOverlap {
  const common = <T>(a: ReadonlySet<T>, b: ReadonlySet<T>) => [...b].filter((item) => a.has(item)).length;
  const prompts = common(first.prompts, second.prompts);
  const syndromes = common(first.syndromes, second.syndromes);
  return {
    promptOverlapCount: prompts,
    recordOverlapCount: common(first.records, second.records),
    syndromeOverlapCount: syndromes,
    promptOverlapPct: pct(prompts, second.prompts.size),
    syndromeOverlapPct: pct(syndromes, second.syndromes.size),
  };
}

const recordKey = (r: Row) => JSON.stringify([r.prompt, r.completion]);

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function rowOf(record: SftRecord): Row {
  const { prompt, completion, level, syndromeBits } = record;
  const parsed = parseAnswer(completion, record.numDataQubits ?? Number.MAX_SAFE_INTEGER);
  return {
    prompt,
    completion,
    level,
    syndromeKey: syndromeBits?.join(''),
    nontrivialSyndrome: syndromeBits === undefined ? record.nontrivialSyndrome === true : syndromeBits.includes(1),
    x: parsed.xErrors,
    z: parsed.zErrors,
    formatOk: parsed.strictFormat && completion === formatCompletion(parsed.xErrors, parsed.zErrors),
  };
}
