import { queryOptions } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { Page, User } from "@/api/types";

/**
 * Active users to suggest as assignees, from `GET /users` (admin only, so only asked for by an
 * admin; leads type the username). The first 100 users: suggestions, not a limit on the field.
 */
export const assigneeCandidatesQuery = (enabled: boolean) =>
  queryOptions({
    queryKey: ["users", "active"],
    queryFn: ({ signal }) => api<Page<User>>("/api/v1/users", { query: { limit: 100 }, signal }),
    select: (page) => page.items.filter((u) => u.is_active),
    enabled,
    staleTime: 60_000,
  });
