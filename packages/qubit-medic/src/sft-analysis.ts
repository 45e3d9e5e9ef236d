import { formatCompletion, parseAnswer } from './answer-parser.ts';
import { histogram, spreadOf, type Spread } from '@verilab/core';

/**
 * The statistics of the original's committed dataset report (`data/sft_dataset_analysis.json`),
 * computed from JSONL files in either TRL format (`prompt`/`completion`, or
 * `messages` with a user and an assistant turn). Rows only need `prompt`, `completion` and
 * `level`; `syndrome_bits` (or `had_syndrome`) and `num_data_qubits` are used when present.
 * Targets are read from the completion text, so files from other generators analyse too.
 */
export interface SftLine {
  /** 1-based line number in its file. */
  readonly line: number;
  readonly text: string;
}

export interface LevelAnalysis {
  readonly rows: number;
  readonly nonempty: number;
  readonly nonempty_pct: number;
  readonly syndrome: number;
  readonly syndrome_pct: number;
  readonly error_count_hist: Record<string, number>;
}

export interface SftFileAnalysis {
  readonly rows: number;
  readonly levels: Record<string, number>;
  readonly level_pct: Record<string, number>;
  readonly per_level: Record<string, LevelAnalysis>;
  readonly completion_len: Spread;
  readonly prompt_len: Spread;
  /** Rows whose prompt appeared on an earlier row. */
  readonly duplicate_prompt_rows: number;
  /** Rows whose prompt and completion both appeared together on an earlier row. */
  readonly duplicate_record_rows: number;
  /** Completions in the canonical one-line format `X_ERRORS=[..] Z_ERRORS=[..]`. */
  readonly format_ok: number;
  readonly format_pct: number;
  readonly had_syndrome: number;
  readonly syndrome_pct: number;
  readonly nonempty: number;
  readonly nonempty_pct: number;
  readonly invalid_count: number;
  readonly invalid_examples: readonly { readonly line: number; readonly reason: string }[];
  readonly total_error_count_hist: Record<string, number>;
  readonly x_count_hist: Record<string, number>;
  readonly z_count_hist: Record<string, number>;
  readonly x_qubits: Record<string, number>;
  readonly z_qubits: Record<string, number>;
  readonly total_qubits: Record<string, number>;
  readonly unique_prompts: number;
  readonly unique_completions: number;
  /** Distinct (level, syndrome bits) pairs, for rows that carry their syndrome. */
  readonly unique_syndromes: number;
  /** The first 30, 50 and 100 rows, as the original's in-training evaluation windows saw them. */
  readonly eval_windows: Record<string, { format_pct: number; level_counts: Record<string, number>; nonempty_pct: number }>;
}

/** What overlaps between files are computed from. */
export interface SftFileKeys {
  readonly prompts: ReadonlySet<string>;
  readonly records: ReadonlySet<string>;
  readonly syndromes: ReadonlySet<string>;
}

