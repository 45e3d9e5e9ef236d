/**
 * Reads an LLM's answer `X_ERRORS=[..] Z_ERRORS=[..]` out of free text.
 *
 * Accepts every form the original Qubit-Medic parser accepts: key spellings
 * `X_ERRORS`, `X-ERRORS`, `X ERRORS`, `XERRORS` in any case, `=` or `:`, `[..]` or `(..)`,
 * markdown bold and `\boxed{}` wrappers, chain-of-thought before the answer, in-prompt
 * examples echoed earlier (the last X part anchors the answer). Two of its flaws are fixed:
 * a `Z_ERRORS` part written before its `X_ERRORS` part is paired with it, and an answer
 * written after a fenced block is not ignored. List items must be plain decimal integers
 * (the original's Python `int()` also took `+3` and `1_0`).
 *
 * The scanner is a single left-to-right pass plus one precomputed "next closing bracket"
 * table, so any input, 100 KB of garbage included, parses in linear time (regular
 * expressions such as `\[([^\]]*)\]` rescan to the end of the text from every failed start).
 */

export interface ParsedAnswer {
  /** LLM data-qubit ids in [0, numDataQubits), sorted and deduplicated. */
  readonly xErrors: readonly number[];
  readonly zErrors: readonly number[];
  /** The X list was found and every item in it is a data-qubit id (`xErrors` is the whole list). */
  readonly xValid: boolean;
  /** The same for the Z list. */
  readonly zValid: boolean;
  /** Both lists found and clean. */
  readonly parseSuccess: boolean;
  /** Exactly one list found clean, or both found but not both clean. */
  readonly parsePartial: boolean;
  /** Success with the canonical spelling `X_ERRORS=[..]` and `Z_ERRORS=[..]` on both axes. */
  readonly strictFormat: boolean;
  readonly rawResponse: string;
}

/**
 * 1 for a strict answer, 0.5 for a lenient one or one with a single valid list, 0 when no list
 * is valid (two lists that are both broken are no answer at all).
 */
export function formatScore(answer: ParsedAnswer): 1 | 0.5 | 0 {
  if (answer.parseSuccess && answer.strictFormat) return 1;
  if (answer.xValid || answer.zValid) return 0.5;
  return 0;
}

/** The canonical completion text for an answer: sorted, deduplicated, no spaces. */
export function formatCompletion(xErrors: readonly number[], zErrors: readonly number[]): string {
  const list = (ids: readonly number[]) => [...new Set(ids)].sort((a, b) => a - b).join(',');
  return `X_ERRORS=[${list(xErrors)}] Z_ERRORS=[${list(zErrors)}]`;
}

type Axis = 'X' | 'Z';

/** One `KEY sep [list]` occurrence in the text. */
interface AnswerPart {
  readonly axis: Axis;
  readonly strict: boolean;
  readonly content: string;
}

export function parseAnswer(raw: unknown, numDataQubits: number): ParsedAnswer {
  if (typeof raw !== 'string') {
    return {
      xErrors: [],
      zErrors: [],
      xValid: false,
      zValid: false,
      parseSuccess: false,
      parsePartial: false,
      strictFormat: false,
      rawResponse: '',
    };
  }
  const parts = findAnswerParts(raw.replaceAll('*', ''));
  const { x, z } = pickAnswer(parts);
  const xList = x === undefined ? undefined : parseIdList(x.content, numDataQubits);
  const zList = z === undefined ? undefined : parseIdList(z.content, numDataQubits);
  const xPresent = xList?.clean === true;
  const zPresent = zList?.clean === true;
  const parseSuccess = xPresent && zPresent;
  return {
    xErrors: xList?.ids ?? [],
    zErrors: zList?.ids ?? [],
    xValid: xPresent,
    zValid: zPresent,
    parseSuccess,
    parsePartial: xPresent !== zPresent || (x !== undefined && z !== undefined && !parseSuccess),
    strictFormat: parseSuccess && x?.strict === true && z?.strict === true,
    rawResponse: raw,
  };
}

