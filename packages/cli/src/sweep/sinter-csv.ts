/**
 * Sinter's CSV statistics format, written and read the way Sinter does
 * (quantumlib/Stim glue/sample/src/sinter/_data/_csv_out.py and _existing_data.py): a header
 * `shots,errors,discards,seconds,decoder,strong_id,json_metadata,custom_counts` with the counts
 * right-aligned to width 10 and seconds to width 8, then one row per batch of shots. Rows of the
 * same strong_id add up; readers find columns by (trimmed) header name, so files Sinter wrote
 * read here and ours read in Sinter (`sinter plot --in stats.csv`).
 *
 * Our writer appends one complete line per write, so a file cut short by a kill ends in at most
 * one partial line; `parseSinterCsv` reports where the whole lines end so a resume can drop it.
 */
import { err, ok, type Err, type Result, type TextIssue } from '@verilab/core';
import { pythonJsonDumps, type PyJson } from './sweep-config.ts';

const COLUMNS = ['shots', 'errors', 'discards', 'seconds', 'decoder', 'strong_id', 'json_metadata', 'custom_counts'] as const;
const REQUIRED = COLUMNS.slice(0, 7);

export interface SinterRow {
  readonly shots: number;
  readonly errors: number;
  readonly discards: number;
  readonly seconds: number;
  readonly decoder: string;
  readonly strongId: string;
  readonly metadata: unknown;
}

export interface ParsedSinterCsv {
  readonly rows: readonly (SinterRow & { readonly line: number })[];
  /** Length of the text made of whole rows: what a resume keeps (a partial last line is cut). */
  readonly wholeLength: number;
  /** The text ends in a complete row without a newline: write one before appending. */
  readonly needsNewline: boolean;
}

/** Python csv's minimal quoting: quote a field holding a comma, quote or line break. */
function csvField(text: string, width = 0): string {
  const quoted = /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  return quoted.padStart(width);
}

/** Sinter's seconds: 3 decimals below 1 s, 2 below 10 s, 1 above. */
function formatSeconds(seconds: number): string {
  return seconds.toFixed(seconds < 1 ? 3 : seconds < 10 ? 2 : 1);
}

export const SINTER_CSV_HEADER = `${[
  csvField('shots', 10),
  csvField('errors', 10),
  csvField('discards', 10),
  csvField('seconds', 8),
  'decoder',
  'strong_id',
  'json_metadata',
  'custom_counts',
].join(',')}\n`;

/** One row, newline-terminated, byte-for-byte as Sinter's `csv_line` writes it (no custom counts). */
export function formatSinterRow(row: Omit<SinterRow, 'metadata'> & { readonly metadata: PyJson }): string {
  return `${[
    csvField(String(row.shots), 10),
    csvField(String(row.errors), 10),
    csvField(String(row.discards), 10),
    csvField(formatSeconds(row.seconds), 8),
    csvField(row.decoder),
    csvField(row.strongId),
    csvField(pythonJsonDumps(row.metadata, true)),
    '',
  ].join(',')}\n`;
}

interface RawRecord {
  readonly fields: string[];
  readonly line: number;
  /** Offset just past the record's line break, or undefined when the text ends inside it. */
  readonly end: number | undefined;
}

/** Splits CSV text into records (Python csv's excel dialect: "" escapes, quoted line breaks). */
function* records(text: string): Generator<RawRecord> {
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (;;) {
      if (i >= text.length) {
        fields.push(field);
        yield { fields, line: startLine, end: undefined };
        return;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          quoted = false;
          i++;
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
      } else if (c === '"') {
        quoted = true;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        i += c === '\n' ? 1 : 2;
        line++;
        fields.push(field);
        yield { fields, line: startLine, end: i };
        break;
      } else {
        field += c;
        i++;
      }
    }
  }
}

/** A failure at the start of a line of the file. */
const failAt = (line: number, message: string): Err<TextIssue> => err([{ line, column: 1, message }]);

/** Parses a Sinter CSV (ours or Sinter's). An empty text is an empty file with no header yet. */
export function parseSinterCsv(text: string): Result<ParsedSinterCsv, TextIssue> {
  const rows: (SinterRow & { line: number })[] = [];
  let columns: Map<string, number> | undefined;
  let width = 0;
  let wholeLength = 0;
  let needsNewline = false;
  for (const record of records(text)) {
    if (record.fields.length === 1 && record.fields[0]!.trim() === '') {
      if (record.end !== undefined) wholeLength = record.end;
      continue;
    }
    if (columns === undefined) {
      if (record.end === undefined) break; // a header cut short: nothing was written after it
      columns = new Map(record.fields.map((name, index) => [name.trim(), index]));
      width = record.fields.length;
      const missing = REQUIRED.filter((name) => !columns!.has(name));
      if (missing.length > 0) {
        return failAt(record.line, `not a Sinter CSV header: missing column(s) ${missing.join(', ')}`);
      }
      wholeLength = record.end;
      continue;
    }
    const row = readRow(record, columns, width);
    if (record.end === undefined) {
      // The last line has no newline: complete if it reads as a whole row, else a write cut short.
      if (row.ok) {
        rows.push(row.value);
        wholeLength = text.length;
        needsNewline = true;
      }
      break;
    }
    if (!row.ok) return row;
    rows.push(row.value);
    wholeLength = record.end;
  }
  return ok({ rows, wholeLength, needsNewline });
}

function readRow(
  record: RawRecord,
  columns: ReadonlyMap<string, number>,
  width: number,
): Result<SinterRow & { line: number }, TextIssue> {
  if (record.fields.length !== width) {
    return failAt(record.line, `expected ${width} fields, got ${record.fields.length}`);
  }
  const get = (name: string) => record.fields[columns.get(name)!]!.trim();
  const count = (name: string): number | string => {
    const text = get(name);
    const value = Number(text);
    return /^\d+$/.test(text) && Number.isSafeInteger(value) ? value : `${name} "${text}" is not a non-negative integer`;
  };
  const shots = count('shots');
  const errors = count('errors');
  const discards = count('discards');
  const seconds = Number(get('seconds'));
  for (const value of [shots, errors, discards]) {
    if (typeof value === 'string') return failAt(record.line, value);
  }
  if (get('seconds') === '' || !(seconds >= 0)) {
    return failAt(record.line, `seconds "${get('seconds')}" is not a non-negative number`);
  }
  let metadata: unknown;
  try {
    metadata = JSON.parse(get('json_metadata'));
  } catch {
    return failAt(record.line, `json_metadata is not JSON: ${get('json_metadata')}`);
  }
  return ok({
    line: record.line,
    shots: shots as number,
    errors: errors as number,
    discards: discards as number,
    seconds,
    decoder: get('decoder'),
    strongId: get('strong_id'),
    metadata,
  });
}
