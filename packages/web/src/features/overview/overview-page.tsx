import { useEffect, useState } from 'react';
import { Panel } from '../../components/ui.tsx';
import { useApi } from '../../lib/exchange-log.tsx';

/**
 * The landing page: what the server offers and where the API docs are. Which environments
 * this server hosts is read from the server (`GET /envs/<name>/metadata`), not assumed.
 */
const KNOWN_ENVIRONMENTS = ['qubit-medic', 'physix'] as const;

interface Metadata {
  readonly name: string;
  readonly description: string;
  readonly version: string;
}

type Hosted = Readonly<Record<string, Metadata | null>>;

export function OverviewPage() {
  const api = useApi();
  const [hosted, setHosted] = useState<Hosted>({});
  useEffect(() => {
    for (const name of KNOWN_ENVIRONMENTS) {
      api
        .get<Metadata>(`/envs/${name}/metadata`)
        .then((metadata) => setHosted((h) => ({ ...h, [name]: metadata })))
        .catch(() => setHosted((h) => ({ ...h, [name]: null })));
    }
  }, [api]);
  return (
    <div className="flex flex-col gap-4">
      <Panel title="verilab">
        <p className="text-sm text-slate-300">
          OpenEnv-compatible environments with verifiable rewards, served over HTTP, WebSocket (<code>/ws</code>) and MCP (<code>POST /mcp</code>). Rewards come from
          physics, not from a judge model: Qubit-Medic scores surface-code decoding against a Stim-faithful simulation and an exact matching decoder; PhysiX scores
          equations of motion by integrating them against noisy trajectories.
        </p>
        <ul className="mt-3 flex flex-wrap gap-4 text-sm">
          <li>
            <a className="text-sky-400 underline" href="/docs">
              API docs (/docs)
            </a>
          </li>
          <li>
            <a className="text-sky-400 underline" href="/openapi.json">
              /openapi.json
            </a>
          </li>
          <li>
            <a className="text-sky-400 underline" href="/schema">
              /schema
            </a>
          </li>
          <li>
            <a className="text-sky-400 underline" href="/healthz">
              /healthz
            </a>
          </li>
        </ul>
      </Panel>
      <div className="grid gap-4 md:grid-cols-2">
        {KNOWN_ENVIRONMENTS.map((name) => {
          const metadata = hosted[name];
          return (
            <Panel key={name} title={name} actions={<span className="text-xs text-slate-400">{metadata === undefined ? 'checking…' : metadata === null ? 'not hosted here' : `v${metadata.version}`}</span>}>
              <p className="text-sm text-slate-400">{metadata?.description ?? (metadata === null ? `This server has no /envs/${name}/ routes.` : '')}</p>
              <p className="mt-2 text-sm">
                <a className="text-sky-400 underline" href={`#/${name}`}>
                  Open the {name} page
                </a>
                {metadata && (
                  <>
                    {' · '}
                    <a className="text-sky-400 underline" href={`/envs/${name}/docs`}>
                      its API docs
                    </a>
                    {' · OpenEnv base URL '}
                    <code className="text-amber-200">/envs/{name}</code>
                  </>
                )}
              </p>
            </Panel>
          );
        })}
      </div>
    </div>
  );
}
