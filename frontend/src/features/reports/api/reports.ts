import { queryOptions } from "@tanstack/react-query";
import { api, downloadFile } from "@/api/client";
import type { CoverageSummary } from "@/api/types";

export const coverageSummaryQuery = queryOptions({
  queryKey: ["dashboard", "coverage-summary"],
  queryFn: ({ signal }) => api<CoverageSummary>("/api/v1/reports/coverage-summary", { signal }),
});

export interface ReportDownload {
  id: string;
  title: string;
  description: string;
  path: string;
  format: "csv" | "json";
  filename: string;
}

export const REPORTS: ReportDownload[] = [
  { id: "coverage-csv", title: "Coverage per technique", description: "Status, score and tests of every technique.", path: "/api/v1/reports/coverage-csv", format: "csv", filename: "aegis-coverage.csv" },
  { id: "results-csv", title: "Test results", description: "Every test with its red and blue outcome and time to detect.", path: "/api/v1/reports/test-results", format: "csv", filename: "aegis-test-results.csv" },
  { id: "results-json", title: "Test results (JSON)", description: "The same results, for other tools.", path: "/api/v1/reports/test-results", format: "json", filename: "aegis-test-results.json" },
  { id: "remediation-csv", title: "Remediation", description: "Remediation steps of approved tests with detection gaps.", path: "/api/v1/reports/remediation", format: "csv", filename: "aegis-remediation.csv" },
  { id: "gaps-layer", title: "Gaps as a Navigator layer", description: "Techniques not covered or only logged, for ATT&CK Navigator.", path: "/api/v1/heatmap/gaps", format: "json", filename: "aegis-gaps-layer.json" },
];

export function downloadReport(r: ReportDownload): Promise<string> {
  return downloadFile(r.path, { format: r.format === "csv" ? "csv" : undefined }, r.filename);
}
