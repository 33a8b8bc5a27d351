import { useRef, useState } from "react";
import { FileUp } from "lucide-react";
import type { DataSource } from "@/api/content";
import type { UploadProgress } from "@/api/upload";
import { UploadProgressBar } from "@/components/UploadProgressBar";
import { Button, Field, useToast } from "@/components/ui";
import { formatBytes } from "@/lib/format";
import { useImportArchive } from "../api/imports";
import { ARCHIVE_ACCEPT, archiveErrors, archiveProblem, importRoute } from "./archiveUpload";

/**
 * Imports an archive (zip, tar.gz) or file the user brings instead of the source's URL. Up to
 * 5 MB it is the request body; larger files go straight to storage with a progress bar. The run
 * it starts is handed to `onStarted`, which follows it.
 */
export function ArchiveUpload({ source, disabled, onStarted }: { source: DataSource; disabled: boolean; onStarted: (runId: string) => void }) {
  const upload = useImportArchive(source);
  const toast = useToast();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const problem = file ? archiveProblem(file) : null;
  const fileError = problem ?? archiveErrors(upload.error);
  const id = `source-${source.id}-file`;

  const pick = (f: File | undefined) => {
    setFile(f ?? null);
    setProgress(null);
    setSent(null);
    upload.reset();
  };

  const start = () => {
    if (!file || problem) return;
    const chosen = file;
    upload.mutate(
      { file: chosen, onProgress: setProgress },
      {
        onSuccess: (r) => {
          toast.success(`Import of ${chosen.name} into ${source.name} started`);
          setSent(chosen.name);
          setFile(null);
          if (input.current) input.current.value = "";
          onStarted(r.run_id);
        },
        onError: () => setProgress(null),
      },
    );
  };

  const shownName = file?.name ?? sent ?? "";
  return (
    <div className="flex flex-col gap-2">
      <Field
        id={id}
        label="Upload an archive"
        error={fileError}
        hint="The source's own layout as a .zip, .tar.gz or .tar (or one data file), up to 200 MB: up to 5 MB is sent directly, larger files go straight to storage"
      >
        <input
          id={id}
          ref={input}
          type="file"
          accept={ARCHIVE_ACCEPT}
          aria-describedby={fileError ? `${id}-error` : `${id}-hint`}
          aria-invalid={Boolean(fileError) || undefined}
          disabled={upload.isPending}
          onChange={(e) => pick(e.target.files?.[0])}
          className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
        />
      </Field>
      {file && !problem && (
        <p className="text-xs text-slate-500">
          {formatBytes(file.size)}, {importRoute(file) === "direct" ? "sent directly" : "uploaded to storage"}
        </p>
      )}
      {progress && shownName && <UploadProgressBar progress={progress} filename={shownName} done={sent ? `Uploaded ${sent}` : undefined} />}
      <div>
        <Button
          variant="secondary"
          icon={<FileUp className="size-4" aria-hidden />}
          disabled={!file || Boolean(problem) || disabled}
          loading={upload.isPending}
          onClick={start}
        >
          Import file
        </Button>
        {disabled && file && <p className="mt-1 text-xs text-slate-500">A run is in progress; import once it has finished.</p>}
      </div>
    </div>
  );
}
