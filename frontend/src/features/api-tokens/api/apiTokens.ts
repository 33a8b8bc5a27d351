import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { ApiToken, CreateApiTokenRequest, CreatedApiToken } from "@/api/types";

const PATH = "/api/v1/auth/api-tokens";

/** The caller's tokens, or with `all` every user's (admins). Newest first. */
export const apiTokensList = (all: boolean) =>
  pagedList<ApiToken>(["api-tokens", "list"], PATH, all ? { all: "true" } : {}, 100);

/** `POST /auth/api-tokens`: the token itself is in the answer only, once. */
export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiTokenRequest) => api<CreatedApiToken>(PATH, { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => qc.invalidateQueries({ queryKey: ["api-tokens"] }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<undefined>(`${PATH}/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["api-tokens"] }),
  });
}
