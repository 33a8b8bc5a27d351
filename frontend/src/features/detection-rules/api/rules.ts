import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, downloadFile, type Query } from "@/api/client";
import type { CustomRule, DetectionRule, RuleGaps, RulePage, RuleSource } from "@/api/defense";

const BASE = "/api/v1/detection-rules";
export const PAGE_SIZE = 200;

/** The rules matching `query`, `PAGE_SIZE` a page; every page carries the total. */
export const rulesList = (query: Query) =>
  infiniteQueryOptions({
    queryKey: ["detection-rules", "list", query],
    queryFn: ({ pageParam, signal }) => api<RulePage>(BASE, { query: { ...query, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: RulePage) => last.next_cursor ?? undefined,
  });

export const ruleQuery = (id: string) =>
  queryOptions({
    queryKey: ["detection-rules", "detail", id],
    queryFn: ({ signal }) => api<DetectionRule>(`${BASE}/${encodeURIComponent(id)}`, { signal }),
  });

/** Untested detections, how many rules fired, techniques without a rule (`source` narrows the rules). */
export const ruleGapsQuery = (source: RuleSource | "") =>
  queryOptions({
    queryKey: ["detection-rules", "gaps", source],
    queryFn: ({ signal }) => api<RuleGaps>(`${BASE}/gaps`, { query: { source }, signal }),
  });

/** The rules of `source` (or every source) as an ATT&CK Navigator layer, each technique scored by its rule count. */
export function downloadRulesLayer(source: RuleSource | ""): Promise<string> {
  return downloadFile(`${BASE}/navigator-layer`, { source }, `aegis-detection-rules${source ? `-${source}` : ""}-layer.json`);
}

/** A rule change shows in lists, gaps, technique detail (its rules) and the tests' rule search. */
function invalidateRules(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: ["detection-rules"] });
  void qc.invalidateQueries({ queryKey: ["techniques"] });
}

export function useCreateRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomRule) => api<DetectionRule>(BASE, { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateRules(qc),
  });
}

export function useUpdateRule(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomRule) => api<DetectionRule>(`${BASE}/${encodeURIComponent(id)}`, { method: "PUT", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateRules(qc),
  });
}

export function useDeleteRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<undefined>(`${BASE}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: ruleQuery(id).queryKey });
      invalidateRules(qc);
    },
  });
}
