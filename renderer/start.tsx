import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client.js';
import { ApiContext, prefetchFirstScreen } from './api/hooks.js';
import type { Transport } from './api/transport.js';
import { App } from './App.js';
import { createTranslator } from './i18n/i18n.js';
import { takeBootLogin } from './boot-login.js';

/** The console on the transport main.tsx opened; none means the page was opened without its secret. */
export async function startConsole(container: HTMLElement, transport: Transport | null): Promise<void> {
  const root = createRoot(container);
  if (!transport) {
    takeBootLogin();
    // Opened without the printed address's secret: explain in both languages, offer nothing else.
    root.render(
      <main className="card no-secret">
        {(['ko', 'en'] as const).map((locale) => {
          const { t } = createTranslator(locale);
          return (
            <section key={locale} lang={locale}>
              <h1>{t('host.noSecret.heading')}</h1>
              <p>{t('host.noSecret.body')}</p>
            </section>
          );
        })}
      </main>,
    );
    return;
  }
  const api = createApiClient(transport);
  // Main pushes every change as an event, so cached answers stay true until it says otherwise.
  const queryClient = new QueryClient({
    defaultOptions: { queries: { staleTime: Infinity, retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } },
  });
  await prefetchFirstScreen(queryClient, api);
  root.render(
    <StrictMode>
      <ApiContext.Provider value={api}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ApiContext.Provider>
    </StrictMode>,
  );
}
