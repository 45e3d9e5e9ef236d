import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { ExchangeLogProvider } from './lib/exchange-log.tsx';
import './index.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ExchangeLogProvider>
      <App />
    </ExchangeLogProvider>
  </StrictMode>,
);
