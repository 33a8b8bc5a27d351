import { Power, PowerOff, X } from "lucide-react";
import type { TemplateFilterBody } from "@/api/content";
import { Button, useConfirm, useToast } from "@/components/ui";
import { plural } from "@/lib/format";
import { useBulkActivate } from "../api/templates";

/**
 * Switching templates on or off for leads and admin: the selected ones, or every template
 * matching the list's filters (`filter`). Changing all matching asks first, naming how many.
 */
export function BulkBar({
  selected,
  total,
  filter,
  onClear,
}: {
  selected: readonly string[];
  total: number | undefined;
  filter: TemplateFilterBody;
  onClear: () => void;
}) {
  const bulk = useBulkActivate();
  const confirm = useConfirm();
  const toast = useToast();

  const applySelected = (active: boolean) =>
    bulk.mutate(
      { ids: [...selected], active },
      {
        onSuccess: (r) => {
          toast.success(`${plural(r.updated, "template")} ${active ? "activated" : "deactivated"}`);
          onClear();
        },
      },
    );

  const applyMatching = async (active: boolean) => {
    const ok = await confirm({
      title: `${active ? "Activate" : "Deactivate"} every matching template?`,
      consequence: `${total === undefined ? "Every template" : plural(total, "template")} matching the filters ${
        active ? "will be offered" : "will no longer be offered"
      } when tests are created. Tests already created are not changed.`,
      confirmLabel: `${active ? "Activate" : "Deactivate"} all matching`,
      tone: active ? "primary" : "danger",
    });
    if (!ok) return;
    bulk.mutate(
      { filter, active },
      {
        onSuccess: (r) => {
          toast.success(`${plural(r.updated, "template")} ${active ? "activated" : "deactivated"}`);
          onClear();
        },
      },
    );
  };

  const n = selected.length;
  return (
    <div role="region" aria-label="Activate or deactivate templates" className="flex flex-wrap items-center justify-between gap-3 border-b border-indigo-100 bg-indigo-50/70 px-4 py-2.5 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-indigo-900" aria-live="polite">
          {n > 0 ? `${plural(n, "template")} selected` : "Select templates to change them"}
        </span>
        {n > 0 && (
          <>
            <Button size="sm" variant="secondary" icon={<Power className="size-3.5" aria-hidden />} disabled={bulk.isPending} onClick={() => applySelected(true)}>
              Activate selected
            </Button>
            <Button size="sm" variant="secondary" icon={<PowerOff className="size-3.5" aria-hidden />} disabled={bulk.isPending} onClick={() => applySelected(false)}>
              Deactivate selected
            </Button>
            <Button size="sm" variant="ghost" icon={<X className="size-3.5" aria-hidden />} onClick={onClear}>
              Clear selection
            </Button>
          </>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-slate-600">All {total === undefined ? "" : plural(total, "match", "matches")}:</span>
        <Button
          size="sm"
          variant="ghost"
          disabled={bulk.isPending || total === 0}
          onClick={() => void applyMatching(true)}
        >
          Activate all matching
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={bulk.isPending || total === 0}
          onClick={() => void applyMatching(false)}
        >
          Deactivate all matching
        </Button>
      </div>
    </div>
  );
}
