import { useEffect, useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import QRCode from "qrcode";
import { Copy, Download, ShieldCheck } from "lucide-react";
import { errorMessage } from "@/api/client";
import { continueTo, useSession, type PasswordChangeState } from "@/auth/session";
import { Button, Field, Input, LoadingState, useDocumentTitle } from "@/components/ui";
import { useMfaConfirm, useMfaSetup } from "../api/auth";

/**
 * Turning on the TOTP second factor: a QR code (and the secret to type) for the authenticator
 * app, a first code to confirm, then the ten recovery codes to copy or download, shown once.
 * Full-page, like choosing a password: a user whose role requires MFA sees nothing else first.
 */
export default function MfaEnrolPage() {
  useDocumentTitle("Set up two-factor sign-in");
  const { user } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const target = continueTo((location.state as PasswordChangeState | null)?.from);
  const setup = useMfaSetup();
  const confirm = useMfaConfirm();
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [copied, setCopied] = useState(false);
  const enrolled = user?.mfa_enabled ?? false;
  const start = setup.mutate;

  useEffect(() => {
    if (user && !enrolled && setup.isIdle) start();
  }, [user, enrolled, setup.isIdle, start]);
  useEffect(() => {
    if (setup.data) void QRCode.toDataURL(setup.data.otpauth_uri, { margin: 1, width: 200 }).then(setQr);
  }, [setup.data]);

  if (!user) return <LoadingState label="Loading Aegis…" className="min-h-screen" />;
  if (enrolled && !confirm.data) return <Navigate to={target} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate(code.replace(/\s/g, ""));
  };
  const codes = confirm.data?.recovery_codes ?? [];
  const codesText = codes.join("\n") + "\n";

  return (
    <div className="flex min-h-screen items-start justify-center bg-slate-50 px-4 py-12 sm:items-center">
      <main className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <div className="mb-4 flex items-center gap-2">
          <ShieldCheck className="size-6 text-indigo-600" aria-hidden />
          <h1 className="text-xl font-semibold text-slate-900">Set up two-factor sign-in</h1>
        </div>
        {user.mfa_enrolment_required && !confirm.data && (
          <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
            Your role requires a second factor before you can continue.
          </p>
        )}
        {confirm.data ? (
          <section aria-labelledby="recovery-heading" className="flex flex-col gap-3">
            <h2 id="recovery-heading" className="font-medium text-slate-900">
              Two-factor sign-in is on. Save your recovery codes
            </h2>
            <p className="text-sm text-slate-600">Each code signs you in once without the app. They are shown only now.</p>
            <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-1 rounded-md bg-slate-100 p-3 font-mono text-sm">
              {codes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            <div className="flex gap-2">
              <Button
                variant="secondary"
                onClick={() => void navigator.clipboard?.writeText(codesText).then(() => setCopied(true))}
              >
                <Copy className="size-4" aria-hidden /> {copied ? "Copied" : "Copy"}
              </Button>
              <a
                className="inline-flex items-center gap-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
                href={`data:text/plain;charset=utf-8,${encodeURIComponent(codesText)}`}
                download="aegis-recovery-codes.txt"
              >
                <Download className="size-4" aria-hidden /> Download
              </a>
            </div>
            <Button onClick={() => navigate(target, { replace: true })}>Continue</Button>
          </section>
        ) : (
          <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
            <p className="text-sm text-slate-600">Scan the code with your authenticator app, then enter the code it shows.</p>
            {setup.isError && <p role="alert" className="text-sm text-rose-700">{errorMessage(setup.error)}</p>}
            {qr ? (
              <img src={qr} alt="QR code for your authenticator app" className="mx-auto size-48" />
            ) : (
              <LoadingState label="Preparing…" />
            )}
            {setup.data && (
              <p className="break-all text-center font-mono text-xs text-slate-500" aria-label="Secret key">
                {setup.data.secret}
              </p>
            )}
            <Field id="totp-code" label="Code from the app" error={confirm.isError ? errorMessage(confirm.error) : undefined}>
              <Input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </Field>
            <Button type="submit" loading={confirm.isPending} disabled={!setup.data || code.trim().length < 6}>
              Turn on
            </Button>
          </form>
        )}
      </main>
    </div>
  );
}
