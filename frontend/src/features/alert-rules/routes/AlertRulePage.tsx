import { useState, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import { allItems } from "@/api/pagination";
import type { AlertRule } from "@/api/types";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Button, Card, EmptyState, ErrorState, LoadMore, LoadingState, PageHeader, useConfirm, useScrollToHash, useToast } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { ruleEventsList, ruleQuery, useDeleteRule } from "../api/alertRules";
import { DryRunCard } from "../components/DryRunCard";
import { EvaluateNowButton } from "../components/EvaluateNowButton";
import { FiringsTable } from "../components/FiringsTable";
import { AlertSeverityBadge, EnabledBadge } from "../components/RuleBits";
import { RuleFormDialog } from "../components/RuleFormDialog";
import { useChannelNames, useNames, useUsernames } from "../components/useNames";
import { describeCondition, describeCooldown, describeRecipients, KIND_LABELS } from "../model/condition";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-2 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right font-medium text-slate-800">{children}</dd>
    </div>
  );
}

function Firings({ ruleId }: { ruleId: string }) {
  const list = useInfiniteQuery(ruleEventsList(ruleId));
  const events = allItems(list.data);
  // An alert notification leads here (`/alert-rules/<id>#firings`).
  useScrollToHash(list.isSuccess);
  return (
    <Card id="firings" title="Firings" description="Newest first, with what matched. A firing notifies the rule's recipients once." bodyClassName="p-0">
      {list.isLoading && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && events.length === 0 && <EmptyState title="Not fired yet" description="A firing shows here once an evaluation finds the condition holding." />}
      {events.length > 0 && <FiringsTable events={events} caption="Firings of the rule" />}
      {events.length > 0 && (
        <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} count={events.length} noun={["firing", "firings"]} />
      )}
    </Card>
  );
}

function RuleCard({ rule }: { rule: AlertRule }) {
  const c = rule.condition;
  const names = useNames(c.kind, c.kind === "threat_actor_score_below" ? c.threat_actor : "");
  const username = useUsernames();
  const channelName = useChannelNames(rule.channels.length > 0);
  const recipients = describeRecipients(rule.recipients, username);
  return (
    <Card title="Rule">
      <dl className="-my-2 divide-y divide-slate-100">
        <Row label="Kind">{KIND_LABELS[c.kind]}</Row>
        <Row label="Holds when">{describeCondition(c, names)}</Row>
        <Row label="Severity">
          <AlertSeverityBadge severity={rule.severity} />
        </Row>
        <Row label="Cooldown">{describeCooldown(rule.cooldown_minutes)}</Row>
        <Row label="Recipients">
          {recipients.length ? (
            <ul aria-label="Recipients">
              {recipients.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : (
            "—"
          )}
        </Row>
        <Row label="Webhook channels">
          {rule.channels.length ? (
            <ul aria-label="Webhook channels">
              {rule.channels.map((id) => (
                <li key={id}>
                  <Link to={`/alert-channels/${id}`} className="text-indigo-700 hover:underline">
                    {channelName(id) ?? id}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            "None"
          )}
        </Row>
        <Row label="Created">
          {formatDateTime(rule.created_at)} by {rule.created_by}
        </Row>
        <Row label="Last changed">{formatDateTime(rule.updated_at)}</Row>
      </dl>
    </Card>
  );
}

/** A rule as leads and admin see it: its definition, a dry run, its firings; edit and delete. */
function ManagedRule({ ruleId }: { ruleId: string }) {
  const user = useCurrentUser();
  const q = useQuery(ruleQuery(ruleId));
  const [editing, setEditing] = useState(false);
  const remove = useDeleteRule();
  const confirm = useConfirm();
  const toast = useToast();
  const navigate = useNavigate();
  const rule = q.data;
  const names = useNames(rule?.condition.kind ?? "", rule?.condition.kind === "threat_actor_score_below" ? rule.condition.threat_actor : "");

  if (q.isLoading) return <LoadingState />;
  if (q.isError || !rule) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;

  const del = async () => {
    const ok = await confirm({
      title: `Delete “${rule.name}”?`,
      consequence: "The rule stops being evaluated. Its firings stay readable.",
      confirmLabel: "Delete rule",
      tone: "danger",
    });
    if (!ok) return;
    remove.mutate(rule.id, {
      onSuccess: () => {
        toast.success(`Deleted “${rule.name}”`);
        navigate("/alert-rules");
      },
    });
  };

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Alert rules", to: "/alert-rules" }, { label: rule.name }]}
        title={rule.name}
        badge={<EnabledBadge enabled={rule.enabled} />}
        description={rule.description || describeCondition(rule.condition, names)}
        actions={
          <>
            {can.evaluateAlertsNow(user.role) && <EvaluateNowButton />}
            <Button variant="secondary" icon={<Pencil className="size-4" aria-hidden />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button variant="danger" icon={<Trash2 className="size-4" aria-hidden />} loading={remove.isPending} onClick={() => void del()}>
              Delete
            </Button>
          </>
        }
      />
      <div className="mb-6 grid grid-cols-1 gap-6 xl:grid-cols-2">
        <RuleCard rule={rule} />
        <DryRunCard ruleId={rule.id} kind={rule.condition.kind} />
      </div>
      <Firings ruleId={rule.id} />
      {editing && <RuleFormDialog rule={rule} onClose={() => setEditing(false)} />}
    </>
  );
}

/** A rule as everyone else sees it: only its firings (its definition is the leads'). */
function RuleFirings({ ruleId }: { ruleId: string }) {
  const latest = useInfiniteQuery(ruleEventsList(ruleId));
  const name = allItems(latest.data)[0]?.rule_name ?? "Alert rule";
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Alert rules", to: "/alert-rules" }, { label: name }]}
        title={name}
        description="The rule's firings. Its definition is seen and changed by red and blue leads and administrators."
      />
      <Firings ruleId={ruleId} />
    </>
  );
}

export default function AlertRulePage() {
  const { ruleId = "" } = useParams();
  const user = useCurrentUser();
  return can.manageAlertRules(user.role) ? <ManagedRule ruleId={ruleId} /> : <RuleFirings ruleId={ruleId} />;
}
