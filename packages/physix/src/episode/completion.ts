import type { PhysixAction } from './types.ts';

export interface CompletionParse {
  /** The action to step with: empty (format 0) when nothing usable was found. */
  readonly action: PhysixAction;
  readonly found: boolean;
  /** Why nothing was found, for logs and feedback. */
  readonly error?: string;
}

/** Only the last 64 KiB of a completion is searched: the answer comes at the end. */
const MAX_SCANNED = 65_536;
/** JSON.parse attempts per completion, each linear in its candidate's length. */
const MAX_ATTEMPTS = 64;

/**
 * Pulls the JSON action out of a model's free text (docs/original-physix.md#prompt `parse_completion`): bare, in a
 * ```json fence, or inside prose. Candidates are the balanced {...} spans; the one ending last
 * wins (a model may quote the prompt's example before its answer), outer spans before the
 * objects nested in them. Two common slips are repaired: raw newlines inside strings (a
 * multi-line equation) and Python-style single quotes. Linear-time scanning and a cap on
 * parse attempts bound the cost of any text.
 */
export function parseCompletion(text: string): CompletionParse {
  const scanned = text.length > MAX_SCANNED ? text.slice(-MAX_SCANNED) : text;
  const spans = balancedSpans(scanned).sort((a, b) => b.end - a.end || a.start - b.start);
  for (const span of spans.slice(0, MAX_ATTEMPTS)) {
    const value = parseLenient(scanned.slice(span.start, span.end));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const record = value as Record<string, unknown>;
    if (typeof record['equation'] !== 'string') continue;
    const action: { equation: string; params?: unknown; rationale?: string } = {
      equation: record['equation'],
    };
    if (Object.hasOwn(record, 'params') && record['params'] !== null)
      action.params = record['params'];
    if (typeof record['rationale'] === 'string') action.rationale = record['rationale'];
    return { action, found: true };
  }
  return {
    action: { equation: '' },
    found: false,
    error: 'no JSON object with a string "equation" key was found in the completion',
  };
}

/** Balanced {…} spans in one pass; braces inside JSON strings do not count. */
function balancedSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const open: number[] = [];
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== '') {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    // Quotes only delimit strings inside an object: prose apostrophes must not derail the scan.
    if ((ch === '"' || ch === "'") && open.length > 0) quote = ch;
    else if (ch === '{') open.push(i);
    else if (ch === '}' && open.length > 0) spans.push({ start: open.pop()!, end: i + 1 });
  }
  return spans;
}

function parseLenient(candidate: string): unknown {
  for (const attempt of [candidate, escapeControlCharacters(candidate), pythonQuotes(candidate)]) {
    try {
      return JSON.parse(attempt) as unknown;
    } catch {
      // Try the next repair.
    }
  }
  return undefined;
}

/** Raw newlines and tabs inside strings are invalid JSON but common in multi-line equations. */
function escapeControlCharacters(candidate: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < candidate.length; i++) {
    const ch = candidate[i]!;
    if (inString && ch === '\\') {
      out += ch + (candidate[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inString = !inString;
    out +=
      inString && ch === '\n'
        ? '\\n'
        : inString && ch === '\t'
          ? '\\t'
          : inString && ch === '\r'
            ? ''
            : ch;
  }
  return out;
}

/** {'equation': '…'} → {"equation": "…"} when the text has no double quotes at all. */
function pythonQuotes(candidate: string): string {
  return candidate.includes('"')
    ? candidate
    : escapeControlCharacters(candidate.replaceAll("'", '"'));
}