export interface SftOverlap {
  readonly prompt_overlap_count: number;
  readonly record_overlap_count: number;
  readonly syndrome_overlap_count: number;
  /** Share of the second file's distinct prompts that also appear in the first (the original's `prompt_overlap_val_pct`). */
  readonly prompt_overlap_pct: number;
  readonly syndrome_overlap_pct: number;
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
  for (const { line, text } of lines) {
    if (text.trim() === '') continue;
    const row = readRow(text);
    if (typeof row === 'string') invalid.push({ line, reason: row });
    else rows.push(row);
  }
  const prompts = new Set(rows.map((r) => r.prompt));
  const records = new Set(rows.map(recordKey));
  const syndromes = new Set(rows.flatMap((r) => (r.syndromeKey === undefined ? [] : [`${r.level}|${r.syndromeKey}`])));
  const levels = countBy(rows.map((r) => r.level));
  const nonempty = (r: Row) => r.x.length + r.z.length > 0;
  const per_level: Record<string, LevelAnalysis> = {};
  for (const level of Object.keys(levels)) {
    const at = rows.filter((r) => r.level === level);
    const ne = at.filter(nonempty).length;
    const syn = at.filter((r) => r.nontrivialSyndrome).length;
    per_level[level] = {
      rows: at.length,
      nonempty: ne,
      nonempty_pct: pct(ne, at.length),
      syndrome: syn,
      syndrome_pct: pct(syn, at.length),
      error_count_hist: histogram(at.map((r) => r.x.length + r.z.length)),
    };
  }
  const formatOk = rows.filter((r) => r.formatOk).length;
  const nontrivialSyndrome = rows.filter((r) => r.nontrivialSyndrome).length;
  const nonEmptyRows = rows.filter(nonempty).length;
  const window = (size: number) => {
    const head = rows.slice(0, size);
    return {
      format_pct: pct(head.filter((r) => r.formatOk).length, head.length),
      level_counts: countBy(head.map((r) => r.level)),
      nonempty_pct: pct(head.filter(nonempty).length, head.length),
    };
  };
  const analysis: SftFileAnalysis = {
    rows: rows.length,
    levels,
    level_pct: Object.fromEntries(Object.entries(levels).map(([level, count]) => [level, pct(count, rows.length)])),
    per_level,
    completion_len: spreadOf(rows.map((r) => r.completion.length)),
    prompt_len: spreadOf(rows.map((r) => r.prompt.length)),
    duplicate_prompt_rows: rows.length - prompts.size,
    duplicate_record_rows: rows.length - records.size,
    format_ok: formatOk,
    format_pct: pct(formatOk, rows.length),
    had_syndrome: nontrivialSyndrome,
    syndrome_pct: pct(nontrivialSyndrome, rows.length),
    nonempty: nonEmptyRows,
    nonempty_pct: pct(nonEmptyRows, rows.length),
    invalid_count: invalid.length,
    invalid_examples: invalid.slice(0, MAX_INVALID_EXAMPLES),
    total_error_count_hist: histogram(rows.map((r) => r.x.length + r.z.length)),
    x_count_hist: histogram(rows.map((r) => r.x.length)),
    z_count_hist: histogram(rows.map((r) => r.z.length)),
    x_qubits: histogram(rows.flatMap((r) => r.x)),
    z_qubits: histogram(rows.flatMap((r) => r.z)),
    total_qubits: histogram(rows.flatMap((r) => [...r.x, ...r.z])),
    unique_prompts: prompts.size,
    unique_completions: new Set(rows.map((r) => r.completion)).size,
    unique_syndromes: syndromes.size,
    eval_windows: { first_30: window(30), first_50: window(50), first_100: window(100) },
  };
  return { analysis, keys: { prompts, records, syndromes } };
}

export function sftOverlap(first: SftFileKeys, second: SftFileKeys): SftOverlap {
  const common = <T>(a: ReadonlySet<T>, b: ReadonlySet<T>) => [...b].filter((item) => a.has(item)).length;
  const prompts = common(first.prompts, second.prompts);
  const syndromes = common(first.syndromes, second.syndromes);
  return {
    prompt_overlap_count: prompts,
    record_overlap_count: common(first.records, second.records),
    syndrome_overlap_count: syndromes,
    prompt_overlap_pct: pct(prompts, second.prompts.size),
    syndrome_overlap_pct: pct(syndromes, second.syndromes.size),
  };
}

const recordKey = (r: Row) => JSON.stringify([r.prompt, r.completion]);

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** The row, or why it is invalid. */
function readRow(text: string): Row | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  const texts = promptAndCompletion(record);
  if (typeof texts === 'string') return texts;
  if (typeof record['level'] !== 'string') return 'no "level" string';
  const bits = record['syndrome_bits'];
  const validBits = Array.isArray(bits) && bits.every((b) => b === 0 || b === 1);
  if (bits !== undefined && !validBits) return '"syndrome_bits" is not a list of 0/1';
  const numDataQubits = typeof record['num_data_qubits'] === 'number' ? record['num_data_qubits'] : Number.MAX_SAFE_INTEGER;
  const parsed = parseAnswer(texts.completion, numDataQubits);
  return {
    ...texts,
    level: record['level'],
    syndromeKey: validBits ? (bits as number[]).join('') : undefined,
    nontrivialSyndrome: validBits ? (bits as number[]).includes(1) : record['had_syndrome'] === true,
    x: parsed.xErrors,
    z: parsed.zErrors,
    formatOk: parsed.strictFormat && texts.completion === formatCompletion(parsed.xErrors, parsed.zErrors),
  };
}

function promptAndCompletion(record: Record<string, unknown>): { prompt: string; completion: string } | string {
  const messages = record['messages'];
  if (messages !== undefined) {
    if (!Array.isArray(messages)) return '"messages" is not a list';
    const content = (role: string) => {
      const turn = (messages as unknown[]).find(
        (m): m is { role: string; content: string } =>
          typeof m === 'object' && m !== null && (m as { role?: unknown }).role === role && typeof (m as { content?: unknown }).content === 'string',
      );
      return turn?.content;
    };
    const prompt = content('user');
    const completion = content('assistant');
    if (prompt === undefined || completion === undefined) return '"messages" lacks a user or an assistant turn with text content';
    return { prompt, completion };
  }
  const { prompt, completion } = record;
  if (typeof prompt !== 'string' || typeof completion !== 'string') return 'no "prompt" and "completion" strings (or "messages")';
  return { prompt, completion };
}
