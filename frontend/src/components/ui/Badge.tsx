import type { ReactNode } from "react";
import type { Coverage, Role, Severity, TestState } from "@/api/types";
import { ROLE_LABELS } from "@/auth/permissions";
import { STATUS_LABELS } from "@/lib/heatmap";
import { usePaletteColors } from "@/lib/palette";
import { STATE_LABELS } from "@/lib/labels";
import { cx } from "./cx";

type Tone = "slate" | "indigo" | "sky" | "amber" | "violet" | "emerald" | "rose" | "red" | "blue" | "orange";

const TONES: Record<Tone, string> = {
  slate: "bg-slate-100 text-slate-700 ring-slate-500/20",
  indigo: "bg-indigo-50 text-indigo-700 ring-indigo-600/20",
  sky: "bg-sky-50 text-sky-700 ring-sky-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  violet: "bg-violet-50 text-violet-700 ring-violet-600/20",
  emerald: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  rose: "bg-rose-50 text-rose-700 ring-rose-600/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  blue: "bg-blue-50 text-blue-700 ring-blue-600/20",
  orange: "bg-orange-50 text-orange-700 ring-orange-600/20",
};

export function Badge({ tone = "slate", children, className }: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <span
      className={cx(
        "inline-flex items-center gap-1 rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

const STATE_TONES: Record<TestState, Tone> = {
  draft: "slate",
  red_executing: "red",
  blue_evaluating: "blue",
  in_review: "violet",
  validated: "emerald",
  rejected: "rose",
};

export function StateBadge({ state }: { state: TestState }) {
  return (
    <Badge tone={STATE_TONES[state]}>
      <span className="size-1.5 rounded-full bg-current" aria-hidden />
      {STATE_LABELS[state]}
    </Badge>
  );
}

export function CoverageBadge({ status }: { status: Coverage }) {
  const colors = usePaletteColors();
  return (
    <span className="inline-flex items-center gap-1.5 rounded-md bg-white px-2 py-0.5 text-xs font-medium whitespace-nowrap text-slate-700 ring-1 ring-slate-200 ring-inset">
      <span className="size-2.5 rounded-sm" style={{ background: colors.status[status] }} aria-hidden />
      {STATUS_LABELS[status]}
    </span>
  );
}

const SEVERITY_TONES: Record<Severity, Tone> = { low: "slate", medium: "amber", high: "orange", critical: "rose" };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge tone={SEVERITY_TONES[severity]}>{severity.charAt(0).toUpperCase() + severity.slice(1)}</Badge>;
}

const ROLE_TONES: Record<Role, Tone> = {
  admin: "indigo",
  red_tech: "red",
  red_lead: "red",
  blue_tech: "blue",
  blue_lead: "blue",
  viewer: "slate",
};

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={ROLE_TONES[role]}>{ROLE_LABELS[role]}</Badge>;
}
