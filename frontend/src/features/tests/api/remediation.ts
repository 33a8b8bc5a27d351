import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { CreateStep, RemediationStep, RetestChain, StepStatus } from "@/api/types";
import { invalidateAfterTestChange } from "./tests";

export const remediationQuery = (testId: string, enabled = true) =>
  queryOptions({
    queryKey: ["tests", "remediation", testId],
    queryFn: ({ signal }) => api<{ items: RemediationStep[] }>(`/api/v1/tests/${testId}/remediation`, { signal }),
    enabled,
  });

/** The original test and its automatic retests, oldest first. */
export const retestChainQuery = (testId: string, enabled = true) =>
  queryOptions({
    queryKey: ["tests", "retests", testId],
    queryFn: ({ signal }) => api<RetestChain>(`/api/v1/tests/${testId}/retests`, { signal }),
    enabled,
  });

/** `POST /tests/{id}/remediation` (leads, admin; 409 unless the test is validated with a gap). */
export function useAddStep(testId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateStep) => api<RemediationStep>(`/api/v1/tests/${testId}/remediation`, { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["tests", "remediation", testId] });
      void qc.invalidateQueries({ queryKey: ["tests", "detail", testId] });
    },
  });
}

/**
 * `PATCH /tests/{id}/remediation/{step}` (the owner, leads, admin). The last step done makes the
 * server create the automatic retest, so the test and its chain are refreshed too.
 */
export function useUpdateStepStatus(testId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, status }: { stepId: string; status: StepStatus }) =>
      api<RemediationStep>(`/api/v1/tests/${testId}/remediation/${stepId}`, { method: "PATCH", json: { status } }),
    onSuccess: () => invalidateAfterTestChange(qc),
  });
}
