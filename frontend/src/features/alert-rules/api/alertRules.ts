import { queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { AlertDryRun, AlertEvent, AlertRule, CreateAlertRule, Page, UpdateAlertRule } from "@/api/types";

const BASE = "/api/v1/alert-rules";
const rulePath = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

/** Every alert query starts with this key: a change or an evaluation refreshes rules and firings at once. */
export const ALERTS_KEY = ["alert-rules"] as const;

export function invalidateAlerts(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: ALERTS_KEY });
}

/** `GET /alert-rules`, oldest first (leads and admin). */
export const rulesList = () => pagedList<AlertRule>([...ALERTS_KEY, "list"], BASE, {}, 100);

export const ruleQuery = (id: string, enabled = true) =>
  queryOptions({
    queryKey: [...ALERTS_KEY, "detail", id],
    queryFn: ({ signal }) => api<AlertRule>(rulePath(id), { signal }),
    enabled: enabled && id !== "",
  });

/** A rule's firings, newest first, with what matched (every role). */
export const ruleEventsList = (id: string) => pagedList<AlertEvent>([...ALERTS_KEY, "events", id], `${rulePath(id)}/events`, {}, 20);

/** A rule's latest firing, if any: the list's "Last fired". */
export const lastFiringQuery = (id: string) =>
  queryOptions({
    queryKey: [...ALERTS_KEY, "events", id, "latest"],
    queryFn: ({ signal }) => api<Page<AlertEvent>>(`${rulePath(id)}/events`, { query: { limit: 1 }, signal }),
    select: (page): AlertEvent | null => page.items[0] ?? null,
  });

/** Firings of every rule, newest first (every role). */
export const recentEventsList = () => pagedList<AlertEvent>([...ALERTS_KEY, "recent-events"], "/api/v1/alert-events", {}, 20);

export function useCreateRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAlertRule) => api<AlertRule>(BASE, { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateAlerts(qc),
  });
}

/** The 409 of a save on a version that moved, in this screen's words. */
export function staleRuleError(error: ApiError): ApiError {
  return error.withDetail("Someone changed this rule after you opened it. The form now shows the saved rule: make your changes again and save.");
}

/**
 * `PATCH /alert-rules/{id}` on the version read. A 409 means the rule moved on: it is read again
 * (the form then starts from the saved rule) and the refusal says so.
 */
export function useUpdateRule(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateAlertRule) => {
      try {
        return await api<AlertRule>(rulePath(id), { method: "PATCH", json: body });
      } catch (e) {
        throw e instanceof ApiError && e.status === 409 ? staleRuleError(e) : e;
      }
    },
    meta: { shows: "field-errors" },
    onSuccess: (rule) => {
      qc.setQueryData(ruleQuery(id).queryKey, rule);
      return invalidateAlerts(qc);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) return qc.invalidateQueries({ queryKey: ruleQuery(id).queryKey });
    },
  });
}

export function useDeleteRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<undefined>(rulePath(id), { method: "DELETE" }),
    onSuccess: (_void, id) => {
      qc.removeQueries({ queryKey: ruleQuery(id).queryKey });
      return invalidateAlerts(qc);
    },
  });
}

/** `POST /alert-rules/{id}/test`: would it fire now, on what, to how many. Records nothing. */
export function useDryRun(id: string) {
  return useMutation({
    mutationFn: () => api<AlertDryRun>(`${rulePath(id)}/test`, { method: "POST" }),
  });
}
