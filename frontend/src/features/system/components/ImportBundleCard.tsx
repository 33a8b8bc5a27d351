import { useRef, useState } from "react";
import { FileUp } from "lucide-react";
import type { SyncRun } from "@/api/types";
import type { UploadProgress } from "@/api/upload";
import { UploadProgressBar } from "@/components/UploadProgressBar";
import { Button, Card, Field, useToast } from "@/components/ui";
import { formatBytes } from "@/lib/format";
import { useUploadBundle } from "../api/uploads";
import { BUNDLE_ACCEPT, bundleFileProblem, fileErrors } from "./bundleUpload";
import { RunStatusBadge } from "@/components/RunStatusBadge";
import { SyncErrorText } from "@/components/SyncErrorText";

/** The run an upload started, followed through the polled run list. */
function StartedRun({ runId, runs }: { runId: string; runs: SyncRun[] }) {
  const run = runs.find((r) => r.run_id === runId);
  const c = run?.counts;
  return (
    <div
      className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700"
      data-testid="import-run"
      data-run-id={runId}
      data-status={run?.status ?? "starting"}
      aria-live="polite"
    >
      <div className="flex items-center justify-between gap-2">
        <span>
          Import run <span className="font-mono text-xs">{runId.slice(0, 8)}</span>
        </span>
        {run ? <RunStatusBadge status={run.status} /> : <span className="text-xs text-slate-500">Starting…</span>}
      </div>
      {run?.status === "succeeded" && c && (
        <p className="mt-1 text-xs text-slate-500">
          ATT&CK {run.attack_version ?? "—"}: {c.added} added, {c.updated} updated, {c.deprecated} deprecated, {c.revoked} revoked, {c.unchanged} unchanged
        </p>
      )}
      {run?.error && <SyncErrorText error={run.error} className="mt-1" />}
    </div>
  );
}

/**
 * Imports an ATT&CK STIX bundle of any size (up to 200 MB): the browser hashes it, puts it
 * straight into storage with a progress bar, and the server verifies it and starts the run.
 */
export function ImportBundleCard({ runs, running }: { runs: SyncRun[] | undefined; running: boolean }) {
  const upload = useUploadBundle();
  const toast = useToast();
  const input = useRef<HTMLInputElement>(null);
  const [bundle, setBundle] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [sent, setSent] = useState<{ name: string; runId: string } | null>(null);
  const problem = bundle ? bundleFileProblem(bundle) : null;
  const fileError = problem ?? fileErrors(upload.error);

  const pick = (file: File | undefined) => {
    setBundle(file ?? null);
    setProgress(null);
    setSent(null);
    upload.reset();
  };

  const start = () => {
    if (!bundle || problem) return;
    const file = bundle;
    upload.mutate(
      { file, onProgress: setProgress },
      {
        onSuccess: (r) => {
          toast.success(`Import of ${file.name} started (run ${r.run_id.slice(0, 8)})`);
          setSent({ name: file.name, runId: r.run_id });
          setBundle(null);
          if (input.current) input.current.value = "";
        },
        onError: () => setProgress(null),
      },
    );
  };

  const shownName = bundle?.name ?? sent?.name ?? "";
  return (
    <Card
      id="import-bundle"
      title="Import a STIX bundle"
      description="An ATT&CK STIX 2.x bundle instead of a download; large files are uploaded straight to storage and verified"
    >
      <div className="flex flex-col gap-3">
        <Field id="bundle-file" label="Bundle file" error={fileError} hint="A .json, .json.gz or .gz file of up to 200 MB">
          <input
            id="bundle-file"
            ref={input}
            type="file"
            accept={BUNDLE_ACCEPT}
            aria-describedby={fileError ? "bundle-file-error" : "bundle-file-hint"}
            aria-invalid={Boolean(fileError) || undefined}
            disabled={upload.isPending}
            onChange={(e) => pick(e.target.files?.[0])}
            className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
          />
        </Field>
        {bundle && !problem && <p className="text-xs text-slate-500">{formatBytes(bundle.size)}</p>}
        {progress && shownName && (
          <UploadProgressBar
            progress={progress}
            filename={shownName}
            done={sent ? `Uploaded ${sent.name}, checksum verified` : undefined}
          />
        )}
        {sent && <StartedRun runId={sent.runId} runs={runs ?? []} />}
        <div>
          <Button
            icon={<FileUp className="size-4" aria-hidden />}
            disabled={!bundle || Boolean(problem) || running}
            loading={upload.isPending}
            onClick={start}
          >
            Import bundle
          </Button>
          {running && bundle && <p className="mt-1 text-xs text-slate-500">A sync is running; import once it has finished.</p>}
        </div>
      </div>
    </Card>
  );
}
