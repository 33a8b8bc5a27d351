import { useEffect, type ReactNode } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError, onUnauthorized } from "@/api/client";
import type { Role } from "@/api/types";
import { hadSession, useSession, type LoginState } from "@/auth/session";
import { EmptyState, ErrorState, LinkButton, LoadingState } from "@/components/ui";
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

/** Renders its children for a signed-in user; otherwise the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, isLoading, error, refetch } = useSession();
  const location = useLocation();
  if (isLoading) return <LoadingState label="Loading Aegis…" className="min-h-screen" />;
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
  );
}
