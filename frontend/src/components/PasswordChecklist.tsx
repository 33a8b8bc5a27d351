import { Check, X } from "lucide-react";
import { PASSWORD_RULES, passwordProblems } from "@/lib/password";
import { cx } from "./ui";

/** The password policy as a live checklist under a password field. */
export function PasswordChecklist({ password, id }: { password: string; id?: string }) {
  const broken = new Set(passwordProblems(password));
  return (
    <ul id={id} className="grid grid-cols-1 gap-1 text-xs sm:grid-cols-2" aria-label="Password requirements">
      {PASSWORD_RULES.map((rule) => {
        const ok = !broken.has(rule.code);
        return (
          <li key={rule.code} className={cx("flex items-center gap-1.5", ok ? "text-emerald-700" : "text-slate-500")}>
            {ok ? <Check className="size-3.5" aria-hidden /> : <X className="size-3.5" aria-hidden />}
            <span>
              {rule.label}
              <span className="sr-only">{ok ? " (met)" : " (not met)"}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
