import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/api/client";
import type { Notification, Page, UnreadCount } from "@/api/types";

export const notificationKeys = {
  all: ["notifications"] as const,
  unread: ["notifications", "unread-count"] as const,
  latest: ["notifications", "latest"] as const,
};

/**
 * The bell's count (the server leaves muted kinds out), polled every 30 s; stops polling if the
 * server has no notifications.
 */
export const unreadCountQuery = queryOptions({
  queryKey: notificationKeys.unread,
  queryFn: ({ signal }) => api<UnreadCount>("/api/v1/notifications/unread-count", { signal }),
  refetchInterval: (query) => (query.state.error instanceof ApiError && query.state.error.status === 404 ? false : 30_000),
  retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 1,
});

/** The latest notifications, muted kinds left out by the server. */
export const latestNotificationsQuery = queryOptions({
  queryKey: notificationKeys.latest,
  queryFn: ({ signal }) => api<Page<Notification>>("/api/v1/notifications", { query: { limit: 50 }, signal }),
});

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Notification>(`/api/v1/notifications/${id}/read`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ marked: number }>("/api/v1/notifications/read-all", { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
