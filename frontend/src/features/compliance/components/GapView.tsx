import { useState } from "react";
import { Link } from "react-router";
import { Download } from "lucide-react";
import type { GapReport } from "@/api/defense";
import { Button, StatCard, Table, Td, Th, useToast } from "@/components/ui";
import { downloadGapsCsv } from "../api/compliance";
import { formatCoverage, sortWorstFirst, summaryWords } from "../model/gaps";
import { CoverageBar } from "./CoverageBar";

/** The gap analysis: the summary, then every control worst first with what leaves it uncovered. */
export function GapView({ report, family }: { report: GapReport; family: string }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const controls = sortWorstFirst(report.controls);
  const download = async () => {
    setBusy(true);
    try {
      toast.success(`Gap analysis downloaded (${await downloadGapsCsv(report.framework_id, family)})`);
    } catch (e) {
      toast.problem(e);
    } finally {
      setBusy(false);
    }
  };
  const s = report.summary;
  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <StatCard label="Coverage" value={formatCoverage(s.coverage_pct)} hint={`of ${s.techniques} distinct techniques`} accent="indigo" />
        <StatCard label="Controls" value={s.controls} hint={family ? `in family ${family}` : "in the framework"} accent="slate" />
        <StatCard label="Fully covered" value={s.fully_covered} hint="controls at 100%" accent="emerald" />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700" data-testid="gap-summary">
          {summaryWords(s)}. Worst first: lowest coverage, then most techniques uncovered.
        </p>
        <Button variant="secondary" icon={<Download className="size-4" aria-hidden />} onClick={() => void download()} loading={busy}>
          Download CSV
        </Button>
      </div>
      <div className="rounded-xl border border-slate-200 bg-white shadow-sm">
        <Table caption="Gap analysis, worst first">
          <thead>
            <tr>
              <Th>Control</Th>
              <Th className="w-96">Coverage</Th>
              <Th>Uncovered techniques</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {controls.map((g) => (
              <tr key={g.control_id} data-gap-control={g.control_id}>
                <Td className="align-top">
                  <Link to={`/compliance/${encodeURIComponent(report.framework_id)}/controls/${encodeURIComponent(g.control_id)}`} className="text-indigo-700 hover:underline">
                    <span className="font-mono text-xs font-semibold">{g.control_id}</span> {g.name}
                  </Link>
                  {g.family && <span className="block text-xs text-slate-500">Family {g.family}</span>}
                </Td>
                <Td className="align-top">
                  <CoverageBar gap={g} />
                </Td>
                <Td className="align-top">
                  {g.uncovered.length === 0 ? (
                    <span className="text-xs text-slate-500">None</span>
                  ) : (
                    <ul className="flex flex-wrap gap-1" aria-label={`Uncovered techniques of ${g.control_id}`}>
                      {g.uncovered.map((t) => (
                        <li key={t}>
                          <Link to={`/techniques/${t}`} className="rounded bg-rose-50 px-1.5 py-0.5 font-mono text-xs text-rose-800 hover:underline">
                            {t}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </div>
  );
}
