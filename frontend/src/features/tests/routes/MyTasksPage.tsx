import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { ArrowRight, ClipboardCheck } from "lucide-react";
import type { TestRow } from "@/api/types";
import { ROLE_LABELS } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { OutcomeBadge } from "@/components/OutcomeBadge";
import { sortTests, type Sort } from "@/components/tests/sortTests";
import { SortHeader } from "@/components/tests/TestsTable";
import { Card, EmptyState, ErrorState, LinkButton, LoadingState, PageHeader, StateBadge, Table, Td, Th, useScrollToHash } from "@/components/ui";
import { formatDateTime, formatDuration, plural } from "@/lib/format";
import { rowOutcome, rowTimeToDetect } from "@/lib/outcome";
import { groupTasks, TASK_GROUP_LABELS, taskStep, type TaskItem } from "@/lib/tasks";
import { myTasksQuery } from "../api/tests";

const WHAT: Record<string, string> = {
  red_tech: "Drafts to execute and executions to document.",
  blue_tech: "Executed attacks waiting for your detection results.",
  red_lead: "Tests in review you have not voted on, and rejected tests to reopen.",
  blue_lead: "Tests in review you have not voted on, and rejected tests to reopen.",
  admin: "Everything waiting on someone.",
  viewer: "Viewers have no tasks.",
};

/** My Pending Tasks as an inbox: grouped by the step asked, the longest waiting first. */
export default function MyTasksPage() {
  const user = useCurrentUser();
  const q = useQuery(myTasksQuery);
  const groups = q.data ? groupTasks(q.data.items) : [];
  useScrollToHash(q.isSuccess);
  return (
    <>
      <PageHeader title="My Pending Tasks" description={`${ROLE_LABELS[user.role]}: ${WHAT[user.role] ?? ""}`} />
      {q.isLoading && <LoadingState />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && groups.length === 0 && (
        <Card>
          <EmptyState icon={<ClipboardCheck className="size-6" aria-hidden />} title="Nothing waiting for you" description="New work shows up here and in the notification bell." />
        </Card>
      )}
      {groups.length > 0 && (
        <nav aria-label="Task groups" className="mb-4 flex flex-wrap gap-2">
          {groups.map((g) => (
            <a key={g.action} href={`#tasks-${g.action}`} className="rounded-full bg-white px-3 py-1 text-sm font-medium text-indigo-700 ring-1 ring-slate-200 hover:bg-indigo-50">
              {TASK_GROUP_LABELS[g.action].title} ({g.items.length})
            </a>
          ))}
        </nav>
      )}
      <div className="flex flex-col gap-6">
        {groups.map((g) => {
          const label = TASK_GROUP_LABELS[g.action];
          return (
            <Card key={g.action} id={`tasks-${g.action}`} title={`${label.title} · ${plural(g.items.length, "test")}`} description={label.description} bodyClassName="p-0">
              <div data-task-group={g.action}>
                <TaskTable items={g.items} caption={`${label.title}: ${label.description}`} />
              </div>
            </Card>
          );
        })}
      </div>
    </>
  );
}

/**
 * One group's tasks: what each test proved so far (outcome, time to detect) next to its state and
 * how long it has waited; every column but the step sorts, the longest waiting first.
 */
function TaskTable({ items, caption }: { items: readonly TaskItem<TestRow>[]; caption: string }) {
  const [sort, setSort] = useState<Sort>({ key: "waiting", dir: "desc" });
  const ages = new Map(items.map((i) => [i.test.id, i.ageSecs]));
  const rows = sortTests(
    items.map((i) => i.test),
    sort,
  );
  const header = { sort, onSort: setSort };
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <SortHeader label="Test" k="title" {...header} />
          <SortHeader label="Technique" k="technique" {...header} />
          <SortHeader label="State" k="state" {...header} />
          <SortHeader label="Outcome" k="outcome" {...header} />
          <SortHeader label="Time to detect" k="ttd" {...header} />
          <SortHeader label="Waiting for" k="waiting" {...header} />
          <Th>
            <span className="sr-only">Step</span>
          </Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((test) => {
          const step = taskStep(test);
          const ttd = rowTimeToDetect(test);
          const ageSecs = ages.get(test.id) ?? 0;
          return (
            <tr key={test.id} data-task={test.id}>
              <Td className="max-w-xs">
                <Link to={`/tests/${test.id}`} title={test.title} className="block truncate font-medium text-indigo-700 hover:underline">
                  {test.title}
                </Link>
              </Td>
              <Td className="max-w-xs text-xs">
                <span className="font-mono text-slate-700">{test.technique_id}</span>
                <span className="block truncate text-slate-600" title={test.technique_name}>
                  {test.technique_name}
                </span>
              </Td>
              <Td>
                <StateBadge state={test.state} />
              </Td>
              <Td>
                <OutcomeBadge outcome={rowOutcome(test)} />
              </Td>
              <Td className="text-xs whitespace-nowrap text-slate-700 tabular-nums" data-ttd={ttd ?? ""}>
                {ttd === null ? <span className="text-slate-500">—</span> : formatDuration(ttd)}
              </Td>
              <Td className="text-xs whitespace-nowrap text-slate-700" title={`Last change ${formatDateTime(test.updated_at)}`} data-age={ageSecs}>
                {formatDuration(ageSecs)}
              </Td>
              <Td className="text-right">
                <LinkButton to={step.to} size="sm" variant="secondary" icon={<ArrowRight className="size-3.5" aria-hidden />} aria-label={`${step.label}: ${test.title}`}>
                  {step.label}
                </LinkButton>
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
