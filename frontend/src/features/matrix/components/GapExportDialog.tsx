import { useState, type FormEvent } from "react";
import { Download } from "lucide-react";
import { useTacticName } from "@/api/tactics";
import { Button, Dialog, Field, Select, useToast } from "@/components/ui";
import { exportGaps, type GapFilters, type GapFormat } from "../api/techniqueSets";

/** Downloads the techniques not covered or only partially covered, as a Navigator layer or CSV. */
export function GapExportDialog({
  open,
  onClose,
  filters,
  setName,
  actorName,
  statusIgnored,
}: {
  open: boolean;
  onClose: () => void;
  filters: GapFilters;
  /** Name of the active technique set, to say what the export is limited to. */
  setName?: string;
  /** Name of the threat actor filtered to ("APT29"), shown instead of its id. */
  actorName?: string;
  /** A coverage filter is active: a gap export lists gaps whatever it is. */
  statusIgnored: boolean;
}) {
  const [format, setFormat] = useState<GapFormat>("layer");
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const tacticName = useTacticName();
  const applied = [
    filters.platform && `platform ${filters.platform}`,
    filters.threat_actor && `threat actor ${actorName ?? filters.threat_actor}`,
    filters.tactic && `tactic ${tacticName(filters.tactic)}`,
    filters.technique_set && `technique set ${setName ?? filters.technique_set}`,
  ].filter(Boolean);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const name = await exportGaps(filters, format);
      toast.success(`Gaps downloaded (${name})`);
      onClose();
    } catch (err) {
      toast.problem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} size="sm" title="Export coverage gaps" description="Techniques not covered or only partially covered (logged, not alerted).">
      <form className="flex flex-col gap-4" onSubmit={(e) => void submit(e)} aria-label="Export coverage gaps">
        <Field id="gap-format" label="Format">
          <Select value={format} onChange={(e) => setFormat(e.target.value as GapFormat)} data-autofocus>
            <option value="layer">ATT&CK Navigator layer (JSON)</option>
            <option value="csv">Spreadsheet (CSV)</option>
          </Select>
        </Field>
        <p className="text-sm text-slate-600">
          {applied.length > 0 ? `Only techniques for ${applied.join(" and ")}.` : "Every technique of the matrix."}
          {statusIgnored && " The coverage filter does not apply: a gap export lists what is not covered or only partially."}
        </p>
        <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" icon={<Download className="size-4" aria-hidden />} loading={busy}>
            Download gaps
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
