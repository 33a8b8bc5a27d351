import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { errorText } from "../api/client";
import { useSession } from "../auth/session";
import { Button, Field, inputClass } from "../components/ui";

export default function Login() {
  const { login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="flex min-h-screen items-center justify-center bg-slate-900">
      <form
        className="w-80 rounded-lg bg-white p-6 shadow-xl"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await login(username, password);
            navigate("/");
          } catch (err) {
            setError(errorText(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <h1 className="mb-1 text-xl font-bold">🛡️ Aegis</h1>
        <p className="mb-4 text-sm text-slate-500">ATT&CK coverage, validated.</p>
        {params.get("expired") && <p role="status" className="mb-3 rounded bg-amber-50 p-2 text-sm text-amber-800">Your session has expired, please sign in again.</p>}
        <div className="flex flex-col gap-3">
          <Field label="Username" id="username">
            <input id="username" className={inputClass} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          </Field>
          <Field label="Password" id="password">
            <input id="password" type="password" className={inputClass} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </Field>
          {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
          <Button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</Button>
        </div>
      </form>
    </div>
  );
}
