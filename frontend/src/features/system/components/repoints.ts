import type { SyncRun } from "@/api/types";

export type Repoint = SyncRun["repoints"][number];

/** Every re-point of `runs` (newest run first, then by technique id), with its run. */
export function repointRows(runs: SyncRun[]): { run: SyncRun; repoint: Repoint }[] {
  return [...runs]
    .sort((a, b) => b.started_at.localeCompare(a.started_at))
    .flatMap((run) => [...(run.repoints ?? [])].sort((x, y) => x.from.localeCompare(y.from)).map((repoint) => ({ run, repoint })));
}
