//! Cursor pagination for every list endpoint (`{items, next_cursor}` with `limit` and `cursor`):
//! one builder for TanStack Query's infinite queries, so every "load more" works the same way.

import { infiniteQueryOptions, type InfiniteData, type QueryKey } from "@tanstack/react-query";
import { api, type Query } from "./client";
import type { Page } from "./types";

/** Infinite query options for `path` with `filters`, `limit` items a page. */
export function pagedList<T>(queryKey: QueryKey, path: string, filters: Query = {}, limit = 50) {
  return infiniteQueryOptions({
    queryKey: [...queryKey, filters, limit],
    queryFn: ({ pageParam, signal }) =>
      api<Page<T>>(path, { query: { ...filters, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<T>) => last.next_cursor ?? undefined,
  });
}

/** Every item loaded so far, in order. */
export function allItems<T>(data: InfiniteData<Page<T>> | undefined): T[] {
  return data ? data.pages.flatMap((p) => p.items) : [];
}