/**
 * The answer is anchored on the last X part (earlier ones are usually echoed examples); its Z
 * part is the last Z part after it, or else a Z part written just before it that no earlier X
 * part has already claimed (parts are paired greedily left to right, so in
 * `X=[1] Z=[2] … X=[3]` the Z belongs to the first answer and the last answer has no Z).
 */
function pickAnswer(parts: readonly AnswerPart[]): { x?: AnswerPart; z?: AnswerPart } {
  let anchor = -1;
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i]?.axis === 'X') {
      anchor = i;
      break;
    }
  }
  if (anchor < 0) {
    const lastZ = [...parts].reverse().find((part) => part.axis === 'Z');
    return lastZ === undefined ? {} : { z: lastZ };
  }
  const x = parts[anchor];
  for (let i = parts.length - 1; i > anchor; i--) {
    if (parts[i]?.axis === 'Z') return { x, z: parts[i] };
  }
  // Greedy left-to-right pairing decides whether the part before the anchor is its partner.
  let open: number | undefined;
  let partnerOfAnchor: AnswerPart | undefined;
  for (let i = 0; i <= anchor; i++) {
    const part = parts[i] as AnswerPart;
    if (open !== undefined && parts[open]?.axis !== part.axis) {
      if (i === anchor) partnerOfAnchor = parts[open];
      open = undefined;
    } else {
      open = i;
    }
  }
  return partnerOfAnchor === undefined ? { x } : { x, z: partnerOfAnchor };
}

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const upper = (c: number) => (c >= 97 && c <= 122 ? c - 32 : c);
const ERRORS = [69, 82, 82, 79, 82, 83]; // "ERRORS"

function findAnswerParts(text: string): AnswerPart[] {
  const n = text.length;
  // nextSquare[i]: index of the first ']' at or after i; nextAny[i]: first ']' or ')'.
  const nextSquare = new Int32Array(n + 1).fill(n);
  const nextAny = new Int32Array(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    nextSquare[i] = c === 93 ? i : (nextSquare[i + 1] as number);
    nextAny[i] = c === 93 || c === 41 ? i : (nextAny[i + 1] as number);
  }
  const parts: AnswerPart[] = [];
  for (let i = 0; i < n; i++) {
    const letter = upper(text.charCodeAt(i));
    if (letter !== 88 && letter !== 90) continue; // X or Z
    // Key: letter, then any run of whitespace, '_' or '-', then ERRORS.
    let j = i + 1;
    while (j < n && (isSpace(text.charCodeAt(j)) || text.charCodeAt(j) === 95 || text.charCodeAt(j) === 45)) j++;
    const canonicalKey = j === i + 2 && text.charCodeAt(i + 1) === 95;
    if (!ERRORS.every((code, k) => upper(text.charCodeAt(j + k)) === code)) continue;
    j += ERRORS.length;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    const separator = text.charCodeAt(j);
    if (separator !== 61 && separator !== 58) continue; // '=' or ':'
    j++;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    const open = text.charCodeAt(j);
    if (open !== 91 && open !== 40) continue; // '[' or '('
    const strict = canonicalKey && separator === 61 && open === 91;
    const close = strict ? (nextSquare[j + 1] as number) : (nextAny[j + 1] as number);
    if (close >= n) continue;
    parts.push({ axis: letter === 88 ? 'X' : 'Z', strict, content: text.slice(j + 1, close) });
    i = close;
  }
  return parts;
}

function parseIdList(content: string, numDataQubits: number): { ids: number[]; clean: boolean } {
  const ids = new Set<number>();
  let clean = true;
  for (const token of content.split(/[\s,]+/)) {
    if (token === '') continue;
    if (!/^\d+$/.test(token)) {
      clean = false;
      continue;
    }
    const id = Number(token);
    if (id < numDataQubits) ids.add(id);
    else clean = false;
  }
  return { ids: [...ids].sort((a, b) => a - b), clean };
}
