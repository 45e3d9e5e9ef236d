import { err, ok, type Result } from '@verilab/core';
import type { z } from 'zod';
import { laxInput } from './pydantic-lax.ts';
import { toPydanticErrors, type ConvertOptions, type PydanticError } from './pydantic-errors.ts';

/**
 * Every client input is checked here, the way OpenEnv's pydantic models check it: lax
 * coercion first (pydantic-lax.ts), then the zod model, then failures as pydantic errors
 * (pydantic-errors.ts) located against the client's own input. The issues are pydantic's
 * errors rather than core's `Issue`, because they go on the wire as they are (a 422's `detail`,
 * a WebSocket error frame's `errors`).
 */
export function validateModel<M extends z.ZodType>(model: M, input: unknown, options: ConvertOptions): Result<z.output<M>, PydanticError> {
  const parsed = model.safeParse(laxInput(model, input), { reportInput: true });
  return parsed.success ? ok(parsed.data) : err(toPydanticErrors(parsed.error.issues, input, model, options));
}
