import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import type { AlertChannel, ChannelWithSecret } from "@/api/types";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Button, Card, EmptyState, ErrorState, LoadingState, PageHeader, Table, Td, Th } from "@/components/ui";
import { formatDateTime, plural, timeAgo } from "@/lib/format";
import { channelsQuery } from "../api/channels";
import { DeliveryStateBadge, EnabledBadge, FormatBadge, HealthBadge, LastError } from "../components/ChannelBits";
import { ChannelFormDialog } from "../components/ChannelFormDialog";
import { SecretDialog } from "../components/SecretDialog";
import { SignatureHelp } from "../components/SignatureHelp";
import { urlHost } from "../model/channel";

function ChannelRow({ channel }: { channel: AlertChannel }) {
  const h = channel.health;
  return (
    <tr data-channel={channel.id} className="align-top">
      <Td>
        <Link to={`/alert-channels/${channel.id}`} className="font-medium text-indigo-700 hover:underline">
          {channel.name}
        </Link>
        <p className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
          <span className="font-mono">{urlHost(channel.url)}</span>
          <FormatBadge format={channel.format} />
        </p>
      </Td>
      <Td>
        <EnabledBadge enabled={channel.enabled} />
      </Td>
      <Td className="min-w-72">
        <HealthBadge health={h} />
        <p className="mt-1 text-xs text-slate-600">
          {plural(h?.delivered ?? 0, "delivered", "delivered")} · {plural(h?.failed ?? 0, "failed", "failed")}
          {(h?.consecutive_failures ?? 0) > 0 && <> · {plural(h!.consecutive_failures, "failure", "failures")} in a row</>}
        </p>
        <LastError health={h} className="mt-2" />
      </Td>
      <Td className="text-xs whitespace-nowrap">
        {h?.last_state ? (
          <>
            <DeliveryStateBadge state={h.last_state} />
            <p className="mt-1 text-slate-600" title={formatDateTime(h.last_delivery_at)}>
              {timeAgo(h.last_delivery_at)}
            </p>
          </>
        ) : (
          <span className="text-slate-500">Never</span>
        )}
      </Td>
    </tr>
  );
}

export default function AlertChannelsPage() {
  const user = useCurrentUser();
  const manages = can.manageAlertChannels(user.role);
  const q = useQuery(channelsQuery);
  const channels = q.data ?? [];
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ChannelWithSecret | null>(null);
  const navigate = useNavigate();

  return (
    <>
      <PageHeader
        title="Webhook channels"
        description={
          manages
            ? "Where alert rules also send their firings: signed HTTPS webhooks to your own receiver or to Slack, Mattermost or Teams. Each channel shows how its deliveries went."
            : "Where alert rules also send their firings, with how their deliveries went. Name them in your rules; an administrator sets them up."
        }
        actions={
          manages && (
            <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
              New channel
            </Button>
          )
        }
      />
      <Card title="Channels" className="mb-6" bodyClassName="p-0">
        {q.isLoading && <LoadingState />}
        {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
        {q.isSuccess && channels.length === 0 && (
          <EmptyState
            title="No webhook channel yet"
            description="A channel is an https URL that receives a rule's firings as signed JSON or as a chat message."
            action={manages ? <Button onClick={() => setCreating(true)}>New channel</Button> : undefined}
          />
        )}
        {channels.length > 0 && (
          <Table caption="Webhook channels">
            <thead>
              <tr>
                <Th>Channel</Th>
                <Th>Status</Th>
                <Th>Health</Th>
                <Th>Last delivery</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {channels.map((c) => (
                <ChannelRow key={c.id} channel={c} />
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <SignatureHelp />
      {creating && (
        <ChannelFormDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
          }}
        />
      )}
      {created && <SecretDialog created={created} onClose={() => navigate(`/alert-channels/${created.channel.id}`)} />}
    </>
  );
}
