import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { LoginResponse } from "@/api/types";
import { markSignedIn, markSignedOut, meQuery } from "@/auth/session";

export interface Credentials {
  username: string;
  password: string;
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Credentials) => api<LoginResponse>("/api/v1/auth/login", { method: "POST", json: body }),
    // The sign-in page shows every refusal itself: it is the answer to the form.
    meta: { shows: "all-errors" },
    onSuccess: (res) => {
      qc.clear();
      qc.setQueryData(meQuery.queryKey, res.user);
      markSignedIn();
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<undefined>("/api/v1/auth/logout", { method: "POST" }),
    onSettled: () => {
      markSignedOut();
      qc.clear();
    },
  });
}

export interface PasswordChange {
  current_password: string;
  new_password: string;
}

/**
 * `POST /auth/change-password`: answers like a sign-in (200, the new token also set as the
 * cookie). This session continues, every other session of the user ends, and the returned
 * user (no longer `must_change_password`) replaces the cached one.
 */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordChange) => api<LoginResponse>("/api/v1/auth/change-password", { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: (res) => {
      qc.setQueryData(meQuery.queryKey, res.user);
      void qc.invalidateQueries({ queryKey: meQuery.queryKey });
    },
  });
}
