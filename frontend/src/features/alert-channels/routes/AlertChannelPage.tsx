import { useState, type ReactNode } from "react";
import { useNavigate, useParams } from "react-router";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { KeyRound, Pencil, Send, Trash2 } from "lucide-react";
import { allItems } from "@/api/pagination";
import type { AlertChannel, ChannelWithSecret } from "@/api/types";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Button, Card, EmptyState, ErrorState, LoadMore, LoadingState, PageHeader, useConfirm, useToast } from "@/components/ui";
import { formatDateTime, timeAgo } from "@/lib/format";
import { channelQuery, deliveriesList, useDeleteChannel, useRotateSecret, useTestChannel } from "../api/channels";
import { DeliveryStateBadge, EnabledBadge, FormatBadge, HealthBadge, LastError } from "../components/ChannelBits";
import { ChannelFormDialog } from "../components/ChannelFormDialog";
import { DeliveriesTable } from "../components/DeliveriesTable";
import { SecretDialog } from "../components/SecretDialog";
import { TestResult } from "../components/TestResult";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-2 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 text-right font-medium break-words text-slate-800">{children}</dd>
    </div>
  );
}

function ChannelCard({ channel }: { channel: AlertChannel }) {
  return (
    <Card title="Channel">
      <dl className="-my-2 divide-y divide-slate-100">
        <Row label="URL">
          <span className="font-mono text-xs">{channel.url}</span>
        </Row>
        <Row label="Format">
          <FormatBadge format={channel.format} />
        </Row>
        <Row label="Status">
          <EnabledBadge enabled={channel.enabled} />
        </Row>
        <Row label="Created">{formatDateTime(channel.created_at)}</Row>
        <Row label="Last changed">{formatDateTime(channel.updated_at)}</Row>
      </dl>
    </Card>
  );
}

function HealthCard({ channel }: { channel: AlertChannel }) {
  const h = channel.health;
  return (
    <Card title="Health" description="How this channel's deliveries have gone, test messages included.">
      <div className="flex flex-col gap-3">
        <LastError health={h} />
        <dl className="-my-2 divide-y divide-slate-100">
          <Row label="Now">
            <HealthBadge health={h} />
          </Row>
          <Row label="Delivered">{h?.delivered ?? 0}</Row>
          <Row label="Failed">{h?.failed ?? 0}</Row>
          <Row label="Failures in a row">{h?.consecutive_failures ?? 0}</Row>
          <Row label="Last delivery">
            {h?.last_state ? (
              <span className="inline-flex items-center gap-2">
                <DeliveryStateBadge state={h.last_state} />
                <span title={formatDateTime(h.last_delivery_at)}>{timeAgo(h.last_delivery_at)}</span>
              </span>
            ) : (
              "Never"
            )}
          </Row>
        </dl>
      </div>
    </Card>
  );
}

function Deliveries({ channelId }: { channelId: string }) {
  const list = useInfiniteQuery(deliveriesList(channelId));
  const deliveries = allItems(list.data);
  return (
    <Card title="Deliveries" description="Newest first: each firing (or test message) sent to this channel, with the receiver's answer." bodyClassName="p-0">
      {list.isLoading && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && deliveries.length === 0 && <EmptyState title="Nothing sent yet" description="A rule's firing or a test message shows here once it is sent." />}
      {deliveries.length > 0 && <DeliveriesTable deliveries={deliveries} />}
      {deliveries.length > 0 && (
        <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} count={deliveries.length} noun={["delivery", "deliveries"]} />
      )}
    </Card>
  );
}

/** "Send test": a signed test message now, with the retries; the answer is shown until the next one. */
function SendTestCard({ channelId, test }: { channelId: string; test: ReturnType<typeof useTestChannel> }) {
  return (
    <Card id={`test-${channelId}`} title="Test message" description="A signed test message sent now, with the same retries as a firing.">
      <div aria-live="polite">
        {test.isPending && <p className="text-sm text-slate-700">Sending… a receiver that does not answer is tried up to 4 times with growing pauses, so this can take half a minute.</p>}
        {!test.isPending && test.data && <TestResult delivery={test.data} />}
        {!test.isPending && !test.data && <p className="text-sm text-slate-600">Not sent from this page yet.</p>}
      </div>
    </Card>
  );
}

export default function AlertChannelPage() {
  const { channelId = "" } = useParams();
  const user = useCurrentUser();
  const manages = can.manageAlertChannels(user.role);
  const q = useQuery(channelQuery(channelId));
  const test = useTestChannel(channelId);
  const rotate = useRotateSecret(channelId);
  const remove = useDeleteChannel();
  const [editing, setEditing] = useState(false);
  const [rotated, setRotated] = useState<ChannelWithSecret | null>(null);
  const confirm = useConfirm();
  const toast = useToast();
  const navigate = useNavigate();
  const channel = q.data;

  if (q.isLoading) return <LoadingState />;
  if (q.isError || !channel) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;

  const rotateSecret = async () => {
    const ok = await confirm({
      title: `Rotate the signing secret of “${channel.name}”?`,
      consequence: "A new secret signs the next delivery at once; until the receiver has it, it will refuse deliveries. The new secret is shown once.",
      confirmLabel: "Rotate secret",
      tone: "danger",
    });
    if (ok) rotate.mutate(undefined, { onSuccess: setRotated });
  };

  const del = async () => {
    const ok = await confirm({
      title: `Delete “${channel.name}”?`,
      consequence: "Nothing more is sent to it and its secret is scheduled for deletion. Its deliveries stay readable. A channel that rules still send to is not deleted.",
      confirmLabel: "Delete channel",
      tone: "danger",
    });
    if (!ok) return;
    remove.mutate(channel.id, {
      onSuccess: () => {
        toast.success(`Deleted “${channel.name}”`);
        navigate("/alert-channels");
      },
    });
  };

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Webhook channels", to: "/alert-channels" }, { label: channel.name }]}
        title={channel.name}
        badge={<EnabledBadge enabled={channel.enabled} />}
        description={channel.url}
        actions={
          manages && (
            <>
              <Button icon={<Send className="size-4" aria-hidden />} loading={test.isPending} onClick={() => test.mutate()}>
                Send test
              </Button>
              <Button variant="secondary" icon={<Pencil className="size-4" aria-hidden />} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button variant="secondary" icon={<KeyRound className="size-4" aria-hidden />} loading={rotate.isPending} onClick={() => void rotateSecret()}>
                Rotate secret
              </Button>
              <Button variant="danger" icon={<Trash2 className="size-4" aria-hidden />} loading={remove.isPending} onClick={() => void del()}>
                Delete
              </Button>
            </>
          )
        }
      />
      <div className="mb-6 grid grid-cols-1 gap-6 xl:grid-cols-3">
        <HealthCard channel={channel} />
        <ChannelCard channel={channel} />
        {manages && <SendTestCard channelId={channel.id} test={test} />}
      </div>
      <Deliveries channelId={channel.id} />
      {editing && <ChannelFormDialog channel={channel} onClose={() => setEditing(false)} />}
      {rotated && <SecretDialog created={rotated} rotated onClose={() => setRotated(null)} />}
    </>
  );
}
