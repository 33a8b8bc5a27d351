import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import type { AlertRule } from "@/api/types";
import { allItems } from "@/api/pagination";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Button, Card, EmptyState, ErrorState, LoadMore, LoadingState, PageHeader, Spinner, Table, Td, Th, useScrollToHash } from "@/components/ui";
import { formatDateTime, timeAgo } from "@/lib/format";
import { lastFiringQuery, recentEventsList, rulesList } from "../api/alertRules";
import { EvaluateNowButton } from "../components/EvaluateNowButton";
import { FiringsTable } from "../components/FiringsTable";
import { AlertSeverityBadge, EnabledBadge } from "../components/RuleBits";
import { RuleFormDialog } from "../components/RuleFormDialog";
import { useChannelNames, useNames, useUsernames } from "../components/useNames";
import { describeCondition, describeCooldown, describeRecipients } from "../model/condition";

function LastFired({ ruleId }: { ruleId: string }) {
  const q = useQuery(lastFiringQuery(ruleId));
  if (q.isLoading) return <Spinner className="size-4 text-slate-400" label="Loading the last firing" />;
  if (q.isError) return <span className="text-xs text-slate-500">Unknown</span>;
  if (!q.data) return <span className="text-xs text-slate-500">Never</span>;
  return (
    <span className="text-xs" title={formatDateTime(q.data.fired_at)}>
      {timeAgo(q.data.fired_at)}
    </span>
  );
}

function RuleRow({
  rule,
  username,
  channelName,
}: {
  rule: AlertRule;
  username: (id: string) => string | undefined;
  channelName: (id: string) => string | undefined;
}) {
  const c = rule.condition;
  const names = useNames(c.kind, c.kind === "threat_actor_score_below" ? c.threat_actor : "");
  const recipients = [...describeRecipients(rule.recipients, username), ...rule.channels.map((id) => `Webhook ${channelName(id) ?? id}`)];
  return (
    <tr data-rule={rule.id}>
      <Td>
        <Link to={`/alert-rules/${rule.id}`} className="font-medium text-indigo-700 hover:underline">
          {rule.name}
        </Link>
        {rule.description && (
          <p className="max-w-xs truncate text-xs text-slate-500" title={rule.description}>
            {rule.description}
          </p>
        )}
      </Td>
      <Td className="text-sm">
        {describeCondition(c, names)}
        <p className="text-xs text-slate-500">Cooldown {describeCooldown(rule.cooldown_minutes)}</p>
      </Td>
      <Td>
        <AlertSeverityBadge severity={rule.severity} />
      </Td>
      <Td>
        <EnabledBadge enabled={rule.enabled} />
      </Td>
      <Td className="whitespace-nowrap">
        <LastFired ruleId={rule.id} />
      </Td>
      <Td className="text-xs">{recipients.length ? recipients.join(", ") : "—"}</Td>
    </tr>
  );
}

function RulesCard({ onNew }: { onNew: () => void }) {
  const list = useInfiniteQuery(rulesList());
  const rules = allItems(list.data);
  const username = useUsernames();
  const channelName = useChannelNames(rules.some((r) => r.channels.length > 0));
  return (
    <Card title="Rules" className="mb-6" bodyClassName="p-0">
      {list.isLoading && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && rules.length === 0 && (
        <EmptyState
          title="No alert rules yet"
          description="A rule says what to watch (a score below a threshold, tests stuck, remediation overdue…) and who to tell."
          action={<Button onClick={onNew}>New rule</Button>}
        />
      )}
      {rules.length > 0 && (
        <Table caption="Alert rules">
          <thead>
            <tr>
              <Th>Rule</Th>
              <Th>Watches</Th>
              <Th>Severity</Th>
              <Th>Status</Th>
              <Th>Last fired</Th>
              <Th>Recipients</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rules.map((r) => (
              <RuleRow key={r.id} rule={r} username={username} channelName={channelName} />
            ))}
          </tbody>
        </Table>
      )}
      {rules.length > 0 && (
        <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} count={rules.length} noun={["rule", "rules"]} />
      )}
    </Card>
  );
}

function RecentFirings() {
  const list = useInfiniteQuery(recentEventsList());
  const events = allItems(list.data);
  // The bell's alert notifications lead here (`#firings`).
  useScrollToHash(list.isSuccess);
  return (
    <Card id="firings" title="Recent firings" description="Every rule's firings, newest first, with what matched." bodyClassName="p-0">
      {list.isLoading && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && events.length === 0 && <EmptyState title="No rule has fired yet" />}
      {events.length > 0 && <FiringsTable events={events} caption="Recent firings" showRule />}
      {events.length > 0 && (
        <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} count={events.length} noun={["firing", "firings"]} />
      )}
    </Card>
  );
}

export default function AlertRulesPage() {
  const user = useCurrentUser();
  const manages = can.manageAlertRules(user.role);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title="Alert rules"
        description={
          manages
            ? "What to be told about: each enabled rule is evaluated every hour, and fires when its condition starts to hold (or still holds after its cooldown), notifying its recipients in the bell."
            : "The firings of the rules the leads wrote: what held, what matched and how many were notified. Rules themselves are managed by red and blue leads and administrators."
        }
        actions={
          <>
            {can.evaluateAlertsNow(user.role) && <EvaluateNowButton />}
            {manages && (
              <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
                New rule
              </Button>
            )}
          </>
        }
      />
      {manages && <RulesCard onNew={() => setCreating(true)} />}
      <RecentFirings />
      {creating && <RuleFormDialog onClose={() => setCreating(false)} onCreated={(r) => navigate(`/alert-rules/${r.id}`)} />}
    </>
  );
}
