import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, downloadFile, downloadOrAccepted } from "@/api/client";
import type { CoverageSummary, ReportFormat, ReportJob, ReportJobStatus, ReportKind, ReportSpec } from "@/api/types";

export const coverageSummaryQuery = queryOptions({
  queryKey: ["dashboard", "coverage-summary"],
  queryFn: ({ signal }) => api<CoverageSummary>("/api/v1/reports/coverage-summary", { signal }),
});

export interface ReportDownload {
  id: string;
  title: string;
  description: string;
  path: string;
  format: ReportFormat;
  filename: string;
  /** A report over the tests: above the server's threshold it is answered with an export job (202). */
  kind?: ReportKind;
}

export const REPORTS: ReportDownload[] = [
  { id: "coverage-csv", title: "Coverage per technique", description: "Status, score and tests of every technique.", path: "/api/v1/reports/coverage-csv", format: "csv", filename: "aegis-coverage.csv" },
  { id: "results-csv", title: "Test results", description: "Every test with its red and blue outcome and time to detect.", path: "/api/v1/reports/test-results", format: "csv", filename: "aegis-test-results.csv", kind: "test-results" },
  { id: "results-json", title: "Test results (JSON)", description: "The same results, for other tools.", path: "/api/v1/reports/test-results", format: "json", filename: "aegis-test-results.json", kind: "test-results" },
  { id: "remediation-csv", title: "Remediation", description: "Remediation steps of approved tests with detection gaps.", path: "/api/v1/reports/remediation", format: "csv", filename: "aegis-remediation.csv", kind: "remediation" },
  { id: "gaps-layer", title: "Gaps as a Navigator layer", description: "Techniques not covered or only logged, for ATT&CK Navigator.", path: "/api/v1/heatmap/gaps", format: "json", filename: "aegis-gaps-layer.json" },
];

/** A download's outcome: the file saved under `saved`, or the export job the server started instead. */
export type DownloadOutcome = { saved: string } | { job: ReportJob };

/**
 * Downloads `r`. A report over the tests may be answered `202` with an export job (the domain
 * holds more tests than the server builds in a request): then the job is returned to be followed.
 */
export async function downloadReport(r: ReportDownload): Promise<DownloadOutcome> {
  const query = { format: r.format === "csv" ? "csv" : undefined };
  if (!r.kind) return { saved: await downloadFile(r.path, query, r.filename) };
  const outcome = await downloadOrAccepted<ReportJob>(r.path, query, r.filename);
  return "accepted" in outcome ? { job: outcome.accepted } : outcome;
}

const JOBS = "/api/v1/reports/jobs";
export const REPORT_JOBS_KEY = ["reports", "jobs"] as const;

/** How often a job's status is read while it is being built. */
export const JOB_POLL_MS = 2000;
/**
 * How often a finished job is read again: its presigned download is valid five minutes and fresh
 * on every read, so the link shown is never an expired one.
 */
export const DOWNLOAD_REFRESH_MS = 4 * 60_000;

export const isActive = (status: ReportJobStatus): boolean => status === "queued" || status === "running";

/** The poll interval for jobs in these states: quick while one is built, slow while one is downloadable. */
function pollFor(jobs: readonly ReportJob[] | undefined): number | false {
  if (!jobs) return false;
  if (jobs.some((j) => isActive(j.status))) return JOB_POLL_MS;
  return jobs.some((j) => j.download_url) ? DOWNLOAD_REFRESH_MS : false;
}

/** The caller's export jobs of the last day, newest first; read again while any is queued or running. */
export const reportJobsQuery = queryOptions({
  queryKey: REPORT_JOBS_KEY,
  queryFn: ({ signal }) => api<ReportJob[]>(JOBS, { signal }),
  refetchInterval: (query) => pollFor(query.state.data),
});

/** One export job, followed until it is done or failed. */
export const reportJobQuery = (id: string) =>
  queryOptions({
    queryKey: [...REPORT_JOBS_KEY, id],
    queryFn: ({ signal }) => api<ReportJob>(`${JOBS}/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (query) => pollFor(query.state.data ? [query.state.data] : undefined),
  });

/** `POST /reports/jobs`: starts an export whatever the report's size; answered 202 with the job. */
export function useStartReportJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (spec: ReportSpec) => api<ReportJob>(JOBS, { method: "POST", json: spec }),
    meta: { shows: "field-errors" },
    onSuccess: (job) => {
      qc.setQueryData<ReportJob[]>(REPORT_JOBS_KEY, (jobs) => (jobs ? [job, ...jobs.filter((j) => j.id !== job.id)] : jobs));
      return qc.invalidateQueries({ queryKey: REPORT_JOBS_KEY, exact: true });
    },
  });
}

export const KIND_LABELS: Record<ReportKind, string> = { "test-results": "Test results", remediation: "Remediation" };

export const JOB_STATUS_LABELS: Record<ReportJobStatus, string> = { queued: "Queued", running: "Building", done: "Ready", failed: "Failed" };
