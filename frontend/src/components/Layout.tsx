// The application frame: dark sidebar with the role's navigation, header with the notifications
// bell (polled every 30 s) and the user menu. A 401 anywhere sends the user to the login page.

import { useEffect, useState } from "react";
import { NavLink, Outlet, useNavigate } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { SESSION_EXPIRED, api, errorText } from "../api/client";
import type { Notification, Page } from "../api/types";
import { NAV } from "../auth/permissions";
import { useSession } from "../auth/session";
import { Button, useToast } from "./ui";

export function Layout() {
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();

  useEffect(() => {
    const expired = () => {
      qc.setQueryData(["me"], null);
      navigate("/login?expired=1");
    };
    window.addEventListener(SESSION_EXPIRED, expired);
    return () => window.removeEventListener(SESSION_EXPIRED, expired);
  }, [navigate, qc]);

  if (!user) return null;
  return (
    <div className="flex min-h-screen">
      <nav aria-label="Main" className="w-56 shrink-0 bg-slate-900 text-slate-100">
        <div className="px-4 py-5 text-lg font-bold tracking-wide">🛡️ Aegis</div>
        <ul className="flex flex-col gap-0.5 px-2">
          {NAV.filter((n) => n.visible(user.role)).map((n) => (
            <li key={n.to}>
              <NavLink
                to={n.to}
                end={n.to === "/" || n.to === "/tests"}
                className={({ isActive }) => `block rounded px-3 py-2 text-sm ${isActive ? "bg-slate-700 font-semibold" : "hover:bg-slate-800"}`}
              >
                {n.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="flex flex-1 flex-col">
        <header className="flex items-center justify-end gap-4 border-b border-slate-200 bg-white px-6 py-3">
          <Bell />
          <span className="text-sm text-slate-600" data-testid="whoami">
            {user.username} · <span className="font-medium">{user.role.replace("_", " ")}</span>
          </span>
          <Button kind="secondary" onClick={async () => { await logout(); navigate("/login"); }}>
            Sign out
          </Button>
        </header>
        <main className="flex-1 p-6">
          <Outlet />
        </main>
      </div>
    </div>
  );
}

function Bell() {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const qc = useQueryClient();
  const count = useQuery({
    queryKey: ["unread"],
    queryFn: () => api<{ count: number }>("/api/v1/notifications/unread-count"),
    refetchInterval: 30_000,
  });
  const list = useQuery({
    queryKey: ["notifications"],
    queryFn: () => api<Page<Notification>>("/api/v1/notifications?limit=20"),
    enabled: open,
  });
  const readAll = useMutation({
    mutationFn: () => api("/api/v1/notifications/read-all", { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["unread"] }).then(() => qc.invalidateQueries({ queryKey: ["notifications"] })),
    onError: (e) => toast("error", errorText(e)),
  });
  const n = count.data?.count ?? 0;
  return (
    <div className="relative">
      <button aria-label={`Notifications, ${n} unread`} aria-expanded={open} onClick={() => setOpen(!open)} className="relative rounded-full p-2 hover:bg-slate-100">
        🔔
        {n > 0 && <span className="absolute -right-0.5 -top-0.5 rounded-full bg-red-600 px-1.5 text-xs text-white" data-testid="unread">{n}</span>}
      </button>
      {open && (
        <div className="absolute right-0 z-40 mt-2 w-96 rounded-lg border border-slate-200 bg-white p-3 shadow-xl">
          <div className="mb-2 flex items-center justify-between">
            <span className="text-sm font-semibold">Notifications</span>
            <Button kind="secondary" onClick={() => readAll.mutate()} disabled={n === 0}>Mark all read</Button>
          </div>
          <ul className="max-h-80 overflow-auto text-sm">
            {list.data?.items.length === 0 && <li className="p-2 text-slate-500">Nothing yet.</li>}
            {list.data?.items.map((x) => (
              <li key={x.id} className={`border-b border-slate-100 p-2 ${x.read ? "text-slate-500" : "font-medium"}`}>
                {x.test_id ? <NavLink to={`/tests/${x.test_id}`} onClick={() => setOpen(false)}>{x.message}</NavLink> : x.message}
                <div className="text-xs text-slate-400">{new Date(x.created_at).toLocaleString()}</div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
