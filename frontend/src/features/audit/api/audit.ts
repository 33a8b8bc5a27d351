import { queryOptions } from "@tanstack/react-query";
import { api, type Query } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { AuditEntry, Page, User } from "@/api/types";

export interface AuditFilters extends Query {
  actor_id?: string;
  action?: string;
  target_type?: string;
  target_id?: string;
  from?: string;
  to?: string;
}

export const auditList = (filters: AuditFilters) => pagedList<AuditEntry>(["audit", "list"], "/api/v1/audit-logs", filters, 50);

/** Users for the actor filter. */
export const actorOptionsQuery = queryOptions({
  queryKey: ["users", "options"],
  queryFn: ({ signal }) => api<Page<User>>("/api/v1/users", { query: { limit: 500 }, signal }),
  staleTime: 60_000,
});
