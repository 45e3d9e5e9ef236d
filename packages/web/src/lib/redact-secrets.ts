/**
 * A request body as the explorer may show it: the value of every key that holds a credential
 * (an LLM endpoint's `api_key`, a password, an authorization header) replaced by a placeholder,
 * at any depth. The explorer's JSON and its copy-as-curl text are built from this copy only,
 * so a key typed into the page is never rendered or put on the clipboard.
 */
export const REDACTED = '<redacted>';

const SECRET_KEY = /^(api[_-]?key|authorization|password|secret|access[_-]?token)$/i;

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) && item !== undefined && item !== '' ? REDACTED : redactSecrets(item)]));
}
