import type { ReactNode } from "react";
import { AlertTriangle, Inbox } from "lucide-react";
import { errorMessage } from "@/api/client";
import { cx } from "./cx";

export function Spinner({ className, label }: { className?: string; label?: string }) {
  return (
    <svg
      className={cx("animate-spin text-current", className ?? "size-5")}
      viewBox="0 0 24 24"
      fill="none"
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      <circle className="opacity-25" cx="12" cy="12" r="10" stroke="currentColor" strokeWidth="4" />
      <path className="opacity-75" fill="currentColor" d="M4 12a8 8 0 018-8v4a4 4 0 00-4 4H4z" />
    </svg>
  );
}

export function LoadingState({ label = "Loading…", className }: { label?: string; className?: string }) {
  return (
    <div role="status" className={cx("flex items-center justify-center gap-3 py-12 text-sm text-slate-600", className)}>
      <Spinner className="size-5 text-indigo-600" />
      {label}
    </div>
  );
}

export function EmptyState({
  title,
  description,
  action,
  icon,
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 px-6 py-12 text-center">
      <div className="rounded-full bg-slate-100 p-3 text-slate-500">{icon ?? <Inbox className="size-6" aria-hidden />}</div>
      <p className="text-sm font-semibold text-slate-700">{title}</p>
      {description && <p className="max-w-md text-sm text-slate-600">{description}</p>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}

export function ErrorState({ error, onRetry, title = "Something went wrong" }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <div role="alert" className="m-4 flex items-start gap-3 rounded-lg border border-rose-200 bg-rose-50 p-4 text-sm">
      <AlertTriangle className="mt-0.5 size-5 shrink-0 text-rose-600" aria-hidden />
      <div className="flex-1">
        <p className="font-semibold text-rose-800">{title}</p>
        <p className="mt-1 text-rose-700">{errorMessage(error)}</p>
        {onRetry && (
          <button
            type="button"
            onClick={onRetry}
            className="mt-2 font-medium text-rose-800 underline underline-offset-2 hover:text-rose-900 focus-visible:outline-2 focus-visible:outline-rose-600"
          >
            Try again
          </button>
        )}
      </div>
    </div>
  );
}

/** The "load more" footer of a paginated list. */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  count,
  noun = ["item", "items"],
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  count: number;
  /** Singular and plural: "1 test loaded", "2 tests loaded". */
  noun?: readonly [string, string];
}) {
  return (
    <div className="flex items-center justify-between border-t border-slate-100 px-4 py-3 text-xs text-slate-600">
      <span aria-live="polite">
        {count} {count === 1 ? noun[0] : noun[1]} loaded
      </span>
      {hasMore && (
        <button
          type="button"
          onClick={onLoad}
          disabled={loading}
          className="inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:opacity-60"
        >
          {loading && <Spinner className="size-4" />}
          Load more
        </button>
      )}
    </div>
  );
}
