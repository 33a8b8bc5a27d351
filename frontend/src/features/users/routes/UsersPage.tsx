import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { KeyRound, Pencil, ShieldOff, Trash2, UserPlus } from "lucide-react";
import { allItems } from "@/api/pagination";
import type { User } from "@/api/types";
import { useCurrentUser } from "@/auth/session";
import { Badge, Button, Card, EmptyState, ErrorState, LoadingState, LoadMore, PageHeader, RoleBadge, Table, Td, Th, useConfirm, useToast } from "@/components/ui";
import { formatDateTime, timeAgo } from "@/lib/format";
import { useDeleteUser, useResetMfa, usersList } from "../api/users";
import { CreateUserDialog, EditUserDialog, ResetPasswordDialog } from "../components/UserDialogs";

type Open = { kind: "edit" | "reset"; user: User } | null;

export default function UsersPage() {
  const me = useCurrentUser();
  const list = useInfiniteQuery(usersList());
  const users = allItems(list.data);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  const remove = useDeleteUser();
  const resetMfa = useResetMfa();
  const confirm = useConfirm();
  const toast = useToast();

  const deleteUser = async (u: User) => {
    const ok = await confirm({
      title: `Delete ${u.username}?`,
      consequence: "The account is removed and the username freed. To keep the history attributed, deactivate instead.",
      confirmLabel: "Delete user",
      tone: "danger",
    });
    if (ok) remove.mutate(u.id, { onSuccess: () => toast.success(`User ${u.username} deleted`) });
  };

  const resetSecondFactor = async (u: User) => {
    const ok = await confirm({
      title: `Reset two-factor sign-in of ${u.username}?`,
      consequence: "Their authenticator and recovery codes stop working and every session of theirs ends. They sign in with the password, then enrol again.",
      confirmLabel: "Reset MFA",
      tone: "danger",
    });
    if (ok) resetMfa.mutate(u.id, { onSuccess: () => toast.success(`Two-factor sign-in of ${u.username} reset`) });
  };

  return (
    <>
      <PageHeader
        title="Users"
        description="Accounts and their roles. Every change is recorded in the audit log."
        actions={
          <Button icon={<UserPlus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
            Create user
          </Button>
        }
      />
      <Card bodyClassName="p-0">
        {list.isLoading && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && users.length === 0 && <EmptyState title="No users" />}
        {users.length > 0 && (
          <>
            <Table caption="Users">
              <thead>
                <tr>
                  <Th>User</Th>
                  <Th>Role</Th>
                  <Th>Status</Th>
                  <Th>Last sign-in</Th>
                  <Th>Created</Th>
                  <Th className="text-right">
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {users.map((u) => (
                  <tr key={u.id} className="hover:bg-slate-50" data-username={u.username}>
                    <Td>
                      <p className="font-medium text-slate-900">
                        {u.username}
                        {u.id === me.id && <span className="ml-2 text-xs font-normal text-slate-500">(you)</span>}
                      </p>
                      <p className="text-xs text-slate-500">{[u.full_name, u.email].filter(Boolean).join(" · ") || "—"}</p>
                    </Td>
                    <Td>
                      <RoleBadge role={u.role} />
                    </Td>
                    <Td>
                      <div className="flex flex-wrap gap-1">
                        {u.is_active ? <Badge tone="emerald">Active</Badge> : <Badge>Inactive</Badge>}
                        {u.mfa_enabled && <Badge tone="indigo">2FA</Badge>}
                        {u.must_change_password && (
                          <span data-testid="must-change-password" title="Has to choose a new password at the next sign-in">
                            <Badge tone="amber">Must change password</Badge>
                          </span>
                        )}
                      </div>
                    </Td>
                    <Td className="text-xs text-slate-500" title={formatDateTime(u.last_login_at)}>
                      {u.last_login_at ? timeAgo(u.last_login_at) : "Never"}
                    </Td>
                    <Td className="text-xs text-slate-500">{formatDateTime(u.created_at)}</Td>
                    <Td className="text-right whitespace-nowrap">
                      <Button size="sm" variant="ghost" icon={<Pencil className="size-3.5" aria-hidden />} onClick={() => setOpen({ kind: "edit", user: u })} aria-label={`Edit ${u.username}`}>
                        Edit
                      </Button>
                      {/* One's own password is changed from the user menu (the server refuses a self-reset). */}
                      {u.id !== me.id && (
                        <Button size="sm" variant="ghost" icon={<KeyRound className="size-3.5" aria-hidden />} onClick={() => setOpen({ kind: "reset", user: u })} aria-label={`Reset password of ${u.username}`}>
                          Reset password
                        </Button>
                      )}
                      {u.id !== me.id && u.mfa_enabled && (
                        <Button size="sm" variant="ghost" icon={<ShieldOff className="size-3.5" aria-hidden />} loading={resetMfa.isPending && resetMfa.variables === u.id} onClick={() => void resetSecondFactor(u)} aria-label={`Reset MFA of ${u.username}`}>
                          Reset MFA
                        </Button>
                      )}
                      {u.id !== me.id && (
                        <Button size="sm" variant="ghost" className="text-rose-600 hover:bg-rose-50 hover:text-rose-700" icon={<Trash2 className="size-3.5" aria-hidden />} loading={remove.isPending && remove.variables === u.id} onClick={() => void deleteUser(u)} aria-label={`Delete ${u.username}`}>
                          Delete
                        </Button>
                      )}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <LoadMore count={users.length} noun={["user", "users"]} hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
          </>
        )}
      </Card>
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      {open?.kind === "edit" && <EditUserDialog user={open.user} selfId={me.id} onClose={() => setOpen(null)} />}
      {open?.kind === "reset" && <ResetPasswordDialog user={open.user} onClose={() => setOpen(null)} />}
    </>
  );
}
