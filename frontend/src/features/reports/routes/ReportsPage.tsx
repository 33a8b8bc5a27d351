import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, FileSpreadsheet, FileJson, Printer } from "lucide-react";
import type { Coverage } from "@/api/types";
import { Button, Card, ErrorState, LinkButton, LoadingState, PageHeader, Table, Td, Th, useToast } from "@/components/ui";
import { formatDateTime, formatPercent, formatScore } from "@/lib/format";
import { COVERAGE_ORDER, STATUS_LABELS } from "@/lib/heatmap";
import { usePaletteColors } from "@/lib/palette";
import { coverageSummaryQuery, downloadReport, REPORT_JOBS_KEY, REPORTS, type ReportDownload } from "../api/reports";
import { ExportJobs, FollowedExport } from "../components/ExportJobs";

/** A tactic's techniques by status: the bar, and the same counts in words (never colour alone). */
function CoverageBar({ counts, total }: { counts: Record<string, number>; total: number }) {
  const colors = usePaletteColors();
  if (total === 0) return <span className="text-xs text-slate-600">—</span>;
  const words = COVERAGE_ORDER.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${counts[s]} ${STATUS_LABELS[s].toLowerCase()}`);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex h-2.5 w-full min-w-32 overflow-hidden rounded-full bg-slate-100" aria-hidden>
        {COVERAGE_ORDER.map((s) => (
          <span key={s} style={{ width: `${((counts[s] ?? 0) / total) * 100}%`, background: colors.status[s] }} />
        ))}
      </div>
      <span className="text-xs text-slate-600">{words.join(" · ")}</span>
    </div>
  );
}

export default function ReportsPage() {
  const summary = useQuery(coverageSummaryQuery);
  const toast = useToast();
  const qc = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  // The export job the last download started (it answered 202), followed above the downloads.
  const [followed, setFollowed] = useState<string | null>(null);

  const download = async (r: ReportDownload) => {
    setBusy(r.id);
    try {
      const outcome = await downloadReport(r);
      if ("saved" in outcome) {
        toast.success(`Downloaded ${outcome.saved}`);
      } else {
        setFollowed(outcome.job.id);
        void qc.invalidateQueries({ queryKey: REPORT_JOBS_KEY, exact: true });
      }
    } catch (e) {
      toast.problem(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader
        title="Reports"
        description="Coverage summary and exports for audits, leadership and other tools."
        actions={
          <LinkButton to="/reports/print" icon={<Printer className="size-4" aria-hidden />}>
            Printable report
          </LinkButton>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card
          title="Coverage summary"
          description={summary.data ? `Generated ${formatDateTime(summary.data.generated_at)} · ATT&CK ${summary.data.attack_version ?? "—"}` : undefined}
          className="xl:col-span-2"
          bodyClassName="p-0"
        >
          {summary.isLoading && <LoadingState />}
          {summary.isError && <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />}
          {summary.data && (
            <>
              <div className="grid grid-cols-2 gap-4 border-b border-slate-100 p-5 sm:grid-cols-4">
                <div>
                  <p className="text-xs text-slate-600 uppercase">Score</p>
                  <p className="text-xl font-semibold">{formatScore(summary.data.org_score)}</p>
                </div>
                <div>
                  <p className="text-xs text-slate-600 uppercase">Coverage</p>
                  <p className="text-xl font-semibold">{formatPercent(summary.data.coverage_pct)}</p>
                </div>
                {(["validated", "not_covered"] as Coverage[]).map((s) => (
                  <div key={s}>
                    <p className="text-xs text-slate-600 uppercase">{STATUS_LABELS[s]}</p>
                    <p className="text-xl font-semibold">{summary.data.counts[s] ?? 0}</p>
                  </div>
                ))}
              </div>
              <Table caption="Coverage by tactic">
                <thead>
                  <tr>
                    <Th>Tactic</Th>
                    <Th className="text-right">Techniques</Th>
                    <Th>Coverage</Th>
                    <Th className="text-right">Score</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {summary.data.by_tactic.map((t) => (
                    <tr key={t.tactic}>
                      <Td className="font-medium">{t.name}</Td>
                      <Td className="text-right tabular-nums">{t.techniques}</Td>
                      <Td className="w-1/3">
                        <CoverageBar counts={t.counts} total={t.techniques} />
                      </Td>
                      <Td className="text-right tabular-nums">{formatScore(t.score)}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          )}
        </Card>
        <Card title="Downloads" bodyClassName="p-0">
          {followed && <FollowedExport id={followed} onDismiss={() => setFollowed(null)} />}
          <ul className="divide-y divide-slate-100">
            {REPORTS.map((r) => (
              <li key={r.id} className="flex items-start gap-3 px-5 py-4">
                {r.format === "csv" ? <FileSpreadsheet className="mt-0.5 size-5 text-emerald-600" aria-hidden /> : <FileJson className="mt-0.5 size-5 text-amber-600" aria-hidden />}
                <div className="flex-1">
                  <p className="text-sm font-medium text-slate-800">{r.title}</p>
                  <p className="text-xs text-slate-600">{r.description}</p>
                </div>
                <Button size="sm" variant="secondary" icon={<Download className="size-3.5" aria-hidden />} loading={busy === r.id} onClick={() => void download(r)}>
                  <span className="sr-only">Download {r.title} as </span>
                  {r.format.toUpperCase()}
                </Button>
              </li>
            ))}
          </ul>
        </Card>
        <div className="xl:col-span-3">
          <ExportJobs />
        </div>
      </div>
    </>
  );
}
