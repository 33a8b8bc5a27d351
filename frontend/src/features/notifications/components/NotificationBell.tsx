import { useEffect, useId, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Bell, BellOff, CheckCheck, ChevronDown, ChevronRight } from "lucide-react";
import { ApiError, errorMessage } from "@/api/client";
import type { Notification } from "@/api/types";
import { cx, Spinner, useToast } from "@/components/ui";
import { formatDateTime, timeAgo } from "@/lib/format";
import { useMigrateBrowserMutes } from "../api/migrateBrowserMutes";
import { latestNotificationsQuery, unreadCountQuery, useMarkAllRead, useMarkRead } from "../api/notifications";
import { preferencesQuery, useSaveMutedKinds, withMuted } from "../api/preferences";
import { coalesce, deepLink, kindLabel, readableMessage, type NotificationGroup } from "./coalesce";

/** Items of a group shown before "Show all". */
const FOLDED = 3;

/** `onMute` absent: the preferences are not known, so no mute is offered. */
function Group({ group, onOpen, onMute, muting }: { group: NotificationGroup; onOpen: (n: Notification) => void; onMute?: () => void; muting: boolean }) {
  const [expanded, setExpanded] = useState(false);
  const listId = useId();
  const shown = expanded ? group.items : group.items.slice(0, FOLDED);
  const Chevron = expanded ? ChevronDown : ChevronRight;
  return (
    <li className="border-b border-slate-100" data-kind={group.kind}>
      <div className="flex items-center gap-2 bg-slate-50 px-4 py-2">
        <p className="flex-1 text-xs font-semibold text-slate-800">
          {kindLabel(group.kind, group.items.length)} · {group.items.length}
          {group.unread > 0 && <span className="ml-1 font-medium text-indigo-700">({group.unread} unread)</span>}
        </p>
        {onMute && (
          <button
            type="button"
            onClick={onMute}
            disabled={muting}
            className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-200 disabled:text-slate-500 disabled:hover:bg-transparent"
            aria-label={`Mute “${kindLabel(group.kind, 2)}”`}
          >
            <BellOff className="size-3.5" aria-hidden /> Mute
          </button>
        )}
      </div>
      <ul id={listId} aria-label={kindLabel(group.kind, 2)}>
        {shown.map((n) => {
          const to = deepLink(n);
          return (
            <li key={n.id}>
              <button
                type="button"
                onClick={() => onOpen(n)}
                disabled={!to && n.read}
                data-href={to ?? undefined}
                className={cx(
                  "flex w-full items-start gap-3 px-4 py-2.5 text-left hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none",
                  !n.read && "bg-indigo-50/40",
                )}
              >
                <span className={cx("mt-1.5 size-2 shrink-0 rounded-full", n.read ? "bg-transparent" : "bg-indigo-600")} aria-hidden />
                <span className="flex-1">
                  <span className="block text-sm text-slate-800">{readableMessage(n)}</span>
                  <span className="mt-0.5 block text-xs text-slate-600" title={formatDateTime(n.created_at)}>
                    {timeAgo(n.created_at)}
                    {!n.read && <span className="sr-only"> (unread)</span>}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {group.items.length > FOLDED && (
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded((e) => !e)}
          className="flex w-full items-center gap-1 px-4 py-1.5 text-left text-xs font-medium text-indigo-700 hover:bg-indigo-50"
        >
          <Chevron className="size-3.5" aria-hidden />
          {expanded ? "Show fewer" : `Show all ${group.items.length}`}
        </button>
      )}
    </li>
  );
}

/**
 * The bell: unread count, and a panel with the latest notifications coalesced by kind, each
 * leading to what it is about, and a mute per kind kept in the user's preferences on the server
 * (which then neither lists nor counts that kind). Hidden when the server has no notifications
 * endpoint.
 */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const count = useQuery(unreadCountQuery);
  const list = useQuery({ ...latestNotificationsQuery, enabled: open });
  const prefs = useQuery({ ...preferencesQuery, enabled: open });
  const saveMuted = useSaveMutedKinds();
  useMigrateBrowserMutes();
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
  const groups = coalesce(list.data?.items ?? []);
  const muted = prefs.data?.muted_kinds ?? [];
  const setMuted = (kind: string, on: boolean) => saveMuted.mutate(withMuted(muted, kind, on));

  const openItem = (n: Notification) => {
    if (!n.read) markRead.mutate(n.id);
    const to = deepLink(n);
    if (!to) return;
    setOpen(false);
    navigate(to);
  };

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        className="relative rounded-full p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
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
          className="absolute right-0 z-40 mt-2 w-[26rem] max-w-[calc(100vw-2rem)] overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xl"
        >
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
            <p className="text-sm font-semibold text-slate-900">Notifications</p>
            <button
              type="button"
              disabled={(count.data?.count ?? 0) === 0 || markAll.isPending}
              onClick={() => markAll.mutate(undefined, { onSuccess: () => toast.success("All notifications marked as read") })}
              className="inline-flex items-center gap-1 rounded px-1.5 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:text-slate-500 disabled:hover:bg-transparent"
            >
              <CheckCheck className="size-3.5" aria-hidden /> Mark all read
            </button>
          </div>
          <div className="max-h-[28rem] overflow-y-auto">
            {list.isLoading && (
              <div className="flex justify-center py-8 text-indigo-600">
                <Spinner label="Loading notifications" />
              </div>
            )}
            {list.isError && <p className="px-4 py-6 text-sm text-rose-700">{errorMessage(list.error)}</p>}
            {list.data && groups.length === 0 && <p className="px-4 py-8 text-center text-sm text-slate-600">You are all caught up.</p>}
            <ul aria-label="Notifications by kind">
              {groups.map((g) => (
                <Group key={g.kind} group={g} onOpen={openItem} onMute={prefs.data ? () => setMuted(g.kind, true) : undefined} muting={saveMuted.isPending} />
              ))}
            </ul>
          </div>
          {muted.length > 0 && (
            <div className="flex flex-wrap items-center gap-2 border-t border-slate-100 px-4 py-2 text-xs text-slate-700">
              <span>Muted (kept, neither shown nor counted):</span>
              {muted.map((kind) => (
                <button
                  key={kind}
                  type="button"
                  onClick={() => setMuted(kind, false)}
                  disabled={saveMuted.isPending}
                  className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 font-medium hover:bg-slate-200 disabled:text-slate-500"
                  aria-label={`Unmute “${kindLabel(kind, 2)}”`}
                >
                  {kindLabel(kind, 2)} · Unmute
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
