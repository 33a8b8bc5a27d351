import { useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { ApiError, fieldErrors } from "@/api/client";
import { tacticsQuery, useTacticName } from "@/api/tactics";
import { Badge, Card, ErrorState, LoadingState, PageHeader, Spinner } from "@/components/ui";
import { plural } from "@/lib/format";
import { operationalQuery } from "../api/metrics";
import { BreakdownTable } from "../components/BreakdownTable";
import { HeadlineCards } from "../components/HeadlineCards";
import { LayerTable } from "../components/LayerTable";
import { MetricsFilters } from "../components/MetricsFilters";
import { WeeklyChart } from "../components/WeeklyChart";
import { dayText } from "../model/format";
import { mttdSeries, ratioSeries, velocitySeries } from "../model/weekly";
import { filtersFromParams, utcDay, withFilters, type MetricsFilters as Filters } from "../model/window";

const TEAM_LABELS: Record<string, string> = { red: "Red team", blue: "Blue team" };

/** The fields a refused window's errors can be shown under, as the filters are now. */
const shownFields = (f: Filters) => (f.window === "custom" ? ["from", "to", "tactic", "team"] : ["tactic", "team"]);

export default function OperationalMetricsPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const metrics = useQuery(operationalQuery(filters));
  const tactics = useQuery(tacticsQuery);
  const tacticName = useTacticName();
  const tacticList = [...(tactics.data?.items ?? [])].sort((a, b) => a.order - b.order);

  const change = (patch: Partial<Filters>) => {
    // Custom dates start from the window shown, so only the end that matters needs changing.
    if (patch.window === "custom" && filters.window !== "custom") {
      const days = Number(filters.window);
      const now = new Date();
      patch = { ...patch, from: filters.from || utcDay(now, -days), to: filters.to || utcDay(now) };
    }
    setParams(withFilters(params, patch), { replace: true });
  };

  const error = metrics.error;
  const errors = fieldErrors(error);
  // A refused window (422) whose every message sits under an input needs nothing more.
  const shownAtFields =
    error instanceof ApiError && error.status === 422 && error.errors.length > 0 && error.errors.every((e) => shownFields(filters).includes(e.field));
  const m = metrics.isError ? undefined : metrics.data;

  return (
    <>
      <PageHeader
        title="Operational metrics"
        description="How fast and how well the organisation detects attacks and closes gaps, over the tests both leads approved in the window."
      />
      <div className="flex flex-col gap-6">
        <Card
          title="Window and filters"
          description={m ? `${dayText(m.from.slice(0, 10))} – ${dayText(m.to.slice(0, 10))}: ${plural(m.validated_tests, "approved test")}` : "Weeks start on Monday (UTC)"}
          actions={metrics.isFetching && !metrics.isLoading ? <Spinner className="size-4 text-indigo-600" label="Updating" /> : undefined}
        >
          <MetricsFilters filters={filters} tactics={tacticList} errors={shownAtFields ? errors : {}} onChange={change} />
        </Card>

        {metrics.isLoading && <LoadingState label="Computing the metrics…" />}
        {metrics.isError && !shownAtFields && <ErrorState error={error} onRetry={() => void metrics.refetch()} />}
        {m && (
          <>
            {m.capped && (
              <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="metrics-capped">
                The window holds more approved tests than one request reads: only the most recent {m.validated_tests.toLocaleString()} are counted. Choose a
                shorter window for exact numbers.
              </p>
            )}
            {m.validated_tests === 0 && (
              <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
                No test was approved in this window{m.tactic ? ` for ${tacticName(m.tactic)}` : ""}: the times and shares below read “—”.
              </p>
            )}
            <HeadlineCards m={m} />

            <Card title="Weekly trend" description="Tests approved each week (weeks start on Monday, UTC); velocity from the coverage snapshots at each week's ends">
              <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
                <div>
                  <h3 className="mb-2 text-sm font-medium text-slate-700">MTTD, median per week</h3>
                  <WeeklyChart label="MTTD per week" series={mttdSeries(m)} valueColumn="MTTD (median)" noteColumn="Tests" testId="trend-mttd" />
                </div>
                <div>
                  <h3 className="mb-2 text-sm font-medium text-slate-700">Detection efficacy per week</h3>
                  <WeeklyChart label="Detection efficacy per week" series={ratioSeries(m, (w) => w.detection_efficacy)} valueColumn="Efficacy" noteColumn="Alerted or prevented of executed" percent testId="trend-efficacy" />
                </div>
                <div>
                  <h3 className="mb-2 text-sm font-medium text-slate-700">Alert fidelity per week</h3>
                  <WeeklyChart label="Alert fidelity per week" series={ratioSeries(m, (w) => w.alert_fidelity)} valueColumn="Fidelity" noteColumn="Alerted or prevented of detected" percent testId="trend-fidelity" />
                </div>
                <div>
                  <h3 className="mb-2 text-sm font-medium text-slate-700">Coverage velocity per week (net)</h3>
                  <WeeklyChart label="Coverage velocity per week" series={velocitySeries(m)} valueColumn="Net" noteColumn="Gained and regressed" kind="bar" testId="trend-velocity" />
                </div>
              </div>
            </Card>

            <div className="grid grid-cols-1 gap-6 2xl:grid-cols-2">
              <Card title="MTTD by layer" description="Execution → that layer's own detection (logged, alerted or prevented)" bodyClassName="p-0">
                <LayerTable byLayer={m.mttd.by_layer} />
              </Card>
              <Card title="By team" description="Tests with an assigned technician of the team" bodyClassName="p-0">
                <BreakdownTable caption="Metrics by team" nameHeader="Team" rows={m.by_team} name={(b) => TEAM_LABELS[b.name] ?? b.name} empty="No team in this window" />
              </Card>
            </div>
            <Card title="By person" description="The assigned red and blue technicians" bodyClassName="p-0">
              <BreakdownTable
                caption="Metrics by person"
                nameHeader="Person"
                rows={m.by_person}
                name={(b) => (
                  <span className="flex items-center gap-2">
                    {b.name}
                    <Badge tone={b.team === "red" ? "red" : "blue"}>{TEAM_LABELS[b.team] ?? b.team}</Badge>
                  </span>
                )}
                empty="No assigned technician in this window"
              />
            </Card>
            <Card title="By tactic" description="A test counts for each of its tactics" bodyClassName="p-0">
              <BreakdownTable
                caption="Metrics by tactic"
                nameHeader="Tactic"
                rows={[...m.by_tactic].sort((a, b) => rankOf(tacticList, a.name) - rankOf(tacticList, b.name))}
                name={(b) => tacticName(b.name)}
                empty="No tactic in this window"
              />
            </Card>
          </>
        )}
      </div>
    </>
  );
}

function rankOf(tactics: readonly { shortname: string }[], shortname: string): number {
  const i = tactics.findIndex((t) => t.shortname === shortname);
  return i < 0 ? tactics.length : i;
}
