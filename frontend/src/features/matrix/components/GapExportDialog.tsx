import { useState, type FormEvent } from "react";
import { Download } from "lucide-react";
import { errorMessage } from "@/api/client";
import { Button, Dialog, Field, Select, useToast } from "@/components/ui";
import { exportGaps, type GapFormat } from "../api/techniqueSets";

/** Downloads the techniques not covered or only partially covered, as a Navigator layer or CSV. */
export function GapExportDialog({
  open,
  onClose,
  platform,
  threatActor,
  ignored,
}: {
  open: boolean;
  onClose: () => void;
  platform: string;
  threatActor: string;
  /** Names of active matrix filters the gap export does not take. */
  ignored: string[];
}) {
  const [format, setFormat] = useState<GapFormat>("layer");
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const applied = [platform && `platform ${platform}`, threatActor && `threat actor ${threatActor}`].filter(Boolean);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const name = await exportGaps({ platform, threat_actor: threatActor }, format);
      toast.success(`Gaps downloaded (${name})`);
      onClose();
    } catch (err) {
      toast.error(errorMessage(err));
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
          {ignored.length > 0 && ` The ${ignored.join(", ")} filter${ignored.length === 1 ? " does" : "s do"} not apply to gap exports.`}
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
