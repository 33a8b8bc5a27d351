import { NavLink } from "react-router";
import {
  Activity,
  BadgeCheck,
  BellRing,
  Radar,
  ShieldHalf,
  BookOpen,
  Camera,
  ChartLine,
  GitCompareArrows,
  Database,
  Library,
  ClipboardCheck,
  FileText,
  FlaskConical,
  Flag,
  Gauge,
  Grid3x3,
  LayoutDashboard,
  RefreshCw,
  ScrollText,
  SlidersHorizontal,
  ShieldCheck,
  Users,
  UserX,
  Webhook,
  type LucideIcon,
} from "lucide-react";
import type { Role } from "@/api/types";
import { navigationFor, type NavIcon } from "@/auth/permissions";
import { cx } from "@/components/ui";

const ICONS: Record<NavIcon, LucideIcon> = {
  dashboard: LayoutDashboard,
  executive: Gauge,
  matrix: Grid3x3,
  techniques: BookOpen,
  tests: FlaskConical,
  tasks: ClipboardCheck,
  campaigns: Flag,
  catalog: Library,
  actors: UserX,
  reports: FileText,
  snapshots: Camera,
  metrics: ChartLine,
  comparison: GitCompareArrows,
  alerts: BellRing,
  webhooks: Webhook,
  system: RefreshCw,
  sources: Database,
  scoring: SlidersHorizontal,
  users: Users,
  audit: ScrollText,
  rules: Radar,
  d3fend: ShieldHalf,
  compliance: BadgeCheck,
};

export function Sidebar({ role, onNavigate }: { role?: Role; onNavigate?: () => void }) {
  const sections = navigationFor(role);
  return (
    <div className="flex h-full flex-col bg-slate-900 text-slate-300">
      <div className="flex h-16 shrink-0 items-center gap-2.5 border-b border-white/5 px-5">
        <div className="rounded-lg bg-indigo-500/15 p-1.5">
          <ShieldCheck className="size-5 text-indigo-400" aria-hidden />
        </div>
        <div>
          <p className="text-sm font-semibold text-white">Aegis</p>
          <p className="text-[11px] text-slate-400">ATT&CK coverage</p>
        </div>
      </div>
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 py-4">
        {sections.map((section) => (
          <div key={section.title ?? "main"} className="mb-5">
            {section.title && (
              <p className="mb-1.5 px-3 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">{section.title}</p>
            )}
            <ul className="flex flex-col gap-0.5">
              {section.items.map((item) => {
                const Icon = ICONS[item.icon];
                return (
                  <li key={item.to}>
                    <NavLink
                      to={item.to}
                      end={item.to === "/" || item.to === "/tests"}
                      onClick={onNavigate}
                      className={({ isActive }) =>
                        cx(
                          "group flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                          "focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-indigo-400",
                          isActive ? "bg-white/10 text-white" : "text-slate-400 hover:bg-white/5 hover:text-white",
                        )
                      }
                    >
                      <Icon className="size-4.5 shrink-0" aria-hidden />
                      {item.label}
                    </NavLink>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </nav>
      <div className="flex items-center gap-2 border-t border-white/5 px-5 py-3 text-[11px] text-slate-400">
        <Activity className="size-3.5" aria-hidden /> Red / Blue validation
      </div>
    </div>
  );
}
