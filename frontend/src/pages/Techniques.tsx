import { useRef, useState } from "react";
import { Link } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { api } from "../api/client";
import type { Page, TechniqueSummary } from "../api/types";
import { Empty, ErrorBox, Loading, inputClass } from "../components/ui";
import { STATUS_COLORS, STATUS_LABELS } from "../lib/heatmap";

export default function Techniques() {
  const [q, setQ] = useState("");
  const [tactic, setTactic] = useState("");
  const params = new URLSearchParams({ limit: "200" });
  if (q) params.set("q", q);
  if (tactic) params.set("tactic", tactic);
  const list = useInfiniteQuery({
    queryKey: ["techniques", params.toString()],
    queryFn: ({ pageParam }) => api<Page<TechniqueSummary>>(`/api/v1/techniques?${params}${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (p) => p.next_cursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => 40 });
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-end gap-3">
        <h1 className="mr-auto text-2xl font-bold">Techniques</h1>
        <label className="text-sm">Search <input className={inputClass} value={q} onChange={(e) => setQ(e.target.value)} placeholder="T1059 or PowerShell" /></label>
        <label className="text-sm">Tactic <input className={inputClass} value={tactic} onChange={(e) => setTactic(e.target.value)} placeholder="execution" /></label>
      </div>
      {list.isLoading && <Loading />}
      {list.error && <ErrorBox error={list.error} />}
      {!list.isLoading && rows.length === 0 && <Empty>No techniques match. Has the ATT&CK catalog been synced (System)?</Empty>}
      <div ref={parent} className="h-[70vh] overflow-auto rounded-lg border border-slate-200 bg-white">
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {virtual.getVirtualItems().map((v) => {
            const t = rows[v.index];
            return (
              <div key={t.attack_id} style={{ position: "absolute", top: v.start, height: v.size, width: "100%" }} className="flex items-center gap-3 border-b border-slate-100 px-3 text-sm">
                <span className="inline-block h-3 w-3 rounded" style={{ background: STATUS_COLORS[t.coverage_status] }} title={STATUS_LABELS[t.coverage_status]} />
                <Link to={`/techniques/${t.attack_id}`} className="w-24 font-mono text-blue-700">{t.attack_id}</Link>
                <span className="flex-1">{t.name}</span>
                <span className="w-48 truncate text-slate-500">{t.tactics.join(", ")}</span>
                <span className="w-24 text-slate-500">{t.tests_validated}/{t.tests_total} tests</span>
                {t.reviewed && <span className="text-xs text-green-700">reviewed</span>}
              </div>
            );
          })}
        </div>
      </div>
      {list.hasNextPage && <button className="self-start text-sm text-blue-700" onClick={() => list.fetchNextPage()}>Load more</button>}
    </div>
  );
}
