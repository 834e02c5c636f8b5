import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/** One QueryClient per extension page. */
export function QueryRoot({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
