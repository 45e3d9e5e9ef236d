/**
 * The one mapping of Qubit-Medic's SFT types (camelCase in @verilab/qubit-medic) to the
 * snake_case names of the files `verilab dataset sft` and `verilab dataset analyze` write: the
 * dataset rows (the original's `scripts/generate_sft_data.py` fields), the per-level report in the
 * metadata file, and the dataset report (the original's `data/sft_dataset_analysis.json`); and
 * the other way, the records `verilab dataset analyze` reads from any generator's files.
 */
import { err, ok, type Result } from '@verilab/core';
import type { EvalWindow, LevelAnalysis, LevelReport, SftFileAnalysis, SftFormat, SftLine, SftOverlap, SftRecord, SftRow } from '@verilab/qubit-medic';
import { renamed } from './file-record.ts';

/**
 * The JSON object of a row in a TRL format: `{prompt, completion, …}` or
 * `{messages: [user, assistant], …}` (one user message holding the prompt, as in evaluation),
 * followed by the row's facts and any `extra` fields (split, generator seed).
 */
export function sftJsonRow(row: SftRow, format: SftFormat, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  // Listed field by field: spreading a row of this size was a quarter of the row's cost.
  const json: Record<string, unknown> =
    format === 'messages'
      ? {
          messages: [
            { role: 'user', content: row.prompt },
            { role: 'assistant', content: row.completion },
          ],
        }
      : { prompt: row.prompt, completion: row.completion };
  json['seed'] = row.seed;
  json['level'] = row.level;
  json['distance'] = row.distance;
  json['rounds'] = row.rounds;
  json['p'] = row.p;
  json['num_data_qubits'] = row.numDataQubits;
  json['num_x_stabilizers'] = row.numXStabilizers;
  json['num_z_stabilizers'] = row.numZStabilizers;
  json['syndrome_bits'] = row.syndromeBits;
  json['true_x_errors'] = row.trueFrame.x;
  json['true_z_errors'] = row.trueFrame.z;
  json['matching_x_errors'] = row.decoderFrame.x;
  json['matching_z_errors'] = row.decoderFrame.z;
  json['actual_observable_flip'] = row.actualObservableFlip;
  json['pymatching_observable_pred'] = row.decoderObservableFlip;
  json['had_syndrome'] = row.nontrivialSyndrome;
  json['had_errors'] = row.targetNonEmpty;
  json['target'] = row.target;
  json['prompt_format'] = row.promptFormat;
  json['dem_digest'] = row.demDigest;
  for (const key of Object.keys(extra)) json[key] = extra[key];
  return json;
}

const LEVEL_REPORT_KEYS = {
  requested: 'requested',
  rows: 'rows',
  nonEmpty: 'non_empty',
  distinctSyndromes: 'distinct_syndromes',
  repeats: 'repeats',
  draws: 'draws',
  exhausted: 'exhausted',
} as const satisfies Record<keyof LevelReport, string>;

export const levelReportRecord = (report: LevelReport) => renamed(report, LEVEL_REPORT_KEYS);

const LEVEL_ANALYSIS_KEYS = {
  rows: 'rows',
  nonempty: 'nonempty',
  nonemptyPct: 'nonempty_pct',
  syndrome: 'syndrome',
  syndromePct: 'syndrome_pct',
  errorCountHist: 'error_count_hist',
} as const satisfies Record<keyof LevelAnalysis, string>;

const EVAL_WINDOW_KEYS = {
  formatPct: 'format_pct',
  levelCounts: 'level_counts',
  nonemptyPct: 'nonempty_pct',
} as const satisfies Record<keyof EvalWindow, string>;

