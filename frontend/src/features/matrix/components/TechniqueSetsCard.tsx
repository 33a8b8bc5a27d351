import { useQuery } from "@tanstack/react-query";
import { Eye, EyeOff, Layers, Trash2 } from "lucide-react";
import type { Role, TechniqueSet } from "@/api/types";
import { can } from "@/auth/permissions";
import { Button, Card, cx, EmptyState, ErrorState, LoadingState, Table, Td, Th, useConfirm, useToast } from "@/components/ui";
import { formatDateTime, formatPercent, formatScore } from "@/lib/format";
import { COVERAGE_ORDER, STATUS_LABELS } from "@/lib/heatmap";
import { usePaletteColors } from "@/lib/palette";
import { techniqueSetsQuery, useDeleteTechniqueSet } from "../api/techniqueSets";

function SetCoverageBar({ set }: { set: TechniqueSet }) {
  const colors = usePaletteColors();
  if (set.techniques === 0) return <span className="text-xs text-slate-400">—</span>;
  return (
    <div
      className="flex h-2.5 w-full min-w-28 overflow-hidden rounded-full bg-slate-100"
      role="img"
      aria-label={COVERAGE_ORDER.map((s) => `${STATUS_LABELS[s]} ${set.counts[s] ?? 0}`).join(", ")}
    >
      {COVERAGE_ORDER.map((s) => (
        <span key={s} style={{ width: `${((set.counts[s] ?? 0) / set.techniques) * 100}%`, background: colors.status[s] }} />
      ))}
    </div>
  );
}

/**
 * Imported technique sets under the matrix: coverage of each, show one on the matrix, delete
 * (admin). Importing is in the matrix's toolbar, and so is choosing the set shown.
 */
export function TechniqueSetsCard({ role, activeId, onShow }: { role?: Role; activeId: string; onShow: (id: string) => void }) {
  const sets = useQuery(techniqueSetsQuery);
  const remove = useDeleteTechniqueSet();
  const confirm = useConfirm();
  const toast = useToast();
  const items = sets.data?.items ?? [];

  const deleteSet = async (set: TechniqueSet) => {
    const ok = await confirm({
      title: `Delete “${set.name}”?`,
      consequence: "The set is removed for everyone; coverage and tests are not affected. Import the layer again to bring it back.",
      confirmLabel: "Delete set",
      tone: "danger",
    });
    if (!ok) return;
    remove.mutate(set.id, {
      onSuccess: () => {
        toast.success(`Deleted the technique set “${set.name}”`);
        if (set.id === activeId) onShow("");
      },
    });
  };

  return (
    <Card
      title="Technique sets"
      description="Navigator layers imported as sets (e.g. a threat actor's profile): how much of each is covered. Show one to filter the matrix to it."
      className="mt-6"
      bodyClassName="p-0"
    >
      {sets.isLoading && <LoadingState label="Loading technique sets…" />}
      {sets.isError && <ErrorState error={sets.error} onRetry={() => void sets.refetch()} />}
      {sets.data && items.length === 0 && (
        <EmptyState
          icon={<Layers className="size-6" aria-hidden />}
          title="No technique sets yet"
          description={can.importTechniqueSet(role) ? "Import an ATT&CK Navigator layer (Import layer, above the matrix) to compare coverage against it." : "Leads can import ATT&CK Navigator layers to compare coverage against."}
        />
      )}
      {items.length > 0 && (
        <Table caption="Technique sets">
          <thead>
            <tr>
              <Th>Set</Th>
              <Th className="text-right">Techniques</Th>
              <Th>Coverage</Th>
              <Th className="text-right">Validated</Th>
              <Th className="text-right">Score</Th>
              <Th>Imported</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((s) => {
              const active = s.id === activeId;
              return (
                <tr key={s.id} data-set={s.name} className={cx(active ? "bg-indigo-50/60" : "hover:bg-slate-50")} aria-current={active || undefined}>
                  <Td>
                    <p className="font-medium text-slate-800">{s.name}</p>
                    {s.description && <p className="line-clamp-1 max-w-md text-xs text-slate-500" title={s.description}>{s.description}</p>}
                    {s.unknown.length > 0 && (
                      <p className="text-xs text-amber-700" title={s.unknown.join(", ")}>
                        {s.unknown.length} id{s.unknown.length === 1 ? "" : "s"} not in the catalog
                      </p>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">{s.techniques}</Td>
                  <Td className="w-1/5">
                    <SetCoverageBar set={s} />
                  </Td>
                  <Td className="text-right tabular-nums">{formatPercent(s.coverage_pct)}</Td>
                  <Td className="text-right tabular-nums">{formatScore(s.score)}</Td>
                  <Td className="text-xs whitespace-nowrap text-slate-500">
                    {formatDateTime(s.created_at)}
                    <span className="block">by {s.created_by}</span>
                  </Td>
                  <Td className="text-right whitespace-nowrap">
                    <Button
                      size="sm"
                      variant={active ? "secondary" : "ghost"}
                      icon={active ? <EyeOff className="size-3.5" aria-hidden /> : <Eye className="size-3.5" aria-hidden />}
                      aria-pressed={active}
                      aria-label={active ? `Stop showing ${s.name} on the matrix` : `Show ${s.name} on the matrix`}
                      onClick={() => onShow(active ? "" : s.id)}
                    >
                      {active ? "Shown" : "Show"}
                    </Button>
                    {can.deleteTechniqueSet(role) && (
                      <Button size="sm" variant="ghost" icon={<Trash2 className="size-3.5" aria-hidden />} aria-label={`Delete ${s.name}`} loading={remove.isPending && remove.variables === s.id} onClick={() => void deleteSet(s)} className="text-rose-700 hover:text-rose-800" />
                    )}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
