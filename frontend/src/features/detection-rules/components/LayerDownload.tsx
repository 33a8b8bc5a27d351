import { useState } from "react";
import { Download } from "lucide-react";
import { RULE_SOURCE_LABELS, RULE_SOURCES, type RuleSource } from "@/api/defense";
import { Button, Select, useToast } from "@/components/ui";
import { downloadRulesLayer } from "../api/rules";

/** Downloads the rules of one source (or all) as an ATT&CK Navigator layer. */
export function LayerDownload({ initial = "" }: { initial?: RuleSource | "" }) {
  const [source, setSource] = useState<RuleSource | "">(initial);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const download = async () => {
    setBusy(true);
    try {
      toast.success(`Navigator layer downloaded (${await downloadRulesLayer(source)})`);
    } catch (e) {
      toast.problem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="layer-source" className="text-sm text-slate-600">
        Layer of
      </label>
      <Select id="layer-source" value={source} onChange={(e) => setSource(e.target.value as RuleSource | "")} className="w-36">
        <option value="">every source</option>
        {RULE_SOURCES.map((s) => (
          <option key={s} value={s}>
            {RULE_SOURCE_LABELS[s]}
          </option>
        ))}
      </Select>
      <Button variant="secondary" icon={<Download className="size-4" aria-hidden />} onClick={() => void download()} loading={busy}>
        Download Navigator layer
      </Button>
    </div>
  );
}
