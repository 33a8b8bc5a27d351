import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ToastProvider } from "@/components/ui";

/** Renders `ui` with the app's providers, a fresh query client and a memory router. */
export function renderWithProviders(ui: ReactElement, { route = "/", state }: { route?: string; state?: unknown } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const result = render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <MemoryRouter initialEntries={[{ pathname: route, state }]}>{ui}</MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
  return { ...result, client };
}

/** A fetch stub answering by `METHOD path` (query string ignored), 404 otherwise. */
export function stubApi(routes: Record<string, { status?: number; body?: unknown }>) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const key = `${init?.method ?? "GET"} ${url.pathname}`;
    const hit = routes[key];
    if (!hit) return new Response(JSON.stringify({ status: 404, title: "Not Found", detail: `no route ${key}` }), { status: 404 });
    const status = hit.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(hit.body ?? {}), {
      status,
      headers: { "content-type": "application/json" },
    });
  };
}
