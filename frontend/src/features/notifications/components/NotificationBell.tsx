import { useEffect, useId, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Bell, CheckCheck } from "lucide-react";
import { ApiError, errorMessage } from "@/api/client";
import type { Notification } from "@/api/types";
import { cx, Spinner, useToast } from "@/components/ui";
import { timeAgo } from "@/lib/format";
import { latestNotificationsQuery, unreadCountQuery, useMarkAllRead, useMarkRead } from "../api/notifications";

/** The bell with the unread count; hidden when the server has no notifications endpoint. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const count = useQuery(unreadCountQuery);
  const list = useQuery({ ...latestNotificationsQuery, enabled: open });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const navigate = useNavigate();
  const toast = useToast();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  if (count.error instanceof ApiError && count.error.status === 404) return null;
  const unread = count.data?.count ?? 0;

  const openItem = (n: Notification) => {
    if (!n.read) markRead.mutate(n.id);
    setOpen(false);
    if (n.test_id) navigate(`/tests/${n.test_id}`);
  };

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        className="relative rounded-full p-2 text-slate-500 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <Bell className="size-5" aria-hidden />
        {unread > 0 && (
          <span
            data-testid="unread-count"
            className="absolute -top-0.5 -right-0.5 flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-rose-600 px-1 text-[10px] font-semibold text-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          id={panelId}
          role="region"
          aria-label="Notifications"
          className="absolute right-0 z-40 mt-2 w-96 max-w-[calc(100vw-2rem)] overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xl"
        >
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
            <p className="text-sm font-semibold text-slate-900">Notifications</p>
            <button
              type="button"
              disabled={unread === 0 || markAll.isPending}
              onClick={() =>
                markAll.mutate(undefined, { onSuccess: () => toast.success("All notifications marked as read") })
              }
              className="inline-flex items-center gap-1 rounded px-1.5 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:text-slate-400 disabled:hover:bg-transparent"
            >
              <CheckCheck className="size-3.5" aria-hidden /> Mark all read
            </button>
          </div>
          <div className="max-h-96 overflow-y-auto">
            {list.isLoading && (
              <div className="flex justify-center py-8 text-indigo-600">
                <Spinner label="Loading notifications" />
              </div>
            )}
            {list.isError && <p className="px-4 py-6 text-sm text-rose-700">{errorMessage(list.error)}</p>}
            {list.data && list.data.items.length === 0 && (
              <p className="px-4 py-8 text-center text-sm text-slate-500">You are all caught up.</p>
            )}
            <ul>
              {list.data?.items.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    onClick={() => openItem(n)}
                    className={cx(
                      "flex w-full items-start gap-3 border-b border-slate-50 px-4 py-3 text-left hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none",
                      !n.read && "bg-indigo-50/40",
                    )}
                  >
                    <span
                      className={cx("mt-1.5 size-2 shrink-0 rounded-full", n.read ? "bg-transparent" : "bg-indigo-600")}
                      aria-hidden
                    />
                    <span className="flex-1">
                      <span className="block text-sm text-slate-700">{n.message}</span>
                      <span className="mt-0.5 block text-xs text-slate-400">
                        {timeAgo(n.created_at)}
                        {!n.read && <span className="sr-only"> (unread)</span>}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </div>
  );
}
