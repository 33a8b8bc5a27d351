import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { Page } from "../api/types";
import { Card, Empty, ErrorBox, Loading, inputClass } from "../components/ui";
import { when } from "../lib/format";

interface Entry { id: string; at: string; actor_username: string | null; action: string; target_type: string; target_id: string | null; ip: string | null; summary: unknown }

export default function Audit() {
  const [action, setAction] = useState("");
  const [target, setTarget] = useState("");
  const params = new URLSearchParams({ limit: "100" });
  if (action) params.set("action", action);
  if (target) params.set("target_type", target);
  const q = useInfiniteQuery({
    queryKey: ["audit", params.toString()],
    queryFn: ({ pageParam }) => api<Page<Entry>>(`/api/v1/audit-logs?${params}${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (p) => p.next_cursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-end gap-3">
        <h1 className="mr-auto text-2xl font-bold">Audit log</h1>
        <label className="text-sm">Action <input className={inputClass} value={action} onChange={(e) => setAction(e.target.value)} placeholder="user. or test.vote" /></label>
        <label className="text-sm">Target type <input className={inputClass} value={target} onChange={(e) => setTarget(e.target.value)} placeholder="test" /></label>
      </div>
      <Card>
        {q.isLoading ? <Loading /> : q.error ? <ErrorBox error={q.error} /> : rows.length === 0 ? <Empty>No entries.</Empty> : (
          <table className="w-full text-sm"><thead><tr className="text-left text-slate-500"><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>IP</th><th>Change</th></tr></thead>
            <tbody>{rows.map((e) => <tr key={e.id} className="border-t border-slate-100 align-top"><td>{when(e.at)}</td><td>{e.actor_username ?? "system"}</td><td>{e.action}</td><td>{e.target_type} {e.target_id}</td><td>{e.ip}</td><td className="max-w-md truncate font-mono text-xs">{JSON.stringify(e.summary)}</td></tr>)}</tbody></table>
        )}
        {q.hasNextPage && <button className="mt-2 text-sm text-blue-700" onClick={() => q.fetchNextPage()}>Load more</button>}
      </Card>
    </div>
  );
}
