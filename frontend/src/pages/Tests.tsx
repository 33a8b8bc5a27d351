import { Link } from "react-router";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { Page, Test } from "../api/types";
import { can } from "../auth/permissions";
import { useSession } from "../auth/session";
import { Empty, ErrorBox, Loading, StatusBadge } from "../components/ui";
import { when } from "../lib/format";

function Table({ rows }: { rows: Test[] }) {
  if (rows.length === 0) return <Empty>No tests here.</Empty>;
  return (
    <table className="w-full rounded-lg bg-white text-sm shadow-sm">
      <thead><tr className="border-b text-left text-slate-500"><th className="p-2">Title</th><th>Technique</th><th>State</th><th>Severity</th><th>Red / Blue</th><th>Updated</th></tr></thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.id} className="border-b border-slate-100">
            <td className="p-2"><Link className="text-blue-700" to={`/tests/${t.id}`}>{t.title}</Link></td>
            <td><span className="font-mono">{t.technique_id}</span> {t.technique_name}</td>
            <td><StatusBadge value={t.state} /></td>
            <td>{t.severity}</td>
            <td>{t.assigned_red ?? "—"} / {t.assigned_blue ?? "—"}</td>
            <td>{when(t.updated_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Tests({ mine }: { mine: boolean }) {
  const { user } = useSession();
  const all = useInfiniteQuery({
    queryKey: ["tests"],
    queryFn: ({ pageParam }) => api<Page<Test>>(`/api/v1/tests?limit=100${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (p) => p.next_cursor ?? undefined,
    enabled: !mine,
  });
  const tasks = useQuery({ queryKey: ["my-tasks"], queryFn: () => api<{ items: Test[] }>("/api/v1/tests/my-tasks"), enabled: mine });
  const q = mine ? tasks : all;
  const rows = mine ? tasks.data?.items ?? [] : all.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center">
        <h1 className="mr-auto text-2xl font-bold">{mine ? "My pending tasks" : "Tests"}</h1>
        {user && can.createTest(user.role) && <Link className="rounded-md bg-blue-600 px-3 py-1.5 text-sm text-white" to="/tests/new">New test</Link>}
      </div>
      {q.isLoading ? <Loading /> : q.error ? <ErrorBox error={q.error} /> : <Table rows={rows} />}
      {!mine && all.hasNextPage && <button className="self-start text-sm text-blue-700" onClick={() => all.fetchNextPage()}>Load more</button>}
    </div>
  );
}
