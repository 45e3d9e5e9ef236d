/**
 * What an error reply may echo of the client's input. Upstream FastAPI echoes every validation
 * error with its whole input, so one invalid megabyte body earned tens of megabytes of reply
 * (and a WebSocket client that never read them grew the server's send buffers). Replies name
 * what is wrong and where, and quote only the start of it.
 */
export const MAX_REPORTED_ERRORS = 20;
/** Characters of a client's text (a string input, a key, a level name) quoted in a reply. */
export const MAX_QUOTED_CHARS = 200;
/** Characters of any one error message. */
export const MAX_MESSAGE_CHARS = 1000;

/** `text`, or its first `max` characters and how long it was. */
export function shortText(text: string, max = MAX_QUOTED_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A client's value quoted in a message: a string as it is, anything else as its JSON text; shortened. */
export function quotedValue(value: unknown): string {
  return shortText(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
}

/**
 * An error's `input`: scalars and small values as they are; a long string shortened; a large
 * object or array as the start of its JSON text, so the reply stays a few hundred bytes.
 */
export function boundedInput(input: unknown): unknown {
  if (typeof input === 'string') return shortText(input);
  if (input === null || typeof input !== 'object') return input;
  const text = JSON.stringify(input);
  return text.length <= MAX_QUOTED_CHARS ? input : shortText(text);
}
