import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api, type Query } from "@/api/client";
import type { CountermeasureDetail, CountermeasurePage } from "@/api/defense";

const BASE = "/api/v1/d3fend/techniques";
const PAGE_SIZE = 100;

export const countermeasuresList = (query: Query) =>
  infiniteQueryOptions({
    queryKey: ["d3fend", "list", query],
    queryFn: ({ pageParam, signal }) => api<CountermeasurePage>(BASE, { query: { ...query, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: CountermeasurePage) => last.next_cursor ?? undefined,
  });

export const countermeasureQuery = (id: string) =>
  queryOptions({
    queryKey: ["d3fend", "detail", id],
    queryFn: ({ signal }) => api<CountermeasureDetail>(`${BASE}/${encodeURIComponent(id)}`, { signal }),
  });
