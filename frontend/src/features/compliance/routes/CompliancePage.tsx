import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Trash2, Upload } from "lucide-react";
import type { Framework } from "@/api/defense";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Badge, Button, Card, EmptyState, ErrorState, LoadingState, PageHeader, useConfirm, useToast } from "@/components/ui";
import { plural } from "@/lib/format";
import { frameworksQuery, useDeleteFramework } from "../api/compliance";
import { FrameworkFacts } from "../components/FrameworkFacts";
import { ImportFrameworkDialog } from "../components/ImportFrameworkDialog";

export default function CompliancePage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const toast = useToast();
  const confirm = useConfirm();
  const q = useQuery(frameworksQuery);
  const remove = useDeleteFramework();
  const [importing, setImporting] = useState(false);
  const admin = can.manageCompliance(user.role);

  const del = async (f: Framework) => {
    const ok = await confirm({
      title: `Delete “${f.name}”?`,
      consequence: `Its ${plural(f.controls, "control")} and their mappings are removed. Tests and coverage are not touched; the framework can be imported again.`,
      confirmLabel: "Delete framework",
      tone: "danger",
    });
    if (ok) remove.mutate(f.id, { onSuccess: () => toast.success(`${f.name} deleted`) });
  };

  return (
    <>
      <PageHeader
        title="Compliance"
        description="Compliance frameworks mapped to ATT&CK: which controls are backed by tested detections. A control's coverage counts its techniques validated (1) and partial (½) over those it maps."
        actions={
          admin && (
            <Button icon={<Upload className="size-4" aria-hidden />} onClick={() => setImporting(true)}>
              Import framework
            </Button>
          )
        }
      />
      {q.isLoading && <LoadingState />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.items.length === 0 && (
        <Card>
          <EmptyState
            title="No framework yet"
            description="NIST SP 800-53 rev. 5 arrives with the nist-800-53 data source (Data Sources screen); an administrator imports any other framework from a CSV or Mappings Explorer file."
          />
        </Card>
      )}
      <div className="flex flex-col gap-4">
        {q.data?.items.map((f) => (
          <Card
            key={f.id}
            id={`framework-${f.id}`}
            title={
              <Link to={`/compliance/${encodeURIComponent(f.id)}`} className="text-indigo-700 hover:underline">
                {f.name}
                {f.version ? ` ${f.version}` : ""}
              </Link>
            }
            description={<span className="font-mono">{f.id}</span>}
            actions={
              <>
                {f.source ? <Badge tone="indigo">Kept by its data source</Badge> : <Badge tone="slate">Imported from a file</Badge>}
                <Link to={`/compliance/${encodeURIComponent(f.id)}?view=gaps`} className="text-sm font-medium text-indigo-700 hover:underline">
                  Gap analysis
                </Link>
                {admin && f.deletable && (
                  <Button size="sm" variant="ghost" icon={<Trash2 className="size-4" aria-hidden />} onClick={() => void del(f)} aria-label={`Delete ${f.name}`} />
                )}
              </>
            }
          >
            <FrameworkFacts framework={f} />
          </Card>
        ))}
      </div>
      {importing && (
        <ImportFrameworkDialog
          onClose={() => setImporting(false)}
          onImported={(r) => {
            setImporting(false);
            navigate(`/compliance/${encodeURIComponent(r.framework.id)}`);
          }}
        />
      )}
    </>
  );
}
