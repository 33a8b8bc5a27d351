import { useQuery } from "@tanstack/react-query";
import { ClipboardCheck } from "lucide-react";
import { ROLE_LABELS } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Card, EmptyState, ErrorState, LoadingState, PageHeader } from "@/components/ui";
import { myTasksQuery } from "../api/tests";
import { TestsTable } from "../components/TestsTable";

const WHAT: Record<string, string> = {
  red_tech: "Drafts to execute and executions to document.",
  blue_tech: "Executed attacks waiting for your detection results.",
  red_lead: "Tests in review you have not voted on, and rejected tests to reopen.",
  blue_lead: "Tests in review you have not voted on, and rejected tests to reopen.",
  admin: "Everything waiting on someone.",
  viewer: "Viewers have no tasks.",
};

export default function MyTasksPage() {
  const user = useCurrentUser();
  const q = useQuery(myTasksQuery);
  return (
    <>
      <PageHeader title="My Pending Tasks" description={`${ROLE_LABELS[user.role]}: ${WHAT[user.role] ?? ""}`} />
      <Card bodyClassName="p-0">
        {q.isLoading && <LoadingState />}
        {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
        {q.data && q.data.items.length === 0 && (
          <EmptyState icon={<ClipboardCheck className="size-6" aria-hidden />} title="Nothing waiting for you" description="New work shows up here and in the notification bell." />
        )}
        {q.data && q.data.items.length > 0 && <TestsTable tests={q.data.items} caption="My pending tasks" />}
      </Card>
    </>
  );
}
