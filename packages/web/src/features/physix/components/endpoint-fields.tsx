import { Field, INPUT_CLASS } from '../../../components/ui.tsx';
import type { EndpointForm } from '../utils/endpoint-form.ts';

/** The endpoint form of LLM mode and of each side of a comparison. */
export function EndpointFields({ label, form, onChange, disabled }: { label: string; form: EndpointForm; onChange: (form: EndpointForm) => void; disabled: boolean }) {
  const field = (key: keyof EndpointForm, name: string, placeholder: string, type = 'text') => (
    <Field label={name}>
      <input
        aria-label={`${label} ${name}`}
        type={type}
        className={INPUT_CLASS}
        placeholder={placeholder}
        disabled={disabled}
        value={form[key]}
        onChange={(e) => onChange({ ...form, [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <div className="grid grid-cols-2 gap-2">
      {field('baseUrl', 'base URL', "empty: the server's own endpoint")}
      {field('model', 'model', 'e.g. qwen2.5:3b')}
      {field('apiKey', 'API key', 'optional', 'password')}
      {field('temperature', 'temperature', '0.4')}
    </div>
  );
}
