import { useEffect, useMemo, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { Card, cx, EmptyState, ErrorState, Field, Input, LoadingState, LoadMore, PageHeader, Select } from "@/components/ui";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { allItems, controlsList, frameworkQuery, gapsQuery } from "../api/compliance";
import { ControlsTable } from "../components/ControlsTable";
import { FrameworkFacts } from "../components/FrameworkFacts";
import { GapView } from "../components/GapView";
import { frameworkViewFromParams, withFrameworkView, type FrameworkView } from "../model/view";

export default function FrameworkPage() {
  const { frameworkId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const framework = useQuery(frameworkQuery(frameworkId));
  const v = frameworkViewFromParams(params, framework.data?.families);
  const set = <K extends keyof FrameworkView>(k: K, value: FrameworkView[K]) => setParams((p) => withFrameworkView(p, k, value), { replace: true });
  const [text, setText] = useState(v.q);
  const settled = useDebouncedValue(text.trim(), 300);
  useEffect(() => setText(v.q), [v.q]);
  useEffect(() => {
    if (settled !== v.q.trim()) setParams((p) => withFrameworkView(p, "q", settled), { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);

  const controls = useInfiniteQuery({ ...controlsList(frameworkId, { q: v.q, family: v.family }), enabled: framework.isSuccess && v.view === "controls" });
  const gaps = useQuery({ ...gapsQuery(frameworkId, v.family), enabled: framework.isSuccess });
  const gapById = useMemo(() => new Map((gaps.data?.controls ?? []).map((g) => [g.control_id, g])), [gaps.data]);
  const items = allItems(controls.data);

  if (framework.isLoading) return <LoadingState />;
  if (framework.isError) return <ErrorState error={framework.error} onRetry={() => void framework.refetch()} />;
  const f = framework.data!;
  const tab = (view: FrameworkView["view"], label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={v.view === view}
      onClick={() => set("view", view)}
      className={cx(
        "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600",
        v.view === view ? "bg-indigo-50 text-indigo-800 ring-1 ring-indigo-200" : "text-slate-600 hover:bg-slate-100",
      )}
    >
      {label}
    </button>
  );

  return (
    <>
      <PageHeader breadcrumbs={[{ label: "Compliance", to: "/compliance" }, { label: f.name }]} title={`${f.name}${f.version ? ` ${f.version}` : ""}`} />
      <Card className="mb-6">
        <FrameworkFacts framework={f} />
      </Card>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div role="tablist" aria-label="Framework views" className="flex gap-2">
          {tab("controls", "Controls")}
          {tab("gaps", "Gap analysis")}
        </div>
        <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter the controls">
          <Field id="fw-family" label="Family">
            <Select value={v.family} onChange={(e) => set("family", e.target.value)} className="w-40">
              <option value="">All families</option>
              {f.families.map((fam) => (
                <option key={fam} value={fam}>
                  {fam}
                </option>
              ))}
            </Select>
          </Field>
          {v.view === "controls" && (
            <Field id="fw-search" label="Search controls">
              <div className="relative">
                <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-500" aria-hidden />
                <Input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Id, name or description" className="w-64 pl-8" />
              </div>
            </Field>
          )}
        </div>
      </div>
      <div role="tabpanel" aria-label={v.view === "gaps" ? "Gap analysis" : "Controls"}>
        {v.view === "gaps" ? (
          <>
            {gaps.isLoading && <LoadingState />}
            {gaps.isError && <ErrorState error={gaps.error} onRetry={() => void gaps.refetch()} />}
            {gaps.data && <GapView report={gaps.data} family={v.family} />}
          </>
        ) : (
          <Card bodyClassName="p-0">
            {controls.isLoading && <LoadingState />}
            {controls.isError && <ErrorState error={controls.error} onRetry={() => void controls.refetch()} />}
            {controls.isSuccess && items.length === 0 && <EmptyState title="No control matches" description="Change the family or the search." />}
            {items.length > 0 && <ControlsTable fid={f.id} controls={items} gaps={gaps.data ? gapById : undefined} />}
            {items.length > 0 && (
              <LoadMore hasMore={Boolean(controls.hasNextPage)} loading={controls.isFetchingNextPage} onLoad={() => void controls.fetchNextPage()} count={items.length} noun={["control", "controls"]} />
            )}
          </Card>
        )}
      </div>
    </>
  );
}
