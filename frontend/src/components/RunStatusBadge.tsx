import type { RunStatus } from "@/api/types";
import { Badge, Spinner } from "./ui";

export function RunStatusBadge({ status }: { status: RunStatus | null | undefined }) {
  if (!status) return <span className="text-xs text-slate-500">Never run</span>;
  if (status === "running")
    return (
      <Badge tone="sky">
        <Spinner className="size-3" /> Running
      </Badge>
    );
  return <Badge tone={status === "succeeded" ? "emerald" : "rose"}>{status === "succeeded" ? "Succeeded" : "Failed"}</Badge>;
}
