import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { AuthConfig, LoginOutcome, LoginResponse, MfaChallenge, RecoveryCodes, TotpSetup } from "@/api/types";
import { markSignedIn, markSignedOut, meQuery } from "@/auth/session";

/** `GET /auth/config`: whether "Sign in with SSO" is offered, and password sign-in for all. */
export const authConfigQuery = queryOptions({
  queryKey: ["auth", "config"],
  queryFn: ({ signal }) => api<AuthConfig>("/api/v1/auth/config", { signal }),
  staleTime: Infinity,
  retry: false,
});

/** Starts single sign-on: a full navigation (the server redirects to the provider and back). */
export const SSO_LOGIN_URL = "/api/v1/auth/oidc/login";

export interface Credentials {
  username: string;
  password: string;
}

/** Whether the sign-in answer asks for the second factor (no session yet). */
export function isMfaChallenge(res: LoginOutcome): res is MfaChallenge {
  return "mfa_required" in res && res.mfa_required;
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Credentials) => api<LoginOutcome>("/api/v1/auth/login", { method: "POST", json: body }),
    // The sign-in page shows every refusal itself: it is the answer to the form.
    meta: { shows: "all-errors" },
    onSuccess: (res) => {
      if (isMfaChallenge(res)) return;
      qc.clear();
      qc.setQueryData(meQuery.queryKey, res.user);
      markSignedIn();
    },
  });
}

export interface SecondFactor {
  mfa_token: string;
  code?: string;
  recovery_code?: string;
}

/** `POST /auth/login/mfa`: completes a sign-in with a TOTP code or a recovery code. */
export function useLoginMfa() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SecondFactor) => api<LoginResponse>("/api/v1/auth/login/mfa", { method: "POST", json: body }),
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

/** `POST /auth/mfa/totp/setup`: a new TOTP secret and its `otpauth://` URI (for the QR code). */
export function useMfaSetup() {
  return useMutation({
    mutationFn: () => api<TotpSetup>("/api/v1/auth/mfa/totp/setup", { method: "POST", json: {} }),
  });
}

/**
 * `POST /auth/mfa/totp/confirm`: the first code turns the second factor on and returns the ten
 * recovery codes (shown once); the cached user then has `mfa_enabled`.
 */
export function useMfaConfirm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<RecoveryCodes>("/api/v1/auth/mfa/totp/confirm", { method: "POST", json: { code } }),
    meta: { shows: "field-errors" },
    onSuccess: () => void qc.invalidateQueries({ queryKey: meQuery.queryKey }),
  });
}
