import { Field, INPUT_CLASS } from '../../../components/ui.tsx';
import type { Bounds } from '../../../lib/server-limits.ts';
import { endpointProblem, type EndpointForm } from '../utils/endpoint-form.ts';

/**
 * The endpoint form of LLM mode and of each side of a comparison. The API key field is left
 * uncontrolled: React writes a controlled input's value into its `value` attribute, which
 * would put the key in the page's markup.
 */
export function EndpointFields({
  label,
  form,
  temperature,
  onChange,
  disabled,
  explain = true,
}: {
  label: string;
  form: EndpointForm;
  /** The temperatures the server's route accepts. */
  temperature: Bounds | undefined;
  onChange: (form: EndpointForm) => void;
  disabled: boolean;
  /** Says who calls the endpoint and what to fill in (once per page section). */
  explain?: boolean;
}) {
  const field = (key: Exclude<keyof EndpointForm, 'apiKey'>, name: string, placeholder: string) => (
    <Field label={name}>
      <input
        aria-label={`${label} ${name}`}
        className={INPUT_CLASS}
        placeholder={placeholder}
        disabled={disabled}
        value={form[key]}
        onChange={(e) => onChange({ ...form, [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <div className="flex flex-col gap-2">
      {explain && (
        <p className="text-xs text-slate-400">
          The server, not this page, calls an OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp…) on its allow-list, loopback by default. Name the model it
          serves; leave the URL empty to use the server's own endpoint.
        </p>
      )}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        {field('baseUrl', 'base URL', "empty: the server's own endpoint")}
        {field('model', 'model', 'required, e.g. qwen2.5:3b')}
        <Field label="API key">
          <input
            aria-label={`${label} API key`}
            type="password"
            autoComplete="off"
            className={INPUT_CLASS}
            placeholder="optional"
            disabled={disabled}
            defaultValue=""
            onChange={(e) => onChange({ ...form, apiKey: e.target.value })}
          />
        </Field>
        {field('temperature', 'temperature', '0.4')}
      </div>
      {!disabled && endpointProblem(form, temperature) !== undefined && <p className="text-xs text-rose-300">{endpointProblem(form, temperature)}</p>}
    </div>
  );
}
