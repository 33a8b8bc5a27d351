import { useState } from "react";
import { Link } from "react-router";
import type { AlertMatched } from "@/api/types";
import { subjectLabel, subjectLink } from "../model/condition";
import { useNames } from "./useNames";

/** Matches listed before "Show all". */
const FOLDED = 5;

/** What a firing (or a dry run) of `kind` matched: each subject, linked when it has a page, and why. */
export function MatchedList({ kind, matched, label = "What matched" }: { kind: string; matched: readonly AlertMatched[]; label?: string }) {
  const [all, setAll] = useState(false);
  const names = useNames(kind, kind === "threat_actor_score_below" ? (matched[0]?.subject ?? "") : "");
  if (matched.length === 0) return <p className="text-xs text-slate-500">Nothing matched.</p>;
  const shown = all ? matched : matched.slice(0, FOLDED);
  return (
    <div>
      <ul aria-label={label} className="flex flex-col gap-0.5 text-xs">
        {shown.map((m, i) => {
          const to = subjectLink(kind, m.subject);
          const name = subjectLabel(kind, m.subject, names);
          return (
            <li key={`${m.subject}-${i}`} data-subject={m.subject}>
              {to ? (
                <Link to={to} className="font-medium text-indigo-700 hover:underline">
                  {name}
                </Link>
              ) : (
                <span className="font-medium text-slate-800">{name}</span>
              )}
              <span className="text-slate-600"> — {m.detail}</span>
            </li>
          );
        })}
      </ul>
      {matched.length > FOLDED && (
        <button type="button" onClick={() => setAll((a) => !a)} aria-expanded={all} className="mt-1 text-xs font-medium text-indigo-700 hover:underline">
          {all ? "Show fewer" : `Show all ${matched.length}`}
        </button>
      )}
    </div>
  );
}
