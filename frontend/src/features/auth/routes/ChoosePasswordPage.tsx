import { useState } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { KeyRound, LogOut, ShieldCheck } from "lucide-react";
import { continueTo, useSession, type PasswordChangeState } from "@/auth/session";
import { Button, LoadingState, useDocumentTitle } from "@/components/ui";
import { useSignOut } from "../components/useSignOut";
import { ChangePasswordForm } from "../components/ChangePasswordForm";

/**
 * The full-page "Choose your password" screen of a user whose password was generated or set
 * by an administrator (`must_change_password`): no navigation, nothing else of the app, until
 * a password of their own is set; then on to where they were going. Signing out is offered.
 */
export default function ChoosePasswordPage() {
  useDocumentTitle("Choose your password");
  const { user } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { signOut, pending: signingOut } = useSignOut();
  const [done, setDone] = useState(false);
  const target = continueTo((location.state as PasswordChangeState | null)?.from);

  if (!user) return <LoadingState label="Loading Aegis…" className="min-h-screen" />;
  // Reached without having to (a bookmark, the back button): nothing to do here.
  if (!user.must_change_password && !done) return <Navigate to={target} replace />;

  const changed = () => {
    setDone(true);
    // Calls refused before the change (403) are asked again on the next screen.
    qc.removeQueries({ predicate: (q) => q.state.status === "error" });
    navigate(target, { replace: true });
  };


  return (
    <div className="flex min-h-screen items-start justify-center bg-slate-50 px-4 py-12 sm:items-center">
      <main className="w-full max-w-md">
        <div className="mb-6 flex items-center gap-2">
          <ShieldCheck className="size-7 text-indigo-600" aria-hidden />
          <span className="text-lg font-semibold">Aegis</span>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <h1 className="flex items-center gap-2 text-2xl font-semibold tracking-tight text-slate-900">
            <KeyRound className="size-6 text-indigo-600" aria-hidden /> Choose your password
          </h1>
          <p className="mt-1 text-sm text-slate-500">
            Signed in as <span className="font-medium text-slate-700">{user.full_name || user.username}</span>
          </p>
          <div
            className="mt-5 rounded-md border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900"
            data-testid="choose-password-reason"
          >
            The password you signed in with was generated or set by an administrator, so it is not known only to you.
            Choose your own password before you continue; any other session of your account will be signed out.
          </div>
          <div className="mt-6">
            <ChangePasswordForm idPrefix="choose-password" submitLabel="Set my password and continue" onChanged={changed} autoFocus />
          </div>
        </div>
        <div className="mt-4 flex items-center justify-between text-sm text-slate-500">
          <span>Not now?</span>
          <Button variant="ghost" icon={<LogOut className="size-4" aria-hidden />} loading={signingOut} onClick={signOut}>
            Sign out
          </Button>
        </div>
      </main>
    </div>
  );
}
