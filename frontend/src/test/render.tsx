import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { vi } from "vitest";
import { MemoryRouter } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { reportingMutationCache } from "@/app/queryClient";
import { ConfirmProvider, createToaster, ToastProvider } from "@/components/ui";

/**
 * Renders `ui` with the app's providers (failed mutations reported as toasts, the confirm
 * dialog), a fresh query client that never retries, and a memory router at `route` (a path with
 * an optional `?query` and `#hash`).
 */
export function renderWithProviders(ui: ReactElement, { route = "/", state }: { route?: string; state?: unknown } = {}) {
  const toaster = createToaster();
  const client = new QueryClient({
    mutationCache: reportingMutationCache(toaster),
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const [address = "/", hash = ""] = route.split("#");
  const [pathname = "/", search = ""] = address.split("?");
  const result = render(
    <QueryClientProvider client={client}>
      <ToastProvider toaster={toaster}>
        <ConfirmProvider>
          <MemoryRouter initialEntries={[{ pathname, search: search ? `?${search}` : "", hash: hash ? `#${hash}` : "", state }]}>{ui}</MemoryRouter>
        </ConfirmProvider>
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

/** A request a fake API received: its method, its URL (against http://localhost) and its JSON body. */
export interface ApiCall<B = unknown> {
  method: string;
  url: URL;
  body: B;
}

/** A JSON response as the API sends it. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/**
 * Stubs `fetch` with a fake API: `answer` gets every request and returns its response, or
 * nothing for the API's 404 problem. Returns the requests, in order, as they arrive.
 */
export function fakeApi<B = unknown>(answer: (call: ApiCall<B>) => Response | undefined): ApiCall<B>[] {
  const calls: ApiCall<B>[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      const call: ApiCall<B> = { method: init?.method ?? "GET", url, body: init?.body ? JSON.parse(String(init.body)) : undefined };
      calls.push(call);
      return answer(call) ?? json({ status: 404, title: "Not Found", detail: "no route" }, 404);
    }),
  );
  return calls;
}