const FILE_ANALYSIS_KEYS = {
  rows: 'rows',
  levels: 'levels',
  levelPct: 'level_pct',
  perLevel: 'per_level',
  completionLen: 'completion_len',
  promptLen: 'prompt_len',
  duplicatePromptRows: 'duplicate_prompt_rows',
  duplicateRecordRows: 'duplicate_record_rows',
  formatOk: 'format_ok',
  formatPct: 'format_pct',
  nontrivialSyndromes: 'had_syndrome',
  syndromePct: 'syndrome_pct',
  nonempty: 'nonempty',
  nonemptyPct: 'nonempty_pct',
  invalidCount: 'invalid_count',
  invalidExamples: 'invalid_examples',
  totalErrorCountHist: 'total_error_count_hist',
  xCountHist: 'x_count_hist',
  zCountHist: 'z_count_hist',
  xQubits: 'x_qubits',
  zQubits: 'z_qubits',
  totalQubits: 'total_qubits',
  uniquePrompts: 'unique_prompts',
  uniqueCompletions: 'unique_completions',
  uniqueSyndromes: 'unique_syndromes',
  evalWindows: 'eval_windows',
} as const satisfies Record<keyof SftFileAnalysis, string>;

export function sftAnalysisRecord(analysis: SftFileAnalysis) {
  const { first30, first50, first100 } = analysis.evalWindows;
  return {
    ...renamed(analysis, FILE_ANALYSIS_KEYS),
    per_level: Object.fromEntries(Object.entries(analysis.perLevel).map(([level, at]) => [level, renamed(at, LEVEL_ANALYSIS_KEYS)])),
    eval_windows: {
      first_30: renamed(first30, EVAL_WINDOW_KEYS),
      first_50: renamed(first50, EVAL_WINDOW_KEYS),
      first_100: renamed(first100, EVAL_WINDOW_KEYS),
    },
  };
}

const OVERLAP_KEYS = {
  promptOverlapCount: 'prompt_overlap_count',
  recordOverlapCount: 'record_overlap_count',
  syndromeOverlapCount: 'syndrome_overlap_count',
  promptOverlapPct: 'prompt_overlap_pct',
  syndromeOverlapPct: 'syndrome_overlap_pct',
} as const satisfies Record<keyof SftOverlap, string>;

export const sftOverlapRecord = (overlap: SftOverlap) => renamed(overlap, OVERLAP_KEYS);

/** The non-blank lines of a JSONL file (1-based numbers), each read as a record or why it is none. */
export function readSftLines(text: string): SftLine[] {
  return text.split('\n').flatMap((line, i) => (line.trim() === '' ? [] : [{ line: i + 1, record: readSftRecord(line) }]));
}

/**
 * A row in either TRL format: `prompt` and `completion` strings, or `messages` with a user and
 * an assistant turn; a `level` string; `syndrome_bits` (0/1), `had_syndrome` and
 * `num_data_qubits` when present.
 */
function readSftRecord(text: string): Result<SftRecord, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err(['not valid JSON']);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err(['not a JSON object']);
  const row = value as Record<string, unknown>;
  const texts = promptAndCompletion(row);
  if (typeof texts === 'string') return err([texts]);
  const { level, syndrome_bits: bits, had_syndrome: hadSyndrome, num_data_qubits: numDataQubits } = row;
  if (typeof level !== 'string') return err(['no "level" string']);
  if (bits !== undefined && !(Array.isArray(bits) && bits.every((b) => b === 0 || b === 1))) return err(['"syndrome_bits" is not a list of 0/1']);
  return ok({
    ...texts,
    level,
    ...(bits === undefined ? {} : { syndromeBits: bits as number[] }),
    nontrivialSyndrome: hadSyndrome === true,
    ...(typeof numDataQubits === 'number' ? { numDataQubits } : {}),
  });
}

function promptAndCompletion(row: Record<string, unknown>): { prompt: string; completion: string } | string {
  const messages = row['messages'];
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
  const { prompt, completion } = row;
  if (typeof prompt !== 'string' || typeof completion !== 'string') return 'no "prompt" and "completion" strings (or "messages")';
  return { prompt, completion };
}
