import { Suspense, useEffect, useState } from "react";
import { Outlet, useLocation } from "react-router";
import { Menu, X } from "lucide-react";
import { useCurrentUser } from "@/auth/session";
import { ErrorBoundary } from "@/components/ErrorBoundary";
import { LoadingState } from "@/components/ui";
import { NotificationBell } from "@/features/notifications/components/NotificationBell";
import { Sidebar } from "./Sidebar";
import { UserMenu } from "./UserMenu";

/** The signed-in frame: dark sidebar, top bar with the bell and the user menu, the screen. */
export function AppLayout() {
  const user = useCurrentUser();
  const [drawer, setDrawer] = useState(false);
  const location = useLocation();

  useEffect(() => setDrawer(false), [location.pathname]);

  return (
    <div className="flex min-h-screen bg-slate-50 print:block print:bg-white">
      <a
        href="#main"
        className="sr-only z-50 rounded bg-white print:hidden px-3 py-2 text-sm font-medium text-indigo-700 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      {/* The dark column runs the page's full height; the navigation inside it stays in view. */}
      <aside className="hidden w-64 shrink-0 bg-slate-900 lg:block print:hidden">
        <div className="sticky top-0 h-screen">
          <Sidebar role={user.role} />
        </div>
      </aside>
      {drawer && (
        <div className="fixed inset-0 z-40 lg:hidden">
          <div className="absolute inset-0 bg-slate-900/60" aria-hidden onClick={() => setDrawer(false)} />
          <div className="relative h-full w-64">
            <Sidebar role={user.role} onNavigate={() => setDrawer(false)} />
            <button
              type="button"
              onClick={() => setDrawer(false)}
              aria-label="Close navigation"
              className="absolute top-4 -right-11 rounded-md bg-slate-900 p-1.5 text-white focus-visible:outline-2 focus-visible:outline-white"
            >
              <X className="size-5" aria-hidden />
            </button>
          </div>
        </div>
      )}
      <div className="min-w-0 flex-1">
        <header className="sticky top-0 z-20 flex h-16 items-center gap-3 border-b border-slate-200 bg-white/90 px-4 backdrop-blur sm:px-6 print:hidden">
          <button
            type="button"
            onClick={() => setDrawer(true)}
            aria-label="Open navigation"
            className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 lg:hidden"
          >
            <Menu className="size-5" aria-hidden />
          </button>
          <div className="flex-1" />
          <NotificationBell />
          <div className="h-6 w-px bg-slate-200" aria-hidden />
          <UserMenu user={user} />
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-[1600px] px-4 py-6 focus:outline-none sm:px-6 lg:px-8 print:max-w-none print:p-0">
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<LoadingState />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
