import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { AssignRequest, Test } from "@/api/types";
import { invalidateAfterTestChange } from "./tests";

/**
 * `POST /tests/{id}/assign`: a red lead names the red assignee, a blue lead the blue one, an
 * admin either; any state but validated. 422 with `role` / `unknown` / `required` on the field.
 * The test is read again afterwards: who may act on it, `allowed_actions`, follows the assignees.
 */
export function useAssignTest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignRequest) => api<Test>(`/api/v1/tests/${id}/assign`, { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateAfterTestChange(qc),
    onError: () => qc.invalidateQueries({ queryKey: ["tests", "detail", id] }),
  });
}
