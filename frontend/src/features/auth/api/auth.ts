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

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) =>
      api<undefined>("/api/v1/auth/change-password", { method: "POST", json: body }),
  });
}
