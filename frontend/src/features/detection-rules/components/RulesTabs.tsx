import { NavLink } from "react-router";
import { cx } from "@/components/ui";

const tab = ({ isActive }: { isActive: boolean }) =>
  cx(
    "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600",
    isActive ? "bg-indigo-50 text-indigo-800 ring-1 ring-indigo-200" : "text-slate-600 hover:bg-slate-100",
  );

/** Between the rules and their gaps. */
export function RulesTabs() {
  return (
    <nav aria-label="Detection rule views" className="mb-4 flex gap-2">
      <NavLink to="/detection-rules" end className={tab}>
        Rules
      </NavLink>
      <NavLink to="/detection-rules/gaps" className={tab}>
        Gaps
      </NavLink>
    </nav>
  );
}
