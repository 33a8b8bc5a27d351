import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { Download, FileClock, Play, X } from "lucide-react";
import { fieldErrors } from "@/api/client";
import type { ReportFormat, ReportJob, ReportJobStatus, ReportKind } from "@/api/types";
import { Badge, Button, buttonClass, Card, EmptyState, ErrorState, Field, Input, LoadingState, Select, Spinner, Table, Td, Th, useToast } from "@/components/ui";
import { formatBytes, formatDate, formatDateTime, plural, timeAgo } from "@/lib/format";
import { dayBound } from "../api/report";
import { isActive, JOB_STATUS_LABELS, KIND_LABELS, reportJobQuery, reportJobsQuery, useStartReportJob } from "../api/reports";

/** What a download answered with a job says: the report is built in the background. */
export const EXPORT_STARTED = "Export started: there are too many tests to answer at once, so the report is built in the background and listed under Exports when it is ready.";

const STATUS_TONES = { queued: "slate", running: "sky", done: "emerald", failed: "rose" } as const;

/** A job's status in words (the colour only repeats them), with a spinner while it is built. */
export function JobStatusBadge({ status }: { status: ReportJobStatus }) {
  return (
    <Badge tone={STATUS_TONES[status]}>
      {isActive(status) && <Spinner className="size-3" />}
      {JOB_STATUS_LABELS[status]}
    </Badge>
  );
}

const formatOf = (job: ReportJob): ReportFormat => job.spec.format ?? "json";
const jobTitle = (job: ReportJob) => `${KIND_LABELS[job.spec.kind]} (${formatOf(job).toUpperCase()})`;

/** A bound's UTC day as a date (at noon, so that no time zone moves it to another day). */
const day = (iso: string) => formatDate(`${iso.slice(0, 10)}T12:00:00Z`);

/** The tests' creation-time range of a job, in words. */
function jobPeriod(job: ReportJob): string {
  const { from, to } = job.spec;
  if (!from && !to) return "All tests";
  return `Tests from ${from ? day(from) : "the start"} to ${to ? day(to) : "now"}`;
}

/** The finished file's size, e.g. "1,204 rows · 310 kB". */
function jobResult(job: ReportJob): string {
  return [typeof job.rows === "number" ? plural(job.rows, "row") : null, typeof job.bytes === "number" ? formatBytes(job.bytes) : null].filter(Boolean).join(" · ");
}

/** The link to a finished job's file (a presigned download, fresh on every read of the job). */
function DownloadLink({ job, size = "sm" }: { job: ReportJob; size?: "sm" | "md" }) {
  if (!job.download_url) return null;
  return (
    <a href={job.download_url} download className={buttonClass("secondary", size)} rel="noopener">
      <Download className="size-3.5" aria-hidden />
      Download<span className="sr-only"> {jobTitle(job)}</span>
    </a>
  );
}

/**
 * The export job a download started (it answered 202): followed until it is done (then its
 * download is offered) or failed (then its error is shown).
 */
export function FollowedExport({ id, onDismiss }: { id: string; onDismiss: () => void }) {
  const job = useQuery(reportJobQuery(id));
  const j = job.data;
  return (
    <div className="flex items-start gap-3 border-b border-slate-100 bg-slate-50 px-5 py-4 text-sm" data-testid="followed-export" data-status={j?.status ?? "loading"}>
      <FileClock className="mt-0.5 size-5 shrink-0 text-indigo-600" aria-hidden />
      <div className="flex-1" role="status">
        <p className="font-medium text-slate-800">{EXPORT_STARTED}</p>
        {job.isError && <p className="mt-1 text-rose-700">Its status could not be read: {job.error.message}</p>}
        {j && (
          <div className="mt-2 flex flex-wrap items-center gap-2 text-slate-700">
            <span>{jobTitle(j)}:</span>
            <JobStatusBadge status={j.status} />
            {isActive(j.status) && <span className="text-xs text-slate-600">This page updates when it is ready; it is also listed under Exports.</span>}
            {j.status === "done" && <span className="text-xs text-slate-600">{jobResult(j)}</span>}
            {j.status === "failed" && <span className="text-rose-700">{j.error ?? "The export failed."}</span>}
          </div>
        )}
        {j?.status === "done" && (
          <div className="mt-3">
            <DownloadLink job={j} size="md" />
          </div>
        )}
      </div>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss the export's status"
        className="rounded p-0.5 text-slate-500 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <X className="size-4" aria-hidden />
      </button>
    </div>
  );
}

