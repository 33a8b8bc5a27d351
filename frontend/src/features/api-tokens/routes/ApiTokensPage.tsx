import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { KeyRound, Plus, Trash2 } from "lucide-react";
import { allItems } from "@/api/pagination";
import type { ApiToken } from "@/api/types";
import { useCurrentUser } from "@/auth/session";
import { Badge, Button, Card, Checkbox, EmptyState, ErrorState, LoadingState, LoadMore, PageHeader, RoleBadge, Table, Td, Th, useConfirm, useToast } from "@/components/ui";
import { formatDateTime, timeAgo } from "@/lib/format";
import { apiTokensList, useRevokeApiToken } from "../api/apiTokens";
import { CreateTokenDialog } from "../components/CreateTokenDialog";

/**
 * API tokens for scripts and pipelines: the caller's own (admins may show everyone's), when
 * each was last used and when it expires; create (shown once) and revoke.
 */
export default function ApiTokensPage() {
  const me = useCurrentUser();
  const isAdmin = me.role === "admin";
  const [everyone, setEveryone] = useState(false);
  const list = useInfiniteQuery(apiTokensList(isAdmin && everyone));
  const tokens = allItems(list.data);
  const [creating, setCreating] = useState(false);
  const revoke = useRevokeApiToken();
  const confirm = useConfirm();
  const toast = useToast();

  const revokeToken = async (t: ApiToken) => {
    const ok = await confirm({
      title: `Revoke ${t.name}?`,
      consequence: "Requests with this token are refused from now on. This cannot be undone.",
      confirmLabel: "Revoke token",
      tone: "danger",
    });
    if (ok) revoke.mutate(t.id, { onSuccess: () => toast.success(`Token ${t.name} revoked`) });
  };

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens for scripts, CI and breach-and-attack-simulation tools, sent as Authorization: Bearer. Every use is audited."
        actions={
          <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
            Create token
          </Button>
        }
      />
      {isAdmin && (
        <div className="mb-4">
          <Checkbox id="tokens-all" label="Show every user's tokens" checked={everyone} onChange={(e) => setEveryone(e.target.checked)} />
        </div>
      )}
      <Card bodyClassName="p-0">
        {list.isLoading && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && tokens.length === 0 && (
          <EmptyState icon={<KeyRound className="size-6" aria-hidden />} title="No API tokens" description="Create one for a script or pipeline." />
        )}
        {tokens.length > 0 && (
          <>
            <Table caption="API tokens">
              <thead>
                <tr>
                  <Th>Name</Th>
                  {everyone && <Th>Owner</Th>}
                  <Th>Role</Th>
                  <Th>Last used</Th>
                  <Th>Expires</Th>
                  <Th className="text-right">
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tokens.map((t) => {
                  const expired = new Date(t.expires_at).getTime() <= Date.now();
                  return (
                    <tr key={t.id} data-token-name={t.name}>
                      <Td>
                        <p className="font-medium text-slate-900">{t.name}</p>
                        <p className="text-xs text-slate-500">Created {formatDateTime(t.created_at)}</p>
                      </Td>
                      {everyone && <Td>{t.username}</Td>}
                      <Td>
                        <div className="flex flex-wrap items-center gap-1">
                          <RoleBadge role={t.role} />
                          {t.read_only && <Badge>Read-only</Badge>}
                        </div>
                      </Td>
                      <Td className="text-xs text-slate-500" title={formatDateTime(t.last_used_at)}>
                        {t.last_used_at ? `${timeAgo(t.last_used_at)}${t.last_used_ip ? ` from ${t.last_used_ip}` : ""}` : "Never"}
                      </Td>
                      <Td className="text-xs text-slate-500">
                        {expired ? <Badge tone="amber">Expired</Badge> : formatDateTime(t.expires_at)}
                      </Td>
                      <Td className="text-right">
                        <Button
                          size="sm"
                          variant="ghost"
                          className="text-rose-600 hover:bg-rose-50 hover:text-rose-700"
                          icon={<Trash2 className="size-3.5" aria-hidden />}
                          loading={revoke.isPending && revoke.variables === t.id}
                          onClick={() => void revokeToken(t)}
                          aria-label={`Revoke ${t.name}`}
                        >
                          Revoke
                        </Button>
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
            <LoadMore count={tokens.length} noun={["token", "tokens"]} hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
          </>
        )}
      </Card>
      <CreateTokenDialog open={creating} user={me} onClose={() => setCreating(false)} />
    </>
  );
}
