import { useEffect, type ReactNode } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError, onPasswordChangeRequired, onUnauthorized } from "@/api/client";
import type { Role, User } from "@/api/types";
import {
  CHOOSE_PASSWORD_PATH,
  hadSession,
  MFA_ENROL_PATH,
  meQuery,
  useSession,
  type LoginState,
  type PasswordChangeState,
} from "@/auth/session";
import { EmptyState, ErrorState, LinkButton, LoadingState, PageHeader } from "@/components/ui";
import { ShieldOff } from "lucide-react";

/** Sends the user to the login page on any 401, saying so when a session had been started. */
export function SessionExpiryWatcher() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  useEffect(() => {
    onUnauthorized(() => {
      if (window.location.pathname === "/login") return;
      const state: LoginState = {
        expired: hadSession(),
        from: window.location.pathname + window.location.search,
      };
      qc.removeQueries();
      navigate("/login", { replace: true, state });
    });
    return () => onUnauthorized(null);
  }, [navigate, qc]);
  return null;
}

/**
 * Sends the user to "Choose your password" when any call is refused with 403
 * `password-change-required` (e.g. an administrator required it during this session).
 */
export function PasswordChangeWatcher() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  // The router's location, not `window.location`: the two differ under a memory router, and
  // the guard below redirects from the router's (both must name the same place to return to).
  const { pathname, search } = useLocation();
  useEffect(() => {
    onPasswordChangeRequired(() => {
      if (pathname === CHOOSE_PASSWORD_PATH) return;
      qc.setQueryData<User>(meQuery.queryKey, (u) => (u ? { ...u, must_change_password: true } : u));
      const state: PasswordChangeState = { from: pathname + search };
      navigate(CHOOSE_PASSWORD_PATH, { replace: true, state });
    });
    return () => onPasswordChangeRequired(null);
  }, [navigate, qc, pathname, search]);
  return null;
}

/**
 * Renders its children for a signed-in user; otherwise the login page. A user who must
 * choose a new password is sent to that screen first (unless `pendingPassword`: that screen),
 * then one whose role requires a second factor to the enrolment screen (unless `pendingMfa`).
 */
export function RequireAuth({
  children,
  pendingPassword = false,
  pendingMfa = false,
}: {
  children: ReactNode;
  pendingPassword?: boolean;
  pendingMfa?: boolean;
}) {
  const { user, isLoading, error, refetch } = useSession();
  const location = useLocation();
  if (isLoading) return <LoadingState label="Loading Aegis…" className="min-h-screen" />;
  if (user?.must_change_password && !pendingPassword) {
    const state: PasswordChangeState = { from: location.pathname + location.search };
    return <Navigate to={CHOOSE_PASSWORD_PATH} replace state={state} />;
  }
  if (user?.mfa_enrolment_required && !pendingMfa && !pendingPassword) {
    const state: PasswordChangeState = { from: location.pathname + location.search };
    return <Navigate to={MFA_ENROL_PATH} replace state={state} />;
  }
  if (user) return children;
  if (error instanceof ApiError && error.status !== 401) {
    return (
      <div className="mx-auto max-w-lg pt-24">
        <ErrorState error={error} title="Aegis could not be reached" onRetry={() => void refetch()} />
      </div>
    );
  }
  const state: LoginState = { expired: hadSession(), from: location.pathname + location.search };
  return <Navigate to="/login" replace state={state} />;
}

/** Renders its children only when the user's role passes `allow`; a clear refusal otherwise. */
export function RequireRole({ allow, children }: { allow: (role?: Role) => boolean; children: ReactNode }) {
  const { user } = useSession();
  if (allow(user?.role)) return children;
  return (
    <>
      <PageHeader title="No access" />
      <EmptyState
        icon={<ShieldOff className="size-6" aria-hidden />}
        title="You do not have access to this page"
        description="Your role does not include this screen. Ask an administrator if you need it."
        action={
          <LinkButton to="/" variant="secondary">
            Back to the dashboard
          </LinkButton>
        }
      />
    </>
  );
}