const EMPTY_FORM = { kind: "test-results" as ReportKind, format: "csv" as ReportFormat, from: "", to: "" };

/** Starts an export of a report over the tests, whatever its size, for a range of creation days. */
function StartExportForm() {
  const [form, setForm] = useState(EMPTY_FORM);
  const start = useStartReportJob();
  const toast = useToast();
  const backwards = Boolean(form.from && form.to && form.from > form.to);
  // A refusal (422) is told by the error toast, which points to these messages.
  const errors = fieldErrors(start.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (backwards) return;
    start.mutate(
      { kind: form.kind, format: form.format, from: dayBound(form.from, false), to: dayBound(form.to, true) },
      { onSuccess: (job) => toast.success(`Export of ${KIND_LABELS[job.spec.kind].toLowerCase()} as ${formatOf(job).toUpperCase()} started: it is listed below until it is ready.`) },
    );
  };

  return (
    <form className="grid grid-cols-1 items-end gap-3 border-b border-slate-100 p-5 sm:grid-cols-2 lg:grid-cols-5" onSubmit={submit} noValidate aria-label="Start an export">
      <Field id="export-kind" label="Report" error={errors.kind}>
        <Select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as ReportKind })}>
          {(Object.keys(KIND_LABELS) as ReportKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="export-format" label="Format" error={errors.format}>
        <Select value={form.format} onChange={(e) => setForm({ ...form, format: e.target.value as ReportFormat })}>
          <option value="csv">CSV</option>
          <option value="json">JSON</option>
        </Select>
      </Field>
      <Field id="export-from" label="Tests from" error={errors.from}>
        <Input type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
      </Field>
      <Field id="export-to" label="Tests until" error={backwards ? "The end must not be before the start." : errors.to}>
        <Input type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
      </Field>
      <div className="flex lg:justify-end">
        <Button type="submit" icon={<Play className="size-4" aria-hidden />} loading={start.isPending} disabled={backwards || start.isPending}>
          Start export
        </Button>
      </div>
    </form>
  );
}

/**
 * The caller's export jobs of the last day (newest first) with their status, read again while
 * any is queued or running, and a form to start one.
 */
export function ExportJobs() {
  const jobs = useQuery(reportJobsQuery);
  const list = jobs.data ?? [];
  return (
    <Card
      id="exports"
      title="Exports"
      description="Reports over the tests built in the background, kept for a day. Start one for any size, or it starts itself when a download covers too many tests."
      bodyClassName="p-0"
    >
      <StartExportForm />
      {jobs.isLoading && <LoadingState label="Loading exports…" />}
      {jobs.isError && <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {jobs.isSuccess && list.length === 0 && <EmptyState icon={<FileClock className="size-6" aria-hidden />} title="No exports today" description="Exports you start are listed here for a day." />}
      {list.length > 0 && (
        <Table caption="Your exports">
          <thead>
            <tr>
              <Th>Report</Th>
              <Th>Requested</Th>
              <Th>Status</Th>
              <Th>Result</Th>
              <Th className="text-right">
                <span className="sr-only">Download</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.map((j) => (
              <tr key={j.id} data-job={j.id}>
                <Td>
                  <p className="font-medium text-slate-900">{jobTitle(j)}</p>
                  <p className="text-xs text-slate-600">{jobPeriod(j)}</p>
                </Td>
                <Td className="text-xs text-slate-600" title={formatDateTime(j.requested_at)}>
                  {timeAgo(j.requested_at)}
                </Td>
                <Td>
                  <JobStatusBadge status={j.status} />
                </Td>
                <Td className="text-xs">
                  {j.status === "done" && <span className="text-slate-600">{jobResult(j)}</span>}
                  {j.status === "failed" && <span className="text-rose-700">{j.error ?? "The export failed."}</span>}
                  {isActive(j.status) && <span className="text-slate-600">{j.status === "queued" ? "Waiting to start" : `Started ${timeAgo(j.started_at)}`}</span>}
                </Td>
                <Td className="text-right">
                  <DownloadLink job={j} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
