import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import { CheckCircle2, X, XCircle } from "lucide-react";
import { cx } from "./cx";
import type { Toast, Toaster } from "./toaster";

const Ctx = createContext<Toaster | null>(null);

/**
 * Success and error messages, announced to screen readers. `toaster` is created by whoever also
 * builds the QueryClient, so failed mutations land here too.
 */
export function ToastProvider({ toaster, children }: { toaster: Toaster; children: ReactNode }) {
  const toasts = useSyncExternalStore(toaster.subscribe, toaster.current);
  return (
    <Ctx.Provider value={toaster}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-[60] print:hidden flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2">
        {toasts.map((t) => (
          <ToastView key={t.id} toast={t} onDismiss={() => toaster.dismiss(t.id)} />
        ))}
      </div>
    </Ctx.Provider>
  );
}

function ToastView({ toast: t, onDismiss }: { toast: Toast; onDismiss: () => void }) {
  return (
    <div
      role={t.kind === "error" ? "alert" : "status"}
      data-toast={t.kind}
      className={cx(
        "pointer-events-auto flex items-start gap-3 rounded-lg border bg-white p-3.5 text-sm shadow-lg",
        t.kind === "success" ? "border-emerald-200" : "border-rose-200",
      )}
    >
      {t.kind === "success" ? (
        <CheckCircle2 className="size-5 shrink-0 text-emerald-600" aria-hidden />
      ) : (
        <XCircle className="size-5 shrink-0 text-rose-600" aria-hidden />
      )}
      <div className="min-w-0 flex-1 text-slate-700">
        <p className={cx(t.kind === "error" && (t.detail || t.items) && "font-medium text-slate-900")}>{t.title}</p>
        {t.detail && <p className="mt-0.5 break-words">{t.detail}</p>}
        {t.items && (
          <ul className="mt-1 list-disc pl-4 break-words">
            {t.items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        )}
        {t.reference && <p className="mt-1 font-mono text-xs text-slate-500">Request id {t.reference}</p>}
      </div>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss notification"
        className="rounded p-0.5 text-slate-500 hover:text-slate-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <X className="size-4" aria-hidden />
      </button>
    </div>
  );
}

export function useToast(): Toaster {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useToast outside ToastProvider");
  return ctx;
}
