import { useState, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Flag, Pencil, Trash2, UserRoundCog } from "lucide-react";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Button, Card, ErrorState, LoadingState, PageHeader, SeverityBadge, StateBadge, useConfirm, useScrollToHash, useToast } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { testQuery, useDeleteTest } from "../api/tests";
import { AssignDialog } from "../components/AssignDialog";
import { EditTestDialog } from "../components/EditTestDialog";
import { EvidencePanel } from "../components/EvidencePanel";
import { HistoryTimeline } from "../components/HistoryTimeline";
import { RemediationPanel } from "../components/RemediationPanel";
import { Markdown } from "@/components/Markdown";
import { AddToCampaignDialog } from "@/components/campaigns/AddToCampaignDialog";
import { BlueResultCard, RedResultCard } from "../components/ResultCards";
import { ReviewCard } from "../components/ReviewCard";
import { RetestChainCard } from "../components/RetestChainCard";
import { WorkflowPanel } from "../components/WorkflowPanel";
import { WorkflowStepper } from "../components/WorkflowStepper";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-2 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right font-medium text-slate-800">{children}</dd>
    </div>
  );
}

export default function TestDetailPage() {
  const { testId = "" } = useParams();
  const user = useCurrentUser();
  const q = useQuery(testQuery(testId));
  const [editing, setEditing] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const [joining, setJoining] = useState(false);
  const remove = useDeleteTest();
  const confirm = useConfirm();
  const toast = useToast();
  const navigate = useNavigate();
  useScrollToHash(q.isSuccess);

  if (q.isLoading) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const t = q.data!;
  const assignSides = can.assignSides(user.role, t.state);

  const deleteTest = async () => {
    const ok = await confirm({
      title: "Delete this test?",
      consequence: "The test, its history, evidence records and remediation are deleted. This cannot be undone.",
      confirmLabel: "Delete test",
      tone: "danger",
    });
    if (!ok) return;
    remove.mutate(t.id, {
      onSuccess: () => {
        toast.success(`Deleted “${t.title}”`);
        navigate("/tests");
      },
    });
  };

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Tests", to: "/tests" }, { label: t.title }]}
        title={t.title}
        badge={
          <div className="flex gap-2">
            <StateBadge state={t.state} />
            <SeverityBadge severity={t.severity} />
          </div>
        }
        description={
          <>
            Validates{" "}
            <Link to={`/techniques/${t.technique_id}`} className="font-medium text-indigo-700 hover:underline">
              {t.technique_id} {t.technique_name}
            </Link>
            {t.round > 1 && ` · round ${t.round}`}
          </>
        }
        actions={
          <>
            {assignSides.length > 0 && (
              <Button variant="secondary" icon={<UserRoundCog className="size-4" aria-hidden />} onClick={() => setAssigning(true)}>
                Assign
              </Button>
            )}
            {can.manageCampaigns(user.role) && !t.campaign_id && (
              <Button variant="secondary" icon={<Flag className="size-4" aria-hidden />} onClick={() => setJoining(true)}>
                Add to campaign
              </Button>
            )}
            {can.editTest(user.role, t.state) && (
              <Button variant="secondary" icon={<Pencil className="size-4" aria-hidden />} onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
            {can.deleteTest(user.role) && (
              <Button variant="danger" icon={<Trash2 className="size-4" aria-hidden />} loading={remove.isPending} onClick={() => void deleteTest()}>
                Delete
              </Button>
            )}
          </>
        }
      />
      <Card className="mb-6" bodyClassName="px-5 py-4 overflow-x-auto">
        <WorkflowStepper state={t.state} />
      </Card>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="flex flex-col gap-6 xl:col-span-2">
          <WorkflowPanel test={t} role={user.role} />
          <Card title="Procedure">
            <Markdown text={t.procedure} breaks empty="No procedure written." label="References of the procedure" />
            {t.cleanup && (
              <div className="mt-4">
                <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Cleanup</h3>
                <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs whitespace-pre-wrap text-slate-100" role="region" aria-label="Cleanup" tabIndex={0}>
                  <code>{t.cleanup}</code>
                </pre>
              </div>
            )}
          </Card>
          <RedResultCard test={t} />
          <BlueResultCard test={t} />
          <EvidencePanel test={t} role={user.role} username={user.username} />
          <ReviewCard test={t} role={user.role} />
          <RemediationPanel test={t} role={user.role} username={user.username} />
        </div>
        <div className="flex flex-col gap-6">
          <Card title="Details">
            <dl className="-my-2 divide-y divide-slate-100">
              <Row label="Platform">{t.platform ?? "—"}</Row>
              <Row label="Target host">{t.target_host ?? "—"}</Row>
              {t.template_id && (
                <Row label="From template">
                  <Link to={`/test-catalog/${t.template_id}`} className="text-indigo-700 hover:underline">
                    Open the template
                  </Link>
                </Row>
              )}
              {t.campaign_id && (
                <Row label="Campaign">
                  <Link to={`/campaigns/${t.campaign_id}`} className="text-indigo-700 hover:underline">
                    Open the campaign
                  </Link>
                </Row>
              )}
              <Row label="Created by">{t.created_by}</Row>
              <Row label="Red assignee">{t.assigned_red ?? "—"}</Row>
              <Row label="Blue assignee">{t.assigned_blue ?? "—"}</Row>
              <Row label="Created">{formatDateTime(t.created_at)}</Row>
              <Row label="Updated">{formatDateTime(t.updated_at)}</Row>
              {t.validated_at && <Row label="Approved">{formatDateTime(t.validated_at)}</Row>}
              {t.retest_of && (
                <Row label="Retest of">
                  <Link to={`/tests/${t.retest_of}`} className="text-indigo-700 hover:underline">
                    original test
                  </Link>
                </Row>
              )}
              {t.retests.length > 0 && <Row label="Retests">{t.retests.length}</Row>}
            </dl>
          </Card>
          <RetestChainCard test={t} />
          <Card title="History">
            <HistoryTimeline history={t.history} />
          </Card>
        </div>
      </div>
      {editing && <EditTestDialog test={t} open={editing} onClose={() => setEditing(false)} />}
      {joining && <AddToCampaignDialog candidate={{ test_id: t.id }} label={t.title} onClose={() => setJoining(false)} />}
      {assigning && assignSides.length > 0 && <AssignDialog test={t} sides={assignSides} open={assigning} onClose={() => setAssigning(false)} />}
    </>
  );
}
