import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { MutationMeta } from "@/api/problem";
import type { CreateUserRequest, ResetPasswordRequest, UpdateUserRequest, User } from "@/api/types";

export const usersList = () => pagedList<User>(["users", "list"], "/api/v1/users", {}, 100);

function useUsersMutation<V, R>(fn: (v: V) => Promise<R>, meta?: MutationMeta) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, meta, onSuccess: () => qc.invalidateQueries({ queryKey: ["users"] }) });
}

export const useCreateUser = () =>
  useUsersMutation((body: CreateUserRequest) => api<User>("/api/v1/users", { method: "POST", json: body }), { shows: "field-errors" });

export const useUpdateUser = () =>
  useUsersMutation(
    ({ id, body }: { id: string; body: UpdateUserRequest }) => api<User>(`/api/v1/users/${id}`, { method: "PATCH", json: body }),
    { shows: "field-errors" },
  );

export const useDeleteUser = () => useUsersMutation((id: string) => api<undefined>(`/api/v1/users/${id}`, { method: "DELETE" }));

/**
 * Sets `new_password` for the user (their sessions end); with `must_change_password` they must
 * choose their own at the next sign-in. The server answers 204 and never returns passwords.
 */
export const useResetPassword = () =>
  useUsersMutation(({ id, body }: { id: string; body: ResetPasswordRequest }) =>
    api<undefined>(`/api/v1/users/${id}/reset-password`, { method: "POST", json: body }),
  );

/**
 * `POST /users/{id}/reset-mfa`: removes the user's second factor (audited); every session of
 * the user ends and they sign in with the password alone, then enrol again.
 */
export const useResetMfa = () => useUsersMutation((id: string) => api<undefined>(`/api/v1/users/${id}/reset-mfa`, { method: "POST", json: {} }));
