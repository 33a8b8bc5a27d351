import { useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Download, FileText, Trash2, Upload } from "lucide-react";
import type { Evidence, Role, Side, TestDetail } from "@/api/types";
import type { UploadProgress } from "@/api/upload";
import { can } from "@/auth/permissions";
import { UploadProgressBar } from "@/components/UploadProgressBar";
import { Badge, Button, Card, EmptyState, ErrorState, LoadingState, Select, useConfirm, useToast } from "@/components/ui";
import { formatBytes, formatDateTime } from "@/lib/format";
import { evidenceDownloadLink, evidenceQuery, useDeleteEvidence, useUploadEvidence } from "../api/evidence";

const MAX_BYTES = 50 * 1024 * 1024;
const ACCEPT = ".txt,.log,.json,.xml,.csv,.md,.html,.yaml,.yml,.pdf,.png,.jpg,.jpeg,.gif,.pcap,.pcapng,.evtx,.zip,.gz,.7z,.har,.eml";

export function EvidencePanel({ test, role, username }: { test: TestDetail; role: Role; username: string }) {
  const list = useQuery(evidenceQuery(test.id));
  const upload = useUploadEvidence(test.id);
  const remove = useDeleteEvidence(test.id);
  const toast = useToast();
  const confirm = useConfirm();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [file, setFile] = useState<File | null>(null);
  // Where the caller may add evidence now, as the server says (own team, the side's working
  // state, assigned to them or unassigned). One side at a time in practice; a choice otherwise.
  const sides = test.evidence_sides;
  const [chosen, setChosen] = useState<Side | null>(null);
  const side = chosen && sides.includes(chosen) ? chosen : (sides[0] ?? null);

  const start = () => {
    if (!file || !side) return;
    if (file.size > MAX_BYTES) {
      toast.error(`${file.name} is larger than the 50 MB limit`);
      return;
    }
    upload.mutate(
      { file, side, onProgress: setProgress },
      {
        onSuccess: (ev) => {
          toast.success(`Uploaded ${ev.filename} (${formatBytes(ev.size_bytes)}), checksum verified`);
          setFile(null);
          if (input.current) input.current.value = "";
        },
        onSettled: () => setProgress(null),
      },
    );
  };

  const download = async (ev: Evidence) => {
    try {
      const link = await evidenceDownloadLink(test.id, ev.id);
      window.open(link.url, "_blank", "noopener");
    } catch (e) {
      toast.problem(e);
    }
  };

  const deleteEvidence = async (ev: Evidence) => {
    const ok = await confirm({
      title: "Delete evidence?",
      consequence: `${ev.filename} will be removed from the test. This is recorded in the audit log.${
        role === "admin" && ev.uploaded_by !== username ? ` It was uploaded by ${ev.uploaded_by}.` : ""
      }`,
      confirmLabel: "Delete evidence",
      tone: "danger",
    });
    if (ok) remove.mutate(ev.id, { onSuccess: () => toast.success(`Deleted ${ev.filename}`) });
  };

  const items = list.data?.items ?? [];
  return (
    <Card id="evidence" title="Evidence" description="Files are checked against their SHA-256 after upload" bodyClassName="p-0">
      {side && (
        <div className="border-b border-slate-100 p-4">
          <div className="flex flex-wrap items-end gap-3">
            <div className="min-w-0 flex-1">
              <label htmlFor="evidence-file" className="text-sm font-medium text-slate-700">
                Add {side} team evidence
              </label>
              {sides.length > 1 && (
                <Select aria-label="Evidence side" className="mt-1.5 max-w-40" value={side} onChange={(e) => setChosen(e.target.value as Side)}>
                  {sides.map((s) => (
                    <option key={s} value={s}>
                      {s === "red" ? "Red team" : "Blue team"}
                    </option>
                  ))}
                </Select>
              )}
              <input
                id="evidence-file"
                ref={input}
                type="file"
                accept={ACCEPT}
                aria-describedby="evidence-hint"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                className="mt-1.5 block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
              />
              <p id="evidence-hint" className="mt-1 text-xs text-slate-500">
                Up to 50 MB: logs, captures (pcap, evtx), screenshots, documents or archives.
              </p>
            </div>
            <Button icon={<Upload className="size-4" aria-hidden />} disabled={!file} loading={upload.isPending} onClick={start}>
              Upload
            </Button>
          </div>
          {progress !== null && file && <UploadProgressBar progress={progress} filename={file.name} className="mt-3" />}
        </div>
      )}
      {list.isLoading && <LoadingState />}
      {list.isError && <ErrorState error={list.error} />}
      {list.isSuccess && items.length === 0 && <EmptyState title="No evidence yet" description="Red and blue evidence appear here once uploaded and verified." />}
      {items.length > 0 && (
        <ul className="divide-y divide-slate-100" aria-label="Evidence files">
          {items.map((ev) => (
            <li key={ev.id} className="flex items-center gap-3 px-5 py-3">
              <FileText className="size-5 shrink-0 text-slate-500" aria-hidden />
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-slate-800" title={ev.filename}>
                  {ev.filename}
                </p>
                <p className="text-xs text-slate-500">
                  {formatBytes(ev.size_bytes)} · {ev.uploaded_by} · {formatDateTime(ev.uploaded_at)}
                </p>
              </div>
              <Badge tone={ev.side === "red" ? "red" : "blue"}>{ev.side === "red" ? "Red" : "Blue"}</Badge>
              <Button size="sm" variant="secondary" icon={<Download className="size-3.5" aria-hidden />} onClick={() => void download(ev)} aria-label={`Download ${ev.filename}`}>
                Download
              </Button>
              {can.deleteEvidence(role, username, ev, test.state) && (
                <Button size="sm" variant="ghost" icon={<Trash2 className="size-3.5" aria-hidden />} loading={remove.isPending && remove.variables === ev.id} onClick={() => void deleteEvidence(ev)} aria-label={`Delete ${ev.filename}`} />
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
