import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { Button, EmptyState, ErrorState, LoadingState, PageHeader, useToast } from "@/components/ui";
import { plural } from "@/lib/format";
import { dataSourcesQuery, useSyncAll } from "../api/dataSources";
import { SourceCard } from "../components/SourceCard";

export default function DataSourcesPage() {
  const sources = useQuery(dataSourcesQuery);
  const syncAll = useSyncAll();
  const toast = useToast();
  // The run each card started here (sync or import), followed live until it ends.
  const [started, setStarted] = useState<Record<string, string>>({});
  const items = sources.data?.items ?? [];
  const enabled = items.filter((s) => s.enabled).length;

  const startAll = () =>
    syncAll.mutate(undefined, {
      onSuccess: (r) => toast.success(r.run_ids.length ? `Started ${plural(r.run_ids.length, "sync")}` : "No enabled source to sync"),
    });

  return (
    <>
      <PageHeader
        title="Data Sources"
        description="The content library's upstream projects: test templates (Atomic Red Team, CALDERA, LOLBAS, GTFOBins), detection rules, D3FEND countermeasures and the NIST 800-53 mapping. Each syncs from its URL on its schedule, on request, or from a file you upload."
        actions={
          <Button icon={<RefreshCw className="size-4" aria-hidden />} loading={syncAll.isPending} disabled={enabled === 0} onClick={startAll}>
            Sync all
          </Button>
        }
      />
      {sources.isLoading && <LoadingState />}
      {sources.isError && <ErrorState error={sources.error} onRetry={() => void sources.refetch()} />}
      {sources.isSuccess && items.length === 0 && <EmptyState title="No data sources" description="The server lists none." />}
      <div className="grid grid-cols-1 gap-6 2xl:grid-cols-2">
        {items.map((s) => (
          <SourceCard key={s.id} source={s} started={started[s.id] ?? null} onStarted={(runId) => setStarted((x) => ({ ...x, [s.id]: runId }))} />
        ))}
      </div>
    </>
  );
}
