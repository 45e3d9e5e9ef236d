/**
 * The bounds the page checks a form against, read from the server it talks to rather than
 * written into the page: a request body's field from the server's OpenAPI document (its JSON
 * Schema `minimum`/`maximum`), and a Qubit-Medic level's size from `GET /healthz`
 * (`level_limits`, where the operator's VERILAB_MAX_LEVEL_DETECTORS shows). A form checked
 * here is refused by the server only if the server changed in between.
 */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

const UNBOUNDED: Bounds = { min: -Infinity, max: Infinity };

/** `minimum`/`maximum` of a JSON Schema, or of the numeric member of its `anyOf` (a nullable field). */
export function schemaBounds(schema: unknown): Bounds {
  const record = (schema ?? {}) as { minimum?: unknown; maximum?: unknown; anyOf?: unknown };
  if (Array.isArray(record.anyOf)) {
    const numeric = record.anyOf.find((member: { type?: unknown }) => member?.type === 'integer' || member?.type === 'number');
    return schemaBounds(numeric);
  }
  return {
    min: typeof record.minimum === 'number' ? record.minimum : UNBOUNDED.min,
    max: typeof record.maximum === 'number' ? record.maximum : UNBOUNDED.max,
  };
}

/** The bounds of `field` in the JSON body of `POST path`, as an OpenAPI 3.1 document states them. */
export function bodyFieldBounds(openapi: unknown, path: string, field: string): Bounds {
  const document = openapi as { paths?: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: unknown }> } } }>; components?: { schemas?: Record<string, unknown> } };
  let schema = document.paths?.[path]?.post?.requestBody?.content?.['application/json']?.schema as { $ref?: string; properties?: Record<string, unknown> } | undefined;
  if (typeof schema?.$ref === 'string') schema = document.components?.schemas?.[schema.$ref.split('/').at(-1) ?? ''] as typeof schema;
  return schemaBounds(schema?.properties?.[field]);
}

/** What is wrong with a number typed into a form, given the server's bounds (undefined: still loading). */
export function rangeProblem(label: string, text: string, bounds: Bounds | undefined, kind: 'integer' | 'number'): string | undefined {
  const value = Number(text);
  const whole = kind === 'integer';
  const valid = text.trim() !== '' && (whole ? Number.isSafeInteger(value) : Number.isFinite(value));
  const inRange = bounds === undefined || (value >= bounds.min && value <= bounds.max);
  if (valid && inRange) return undefined;
  const what = whole ? 'a whole number' : 'a number';
  if (bounds === undefined) return `${label} must be ${what}`;
  if (bounds.max === Infinity) return `${label} must be ${what} ≥ ${bounds.min}`;
  return `${label} must be ${what} from ${bounds.min} to ${bounds.max}`;
}

/** `min`/`max` attributes for a number input, so the browser's own stepper keeps to the server's bounds too. */
export function inputBounds(bounds: Bounds | undefined): { min?: number; max?: number } {
  if (bounds === undefined) return {};
  return { ...(Number.isFinite(bounds.min) ? { min: bounds.min } : {}), ...(Number.isFinite(bounds.max) ? { max: bounds.max } : {}) };
}

const documents = new Map<string, Promise<unknown>>();

/** A server document the page reads its bounds from (an OpenAPI document), fetched once per page load. */
export function serverDocument(path: string): Promise<unknown> {
  let document = documents.get(path);
  if (document === undefined) {
    document = fetch(path).then((response) => (response.ok ? (response.json() as Promise<unknown>) : Promise.reject(new Error(`GET ${path} → ${response.status}`))));
    // A failed read is tried again next time rather than remembered.
    document.catch(() => documents.delete(path));
    documents.set(path, document);
  }
  return document;
}
