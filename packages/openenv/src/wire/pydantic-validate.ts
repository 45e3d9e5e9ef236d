import type { z } from 'zod';
import { laxInput } from './pydantic-lax.ts';
import { toPydanticErrors, type ConvertOptions, type PydanticError } from './pydantic-errors.ts';

/**
 * Every client input is checked here, the way OpenEnv's pydantic models check it: lax
 * coercion first (pydantic-lax.ts), then the zod model, then failures as pydantic errors
 * (pydantic-errors.ts) located against the client's own input.
 */
export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: PydanticError[] };

export function validateModel<M extends z.ZodType>(model: M, input: unknown, options: ConvertOptions): Validation<z.output<M>> {
  const parsed = model.safeParse(laxInput(model, input), { reportInput: true });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: toPydanticErrors(parsed.error.issues, input, model, options) };
}
