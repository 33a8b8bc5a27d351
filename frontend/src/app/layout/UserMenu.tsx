import { useEffect, useId, useRef, useState } from "react";
import { ChevronDown, KeyRound, KeySquare, LogOut, ShieldCheck } from "lucide-react";
import { useNavigate } from "react-router";
import { MFA_ENROL_PATH } from "@/auth/session";
import type { User } from "@/api/types";
import { ROLE_LABELS } from "@/auth/permissions";
import { ChangePasswordDialog } from "@/features/auth/components/ChangePasswordDialog";
import { useSignOut } from "@/features/auth/components/useSignOut";

function initials(user: User): string {
  const source = user.full_name?.trim() || user.username;
  const parts = source.split(/[\s._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts[1]?.[0] ?? "")).toUpperCase() || "?";
}

/** The user's name and role, with change password and sign out. */
export function UserMenu({ user }: { user: User }) {
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const navigate = useNavigate();
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { signOut: endSession } = useSignOut();

  useEffect(() => {
    if (!open) return;
    const first = root.current?.querySelector<HTMLElement>('[role="menuitem"]');
    first?.focus();
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      const items = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
      const at = items.indexOf(document.activeElement as HTMLElement);
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      } else if (e.key === "ArrowDown" && items.length) {
        e.preventDefault();
        items[(at + 1) % items.length]?.focus();
      } else if (e.key === "ArrowUp" && items.length) {
        e.preventDefault();
        items[(at - 1 + items.length) % items.length]?.focus();
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const signOut = () => {
    setOpen(false);
    endSession();
  };

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2.5 rounded-full py-1 pr-2 pl-1 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <span className="flex size-8 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white" aria-hidden>
          {initials(user)}
        </span>
        <span className="hidden text-left sm:block">
          <span className="block text-sm leading-tight font-medium text-slate-800" data-testid="current-user">
            {user.full_name || user.username}
          </span>
          <span className="block text-xs leading-tight text-slate-500">{ROLE_LABELS[user.role]}</span>
        </span>
        <ChevronDown className="size-4 text-slate-500" aria-hidden />
        <span className="sr-only">Account menu</span>
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label="Account"
          className="absolute right-0 z-40 mt-2 w-56 overflow-hidden rounded-lg border border-slate-200 bg-white py-1 shadow-xl"
        >
          <div className="border-b border-slate-100 px-4 py-2.5">
            <p className="truncate text-sm font-medium text-slate-800" title={user.username}>
              {user.username}
            </p>
            <p className="truncate text-xs text-slate-600" title={user.email ?? ROLE_LABELS[user.role]}>
              {user.email ?? ROLE_LABELS[user.role]}
            </p>
          </div>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              setChanging(true);
            }}
            className="flex w-full items-center gap-2 px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-50 focus:bg-slate-100 focus:outline-none"
          >
            <KeyRound className="size-4 text-slate-500" aria-hidden /> Change password
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              navigate("/api-tokens");
            }}
            className="flex w-full items-center gap-2 px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-50 focus:bg-slate-100 focus:outline-none"
          >
            <KeySquare className="size-4 text-slate-500" aria-hidden /> API tokens
          </button>
          {!user.mfa_enabled && (
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                navigate(MFA_ENROL_PATH);
              }}
              className="flex w-full items-center gap-2 px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-50 focus:bg-slate-100 focus:outline-none"
            >
              <ShieldCheck className="size-4 text-slate-500" aria-hidden /> Set up two-factor sign-in
            </button>
          )}
          <button
            type="button"
            role="menuitem"
            onClick={signOut}
            className="flex w-full items-center gap-2 px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-50 focus:bg-slate-100 focus:outline-none"
          >
            <LogOut className="size-4 text-slate-500" aria-hidden /> Sign out
          </button>
        </div>
      )}
      <ChangePasswordDialog open={changing} onClose={() => setChanging(false)} />
    </div>
  );
}
