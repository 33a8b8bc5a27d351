import { Undo2 } from "lucide-react";
import type { SyncRun } from "@/api/types";
import { Badge, Button, Card, Table, Td, Th, useConfirm, useToast } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { useRevertRepoint } from "../api/system";
import { repointRows, type Repoint } from "./repoints";

/**
 * When ATT&CK revokes a technique, the sync moves the tests, custom actor mappings and review
 * mark on it to the replacement. This lists every such move of the recent runs and lets an
 * admin move one back, e.g. when the replacement is not what the team validated.
 */
export function RepointsCard({ runs }: { runs: SyncRun[] }) {
  const rows = repointRows(runs);
  const revert = useRevertRepoint();
  const toast = useToast();
  const confirm = useConfirm();
  if (rows.length === 0) return null;

  const revertMove = async (run: SyncRun, r: Repoint) => {
    const ok = await confirm({
      title: `Move back from ${r.to} to ${r.from}?`,
      consequence: `The tests still on ${r.to} go back to ${r.from}, which ATT&CK has revoked, each with a history entry naming you; the actor mappings go back too, and a review mark the sync copied is deleted.`,
      confirmLabel: "Revert move",
    });
    if (ok) revert.mutate({ runId: run.run_id, from: r.from }, { onSuccess: () => toast.success(`Moved back from ${r.to} to ${r.from}`) });
  };
  return (
    <Card
      title="Re-pointed techniques"
      description="User data moved from revoked techniques to their replacements by the sync; revert a move to put it back"
      className="xl:col-span-3"
      bodyClassName="p-0"
    >
      <Table caption="Re-pointed techniques">
        <thead>
          <tr>
            <Th>Run</Th>
            <Th>From (revoked)</Th>
            <Th>To</Th>
            <Th className="text-right">Tests</Th>
            <Th className="text-right">Actor mappings</Th>
            <Th>Review mark</Th>
            <Th>State</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(({ run, repoint: r }) => (
            <tr key={`${run.run_id}-${r.from}`} data-repoint={r.from}>
              <Td className="text-xs whitespace-nowrap">
                {formatDateTime(run.started_at)}
                {run.attack_version && <span className="block text-slate-500">ATT&CK {run.attack_version}</span>}
              </Td>
              <Td className="font-mono text-xs">{r.from}</Td>
              <Td className="font-mono text-xs">{r.to}</Td>
              <Td className="text-right text-xs tabular-nums">{r.tests_moved?.length ?? 0}</Td>
              <Td className="text-right text-xs tabular-nums">{r.mappings_moved.length}</Td>
              <Td className="text-xs">{r.review_moved ? "copied" : "—"}</Td>
              <Td>
                {r.reverted_at ? (
                  <Badge tone="slate">
                    Reverted {formatDateTime(r.reverted_at)}
                    {r.reverted_by ? ` by ${r.reverted_by}` : ""}
                  </Badge>
                ) : (
                  <Badge tone="indigo">Moved</Badge>
                )}
              </Td>
              <Td className="text-right">
                {!r.reverted_at && (
                  <Button
                    size="sm"
                    variant="secondary"
                    icon={<Undo2 className="size-3.5" aria-hidden />}
                    loading={revert.isPending && revert.variables?.from === r.from && revert.variables.runId === run.run_id}
                    aria-label={`Revert the move from ${r.from} to ${r.to}`}
                    onClick={() => void revertMove(run, r)}
                  >
                    Revert
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
