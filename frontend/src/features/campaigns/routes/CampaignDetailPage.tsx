import { useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { ListOrdered, Plus, Settings } from "lucide-react";
import { isOpen, type CampaignTestView } from "@/api/campaigns";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Button, Card, EmptyState, ErrorState, LoadingState, PageHeader, useConfirm, useToast } from "@/components/ui";
import { formatDate, formatDateTime, plural } from "@/lib/format";
import { STATE_LABELS } from "@/lib/labels";
import { campaignDetailQuery, useRemoveCampaignTest } from "../api/campaigns";
import { AddCampaignTestDialog } from "../components/AddCampaignTestDialog";
import { CampaignActions } from "../components/CampaignActions";
import { CampaignStatusBadge, ProgressBar, recurrenceText } from "../components/CampaignBits";
import { EditCampaignDialog, EditPhasesDialog } from "../components/EditCampaignDialog";
import { EditCampaignTestDialog } from "../components/EditCampaignTestDialog";
import { PhaseBoard } from "../components/PhaseBoard";
import { ComparisonPanel, CompletionSummary, CoverageCard, HistoryPanel } from "../components/RunPanels";
import { phaseColumns, stateBreakdown } from "../model/board";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-2 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right font-medium text-slate-800">{children}</dd>
    </div>
  );
}

type Open = { kind: "settings" } | { kind: "phases" } | { kind: "add" } | { kind: "edit"; test: CampaignTestView } | null;

export default function CampaignDetailPage() {
  const { campaignId = "" } = useParams();
  const user = useCurrentUser();
  const q = useQuery(campaignDetailQuery(campaignId));
  const [open, setOpen] = useState<Open>(null);
  const remove = useRemoveCampaignTest(campaignId);
  const confirm = useConfirm();
  const toast = useToast();

  if (q.isLoading) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data!;
  const manages = can.manageCampaigns(user.role);
  const editable = manages && isOpen(c.status);

  const removeTest = async (t: CampaignTestView) => {
    const ok = await confirm({
      title: `Remove “${t.title}” from the campaign?`,
      consequence: "The test leaves the campaign and stays as it is, outside any campaign.",
      confirmLabel: "Remove from campaign",
      tone: "danger",
    });
    if (ok) remove.mutate(t.test_id, { onSuccess: () => toast.success(`Removed “${t.title}” from the campaign`) });
  };

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Campaigns", to: "/campaigns" }, { label: c.name }]}
        title={c.name}
        badge={<CampaignStatusBadge status={c.status} />}
        description={c.objective || c.description || undefined}
        actions={manages && <CampaignActions campaign={c} />}
      />
      <div className="mb-6 grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title="Progress" className="xl:col-span-2">
          <ProgressBar progress={c.progress} label="Tests approved in the campaign" />
          {stateBreakdown(c.progress).length > 0 && (
            <p className="mt-2 text-sm text-slate-700">
              {stateBreakdown(c.progress)
                .map((s) => `${s.count} ${STATE_LABELS[s.state]}`)
                .join(" · ")}
            </p>
          )}
          <p className="mt-1 text-xs text-slate-600">
            {plural(c.test_states.length, "test")} on {plural(c.coverage.length, "technique")} in {plural(c.phases.length, "phase")}
            {c.test_states.some((t) => t.blocked_by.length > 0) ? `; ${c.test_states.filter((t) => t.blocked_by.length > 0).length} held back by a dependency` : ""}.
          </p>
          {c.description && c.objective && <p className="mt-3 text-sm text-slate-700">{c.description}</p>}
        </Card>
        <Card
          title="Settings"
          actions={
            editable && (
              <Button variant="secondary" size="sm" icon={<Settings className="size-4" aria-hidden />} onClick={() => setOpen({ kind: "settings" })}>
                Edit settings
              </Button>
            )
          }
        >
          <dl className="-my-2 divide-y divide-slate-100">
            <Row label="Recurrence">{recurrenceText(c.recurrence, c.next_run_at)}</Row>
            <Row label="Run">{c.run}</Row>
            {c.run_started_at && <Row label="Run started">{formatDateTime(c.run_started_at)}</Row>}
            <Row label="Dates">{c.start_date || c.end_date ? `${formatDate(c.start_date)} – ${formatDate(c.end_date)}` : "—"}</Row>
            <Row label="Threat actor">
              {c.threat_actor ? (
                <Link to={`/threat-actors/${c.threat_actor}`} className="text-indigo-700 hover:underline">
                  {c.threat_actor}
                </Link>
              ) : (
                "—"
              )}
            </Row>
            <Row label="Owner">{c.owner}</Row>
          </dl>
        </Card>
      </div>
      {c.completion && (
        <div className="mb-6">
          <CompletionSummary completion={c.completion} />
        </div>
      )}
      <Card
        className="mb-6"
        title="Phases"
        description="Tests by phase. A test marked “Blocked by” cannot start until the tests it depends on reach “Blue evaluating”."
        actions={
          editable && (
            <>
              <Button variant="secondary" size="sm" icon={<ListOrdered className="size-4" aria-hidden />} onClick={() => setOpen({ kind: "phases" })}>
                Edit phases
              </Button>
              <Button size="sm" icon={<Plus className="size-4" aria-hidden />} onClick={() => setOpen({ kind: "add" })}>
                Add a test
              </Button>
            </>
          )
        }
      >
        {c.test_states.length === 0 && <EmptyState title="No tests yet" description={editable ? "Add a test to a phase." : undefined} />}
        <PhaseBoard
          columns={phaseColumns(c)}
          manage={editable ? { onEdit: (test) => setOpen({ kind: "edit", test }), onRemove: (t) => void removeTest(t) } : undefined}
        />
      </Card>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <div className="flex flex-col gap-6">
          <CoverageCard coverage={c.coverage} />
          <ComparisonPanel campaignId={c.id} />
        </div>
        <HistoryPanel campaignId={c.id} />
      </div>
      {open?.kind === "settings" && <EditCampaignDialog campaign={c} onClose={() => setOpen(null)} />}
      {open?.kind === "phases" && <EditPhasesDialog campaign={c} onClose={() => setOpen(null)} />}
      {open?.kind === "add" && <AddCampaignTestDialog campaign={c} onClose={() => setOpen(null)} />}
      {open?.kind === "edit" && <EditCampaignTestDialog campaign={c} test={open.test} onClose={() => setOpen(null)} />}
    </>
  );
}
