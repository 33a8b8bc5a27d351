// Small shared pieces: buttons, cards, states, toasts.

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

export function Button({ kind = "primary", ...props }: React.ButtonHTMLAttributes<HTMLButtonElement> & { kind?: "primary" | "secondary" | "danger" }) {
  const styles = {
    primary: "bg-blue-600 text-white hover:bg-blue-700",
    secondary: "bg-white text-slate-800 border border-slate-300 hover:bg-slate-100",
    danger: "bg-red-600 text-white hover:bg-red-700",
  }[kind];
  return <button {...props} className={`rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-50 ${styles} ${props.className ?? ""}`} />;
}

export function Card({ title, children, actions }: { title?: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      {(title || actions) && (
        <div className="mb-3 flex items-center justify-between">
          {title && <h2 className="text-base font-semibold">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

export function Loading() {
  return <p className="text-sm text-slate-500" role="status">Loading…</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">{children}</p>;
}

export function ErrorBox({ error }: { error: unknown }) {
  return <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">{error instanceof Error ? error.message : String(error)}</p>;
}

export function Field({ label, id, children, hint }: { label: string; id: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">{label}</label>
      {children}
      {hint && <div className="text-xs text-slate-500">{hint}</div>}
    </div>
  );
}

export const inputClass = "rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-blue-500";

export function StatusBadge({ value }: { value: string }) {
  const colors: Record<string, string> = {
    draft: "bg-slate-200 text-slate-800",
    red_executing: "bg-red-100 text-red-800",
    blue_evaluating: "bg-blue-100 text-blue-800",
    in_review: "bg-amber-100 text-amber-800",
    validated: "bg-green-100 text-green-800",
    rejected: "bg-rose-200 text-rose-900",
  };
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${colors[value] ?? "bg-slate-100"}`} data-testid="state">{value.replace(/_/g, " ")}</span>;
}

interface Toast {
  id: number;
  kind: "ok" | "error";
  text: string;
}
const ToastContext = createContext<(kind: Toast["kind"], text: string) => void>(() => undefined);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((kind: Toast["kind"], text: string) => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t, { id, kind, text }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 6000);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="fixed bottom-4 right-4 z-50 flex flex-col gap-2" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} role={t.kind === "error" ? "alert" : "status"} className={`max-w-md rounded-md px-4 py-2 text-sm shadow-lg ${t.kind === "ok" ? "bg-green-700 text-white" : "bg-red-700 text-white"}`}>
            {t.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}
