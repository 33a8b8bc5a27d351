import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/api/client";
import type { Notification, Page, UnreadCount } from "@/api/types";

const keys = {
  all: ["notifications"] as const,
  unread: ["notifications", "unread-count"] as const,
  latest: ["notifications", "latest"] as const,
};

/** The bell's count, polled every 30 s; stops polling if the server has no notifications. */
export const unreadCountQuery = queryOptions({
  queryKey: keys.unread,
  queryFn: ({ signal }) => api<UnreadCount>("/api/v1/notifications/unread-count", { signal }),
  refetchInterval: (query) => (query.state.error instanceof ApiError && query.state.error.status === 404 ? false : 30_000),
  retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 1,
});

export const latestNotificationsQuery = queryOptions({
  queryKey: keys.latest,
  queryFn: ({ signal }) => api<Page<Notification>>("/api/v1/notifications", { query: { limit: 50 }, signal }),
});

/** The unread notifications themselves, to count those of kinds that are not muted. */
export const unreadNotificationsQuery = (enabled: boolean) =>
  queryOptions({
    queryKey: ["notifications", "unread"],
    queryFn: ({ signal }) => api<Page<Notification>>("/api/v1/notifications", { query: { unread: true, limit: 100 }, signal }),
    refetchInterval: 30_000,
    enabled,
  });

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Notification>(`/api/v1/notifications/${id}/read`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ marked: number }>("/api/v1/notifications/read-all", { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}
