import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient, type Exchange } from './api-client.ts';

/**
 * The API client every page uses, and the log of its exchanges that the OpenEnv explorer
 * shows (newest first, the last MAX_EXCHANGES kept).
 */
const MAX_EXCHANGES = 200;

interface ExchangeLog {
  readonly api: ApiClient;
  readonly exchanges: readonly Exchange[];
  clear(): void;
}

const ExchangeLogContext = createContext<ExchangeLog | undefined>(undefined);

export function ExchangeLogProvider({ children }: { children: ReactNode }) {
  const [exchanges, setExchanges] = useState<readonly Exchange[]>([]);
  const api = useMemo(
    () => createApiClient(window.location.origin, (exchange) => setExchanges((log) => [exchange, ...log].slice(0, MAX_EXCHANGES))),
    [],
  );
  const value = useMemo(() => ({ api, exchanges, clear: () => setExchanges([]) }), [api, exchanges]);
  return <ExchangeLogContext value={value}>{children}</ExchangeLogContext>;
}

function useExchangeLog(): ExchangeLog {
  const log = useContext(ExchangeLogContext);
  if (log === undefined) throw new Error('useApi/useExchanges need an <ExchangeLogProvider>');
  return log;
}

export function useApi(): ApiClient {
  return useExchangeLog().api;
}

export function useExchanges(): Pick<ExchangeLog, 'exchanges' | 'clear'> {
  const { exchanges, clear } = useExchangeLog();
  return { exchanges, clear };
}
