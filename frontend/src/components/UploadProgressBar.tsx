import type { UploadProgress } from "@/api/upload";
import { cx } from "./ui";

const STAGE_TEXT: Record<UploadProgress["stage"], string> = {
  hashing: "Computing the SHA-256 of",
  uploading: "Uploading",
  verifying: "Verifying",
};

/** The progress of an upload through a slot: its stage, the file and the percentage sent. */
export function UploadProgressBar({
  progress,
  filename,
  done,
  className,
}: {
  progress: UploadProgress;
  filename: string;
  /** Shown instead of the stage once the server accepted the file. */
  done?: string;
  className?: string;
}) {
  const text = done ?? `${STAGE_TEXT[progress.stage]} ${filename}${progress.stage === "uploading" ? "" : "…"}`;
  return (
    <div className={className} data-stage={done ? "done" : progress.stage}>
      <div className="mb-1 flex justify-between gap-3 text-xs text-slate-500">
        <span className="min-w-0 break-words">{text}</span>
        <span className="tabular-nums">{progress.percent}%</span>
      </div>
      <div
        role="progressbar"
        aria-label="Upload progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
        aria-valuetext={`${progress.percent}% – ${text}`}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={cx("h-full rounded-full transition-[width]", done ? "bg-emerald-600" : "bg-indigo-600")}
          style={{ width: `${progress.percent}%` }}
        />
      </div>
    </div>
  );
}
