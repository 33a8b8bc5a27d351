import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { ArrowRight, Inbox } from "lucide-react";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { formatDuration, plural } from "@/lib/format";
import { groupTasks, TASK_GROUP_LABELS } from "@/lib/tasks";
import { myTasksQuery } from "../api/dashboard";

/** "Waiting on you": the caller's tasks by step, each a link to that group of the inbox. */
export function WaitingStrip() {
  const user = useCurrentUser();
  const q = useQuery(myTasksQuery(can.hasTasks(user.role)));
  if (!q.data) return null;
  const groups = groupTasks(q.data.items);
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  const oldest = Math.max(0, ...groups.flatMap((g) => g.items.map((i) => i.ageSecs)));
  return (
    <section aria-labelledby="waiting-title" className="mb-6 flex flex-wrap items-center gap-3 rounded-xl border border-indigo-200 bg-indigo-50 px-5 py-3" data-testid="waiting-strip">
      <Inbox className="size-5 text-indigo-700" aria-hidden />
      <h2 id="waiting-title" className="text-sm font-semibold text-indigo-950">
        {total === 0 ? "Nothing is waiting on you" : `Waiting on you: ${plural(total, "test")}`}
      </h2>
      {total > 0 && (
        <>
          <ul className="flex flex-wrap gap-2" aria-label="Waiting on you, by step">
            {groups.map((g) => (
              <li key={g.action}>
                <Link to={`/tests/my-tasks#tasks-${g.action}`} className="inline-flex items-center gap-1 rounded-full bg-white px-3 py-1 text-sm font-medium text-indigo-800 ring-1 ring-indigo-200 hover:bg-indigo-100">
                  {TASK_GROUP_LABELS[g.action].title} {g.items.length}
                </Link>
              </li>
            ))}
          </ul>
          <span className="text-xs text-indigo-900">the longest for {formatDuration(oldest)}</span>
          <Link to="/tests/my-tasks" className="ml-auto inline-flex items-center gap-1 text-sm font-medium text-indigo-800 hover:underline">
            Open my tasks <ArrowRight className="size-4" aria-hidden />
          </Link>
        </>
      )}
    </section>
  );
}
