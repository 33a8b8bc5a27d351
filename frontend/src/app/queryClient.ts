import { MutationCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/api/client";
import type { Toaster } from "@/components/ui";

/**
 * The one place a failed mutation is reported: a toast with the problem's title and detail, its
 * field errors listed unless the form shows them next to its inputs (`meta.shows`). Screens add
 * only their success message.
 */
export function reportingMutationCache(toaster: Toaster): MutationCache {
  return new MutationCache({
    onError: (error, _variables, _context, mutation) => {
      const shows = mutation.meta?.shows;
      if (shows === "all-errors") return;
      // A 401 ends the session and the sign-in page says so; the 403 of a password that must be
      // changed leads to that screen. Neither is this action's failure to report.
      if (error instanceof ApiError && (error.status === 401 || error.passwordChangeRequired)) return;
      toaster.problem(error, { fieldsShown: shows === "field-errors" });
    },
  });
}

/** Retries only what may succeed on a second try: not 4xx answers. */
export function createQueryClient(toaster: Toaster): QueryClient {
  return new QueryClient({
    mutationCache: reportingMutationCache(toaster),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}
