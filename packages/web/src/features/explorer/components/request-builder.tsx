import { useState } from 'react';
import { Button, Field, INPUT_CLASS } from '../../../components/ui.tsx';
import type { Method } from '../../../lib/api-client.ts';
import { useApi } from '../../../lib/exchange-log.tsx';

/**
 * Any request to this server, written by hand: method, path and a JSON body, with ready-made
 * starts for the OpenEnv routes. The exchange lands in the log below like the pages' own,
 * with its curl command.
 */
const PRESETS: readonly { label: string; method: Method; path: string; body?: string }[] = [
  { label: 'GET /health', method: 'GET', path: '/health' },
  { label: 'GET /metadata', method: 'GET', path: '/metadata' },
  { label: 'GET /schema', method: 'GET', path: '/schema' },
  { label: 'GET /healthz', method: 'GET', path: '/healthz' },
  { label: 'POST /reset', method: 'POST', path: '/reset', body: '{\n  "seed": 7,\n  "level": "L2_target"\n}' },
  { label: 'POST /step', method: 'POST', path: '/step', body: '{\n  "action": {\n    "raw_response": "X_ERRORS=[] Z_ERRORS=[]",\n    "episode_id": "<token from /reset>"\n  }\n}' },
];

export function RequestBuilder() {
  const api = useApi();
  const [method, setMethod] = useState<Method>('GET');
  const [path, setPath] = useState('/health');
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string>();
  const send = () => {
    if (!path.startsWith('/')) return setProblem('the path must start with / (this server only)');
    let parsed: unknown;
    if (method === 'POST') {
      try {
        parsed = JSON.parse(body.trim() === '' ? '{}' : body);
      } catch (error) {
        return setProblem(`the body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    setProblem(undefined);
    const sent = method === 'GET' ? api.get(path) : method === 'POST' ? api.post(path, parsed) : api.delete(path);
    // The answer, error or not, shows in the log below.
    void sent.catch(() => undefined);
  };
  return (
    <form
      data-testid="request-builder"
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div className="flex flex-wrap gap-2">
        {PRESETS.map((preset) => (
          <Button
            key={preset.label}
            tone="ghost"
            className="border border-slate-700 text-xs"
            onClick={() => {
              setMethod(preset.method);
              setPath(preset.path);
              setBody(preset.body ?? '');
              setProblem(undefined);
            }}
          >
            {preset.label}
          </Button>
        ))}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Method">
          <select aria-label="method" className={INPUT_CLASS} value={method} onChange={(e) => setMethod(e.target.value as Method)}>
            <option>GET</option>
            <option>POST</option>
            <option>DELETE</option>
          </select>
        </Field>
        <Field label="Path">
          <input aria-label="path" className={`${INPUT_CLASS} w-64 font-mono`} value={path} onChange={(e) => setPath(e.target.value)} />
        </Field>
        <Button tone="primary" type="submit" data-testid="send-request">
          Send
        </Button>
      </div>
      {method === 'POST' && (
        <Field label="JSON body">
          <textarea aria-label="body" rows={6} className={`${INPUT_CLASS} font-mono`} value={body} onChange={(e) => setBody(e.target.value)} />
        </Field>
      )}
      {problem !== undefined && (
        <p role="alert" className="text-xs text-rose-300">
          {problem}
        </p>
      )}
    </form>
  );
}
