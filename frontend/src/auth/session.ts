//! The signed-in user. The session itself is the HttpOnly `aegis_token` cookie, which scripts
//! cannot see; the SPA keeps only a marker that a session was started, so a later 401 can be
//! told apart ("your session has expired") from a first visit.

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { User } from "@/api/types";

const MARKER = "aegis.session";

export const meQuery = queryOptions({
  queryKey: ["auth", "me"],
  queryFn: ({ signal }) => api<User>("/api/v1/auth/me", { signal }),
  retry: false,
  staleTime: 5 * 60_000,
});

/** The user, or undefined while loading or signed out. */
export function useSession() {
  const q = useQuery(meQuery);
  return { user: q.data, isLoading: q.isLoading, error: q.error, refetch: q.refetch };
}

/** The signed-in user, for screens that only render inside the authenticated layout. */
export function useCurrentUser(): User {
  const { data } = useQuery(meQuery);
  if (!data) throw new Error("useCurrentUser outside an authenticated screen");
  return data;
}

export function markSignedIn(): void {
  try {
    localStorage.setItem(MARKER, "1");
  } catch {
    // storage may be unavailable (private mode); the expiry message is then not shown
  }
}

export function markSignedOut(): void {
  try {
    localStorage.removeItem(MARKER);
  } catch {
    // see markSignedIn
  }
}

export function hadSession(): boolean {
  try {
    return localStorage.getItem(MARKER) === "1";
  } catch {
    return false;
  }
}

export const SESSION_EXPIRED_MESSAGE = "Your session has expired, please sign in again";

/** What the login page may be told through navigation state. */
export interface LoginState {
  expired?: boolean;
  signedOut?: boolean;
  from?: string;
}

/**
 * The full-page screen of a user who must choose a new password (`must_change_password`, or
 * a 403 `password-change-required` from any call); nothing else of the app is reachable then.
 */
export const CHOOSE_PASSWORD_PATH = "/choose-password";

/**
 * The second-factor enrolment screen: full-page for a user whose role requires MFA
 * (`mfa_enrolment_required`), and where anyone turns MFA on.
 */
export const MFA_ENROL_PATH = "/mfa-setup";

/** Where the user was going when sent to choose a password, to continue there afterwards. */
export interface PasswordChangeState {
  from?: string;
}

/** The place to continue at after signing in or choosing a password: never those screens. */
export function continueTo(from: string | undefined): string {
  if (!from) return "/";
  const path = from.split(/[?#]/)[0];
  return path === "/login" || path === CHOOSE_PASSWORD_PATH || path === MFA_ENROL_PATH ? "/" : from;
}
