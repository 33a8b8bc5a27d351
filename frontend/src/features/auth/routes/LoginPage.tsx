import { useEffect, useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertCircle, Building2, Info, ShieldCheck } from "lucide-react";
import { ApiError, errorMessage } from "@/api/client";
import {
  CHOOSE_PASSWORD_PATH,
  MFA_ENROL_PATH,
  continueTo,
  markSignedOut,
  meQuery,
  SESSION_EXPIRED_MESSAGE,
  type LoginState,
  type PasswordChangeState,
} from "@/auth/session";
import { Button, buttonClass, Field, Input, useDocumentTitle } from "@/components/ui";
import { authConfigQuery, isMfaChallenge, SSO_LOGIN_URL, useLogin, useLoginMfa } from "../api/auth";
import type { LoginResponse } from "@/api/types";

function loginError(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) {
    const wait = error.retryAfter ? ` Try again in ${error.retryAfter} s.` : "";
    return `Too many sign-in attempts.${wait}`;
  }
  if (error instanceof ApiError && error.status === 401) return error.message || "Invalid username or password";
  return errorMessage(error);
}

export default function LoginPage() {
  useDocumentTitle("Sign in");
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const state = (location.state ?? {}) as LoginState;
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const login = useLogin();
  const loginMfa = useLoginMfa();
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);
  const config = useQuery(authConfigQuery);
  const sso = config.data?.sso === true;

  // The expiry was reported once through navigation state; forget the marker now.
  useEffect(() => markSignedOut(), []);

  if (qc.getQueryData(meQuery.queryKey) && !login.isSuccess && !loginMfa.isSuccess) return <Navigate to="/" replace />;

  const proceed = (res: LoginResponse) => {
    const to = continueTo(state.from);
    if (res.user.must_change_password) {
      // A generated or administrator-set password: the user chooses their own first.
      const next: PasswordChangeState = { from: to };
      navigate(CHOOSE_PASSWORD_PATH, { replace: true, state: next });
    } else if (res.user.mfa_enrolment_required) {
      navigate(MFA_ENROL_PATH, { replace: true, state: { from: to } });
    } else {
      navigate(to, { replace: true });
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(
      { username: username.trim(), password },
      {
        onSuccess: (res) => {
          if (isMfaChallenge(res)) setMfaToken(res.mfa_token);
          else proceed(res);
        },
      },
    );
  };

  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    if (!mfaToken) return;
    const factor = useRecovery ? { recovery_code: code.trim() } : { code: code.replace(/\s/g, "") };
    loginMfa.mutate({ mfa_token: mfaToken, ...factor }, { onSuccess: proceed });
  };

  return (
    <div className="flex min-h-screen bg-slate-950">
      <div className="relative hidden flex-1 flex-col justify-between overflow-hidden p-12 text-white lg:flex">
        <div
          className="absolute inset-0 opacity-30"
          aria-hidden
          style={{
            backgroundImage:
              "radial-gradient(circle at 20% 20%, #4f46e5 0, transparent 40%), radial-gradient(circle at 80% 70%, #0ea5e9 0, transparent 35%)",
          }}
        />
        <div className="relative flex items-center gap-2 text-lg font-semibold">
          <ShieldCheck className="size-7 text-indigo-400" aria-hidden /> Aegis
        </div>
        <div className="relative max-w-md">
          <h2 className="text-3xl font-semibold tracking-tight">Validate your ATT&CK coverage, test by test.</h2>
          <p className="mt-4 text-slate-300">
            Red documents the attack, Blue documents the detection, both leads sign off. Every technique's status
            comes from evidence, not from assumptions.
          </p>
        </div>
        <p className="relative text-xs text-slate-500">MITRE ATT&CK® is a registered trademark of The MITRE Corporation.</p>
      </div>
      <main className="flex flex-1 items-center justify-center bg-white px-6 py-12 lg:max-w-xl">
        <div className="w-full max-w-sm">
          <div className="mb-8 flex items-center gap-2 lg:hidden">
            <ShieldCheck className="size-7 text-indigo-600" aria-hidden />
            <span className="text-lg font-semibold">Aegis</span>
          </div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">Use the account your administrator gave you.</p>

          {state.expired && !login.isError && (
            <div role="status" className="mt-6 flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-800">
              <Info className="mt-0.5 size-4 shrink-0" aria-hidden />
              {SESSION_EXPIRED_MESSAGE}
            </div>
          )}
          {state.signedOut && !state.expired && !login.isError && (
            <div role="status" className="mt-6 rounded-md border border-slate-200 bg-slate-50 px-3 py-2.5 text-sm text-slate-700">
              You have been signed out.
            </div>
          )}
          {(mfaToken ? loginMfa.isError : login.isError) && (
            <div role="alert" className="mt-6 flex items-start gap-2 rounded-md border border-rose-200 bg-rose-50 px-3 py-2.5 text-sm text-rose-700">
              <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
              {loginError(mfaToken ? loginMfa.error : login.error)}
            </div>
          )}

          {mfaToken ? (
            <form className="mt-6 flex flex-col gap-4" onSubmit={submitCode} noValidate>
              <p className="text-sm text-slate-600">
                {useRecovery
                  ? "Enter one of your recovery codes. Each works once."
                  : "Enter the 6-digit code from your authenticator app."}
              </p>
              <Field id="mfa-code" label={useRecovery ? "Recovery code" : "Authentication code"}>
                <Input
                  name="code"
                  autoComplete="one-time-code"
                  inputMode={useRecovery ? "text" : "numeric"}
                  autoFocus
                  required
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                />
              </Field>
              <Button type="submit" loading={loginMfa.isPending} disabled={!code.trim()} className="mt-2 w-full">
                Verify
              </Button>
              <button
                type="button"
                className="text-sm text-indigo-700 underline"
                onClick={() => {
                  setUseRecovery(!useRecovery);
                  setCode("");
                  loginMfa.reset();
                }}
              >
                {useRecovery ? "Use the authenticator app" : "Use a recovery code"}
              </button>
            </form>
          ) : (
          <form className="mt-6 flex flex-col gap-4" onSubmit={submit} noValidate>
            <Field id="username" label="Username">
              <Input
                name="username"
                autoComplete="username"
                autoFocus
                required
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            </Field>
            <Field id="password" label="Password">
              <Input
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
            <Button type="submit" loading={login.isPending} disabled={!username || !password} className="mt-2 w-full">
              Sign in
            </Button>
          </form>
          )}

          {sso && !mfaToken && (
            <div className="mt-6 border-t border-slate-200 pt-6">
              {/* A full navigation: the server sends the browser to the provider and back. */}
              <a href={SSO_LOGIN_URL} className={buttonClass("secondary", "md", "w-full gap-2")}>
                <Building2 className="size-4" aria-hidden /> Sign in with SSO
              </a>
              {config.data?.password_login === false && (
                <p className="mt-3 text-xs text-slate-500">Password sign-in is kept for administrators (break-glass accounts).</p>
              )}
            </div>
          )}
        </div>
      </main>
    </div>
  );
}
